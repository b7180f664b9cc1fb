export default defineContentScript({
  matches: ['https://huggingface.co/papers*'],
  runAt: 'document_idle',
  main() {
    document.documentElement.dataset.paperdeck = 'ready';
  },
});
