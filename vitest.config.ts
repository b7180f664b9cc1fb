import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    include: ['tests/unit/**/*.test.{ts,tsx}'],
    environment: 'happy-dom',
    setupFiles: ['tests/unit/setup.ts'],
    globals: true,
    restoreMocks: true,
    // A timeout, not a speed check (speed is npm run bench's): a few tests do seconds of real work
    // (12,000 stars synced, two tabs starring 500 papers each) and pass 5 s on a loaded 2-core machine.
    testTimeout: 30_000,
  },
});
