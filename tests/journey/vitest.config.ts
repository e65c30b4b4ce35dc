import { defineProject } from 'vitest/config';

// The whole journey: the real local worker (as `npm start` starts it) and the production task pane
// in headless Chromium (from npm, @sparticuz/chromium, or SHINCHOKU_CHROMIUM's; the test fails, never
// skips, when it cannot start).
export default defineProject({
  test: {
    name: 'journey',
    environment: 'node',
    root: import.meta.dirname,
    include: ['**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 300_000,
    fileParallelism: false,
    // Last, alone: it rebuilds dist/addin, which the e2e project serves too.
    sequence: { groupOrder: 2 },
  },
});
