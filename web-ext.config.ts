import { defineWebExtConfig } from 'wxt';

// `wxt dev` would launch a browser through web-ext, which dies as root without --no-sandbox.
// Load .output/<browser> by hand instead (see README).
export default defineWebExtConfig({ disabled: true });
