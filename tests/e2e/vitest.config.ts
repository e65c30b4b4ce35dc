import { defineProject } from 'vitest/config';

// The task pane end to end: the production build in headless Chromium, an Excel stand-in injected,
// the real local worker (wrangler dev) behind it. Slow to start, so one file, generous timeouts.
export default defineProject({
  test: {
    name: 'e2e',
    environment: 'node',
    root: import.meta.dirname,
    include: ['**/*.e2e.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 240_000,
    fileParallelism: false,
  },
});
