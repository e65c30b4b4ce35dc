import { defineProject } from 'vitest/config';

// Pages on paper: the HTML exports printed to PDF by headless Chromium (from npm, @sparticuz/chromium,
// or SHINCHOKU_CHROMIUM's; the test fails, never skips, when it cannot start) and read back page by
// page; the sheet layout's page breaks checked against its row heights. One file at a time.
export default defineProject({
  test: {
    name: 'print',
    environment: 'node',
    root: import.meta.dirname,
    include: ['**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 240_000,
    fileParallelism: false,
    // With the system project, after the unit projects: fewer processes compete for the 2 cores.
    sequence: { groupOrder: 1 },
  },
});
