export default defineBackground(() => {
  // The library service is registered here (lib/db + lib/messaging).
});
