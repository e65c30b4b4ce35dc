import { defineConfig } from 'vitest/config';

// One project per part; worker tests run inside workerd (worker/vitest.config.ts),
// add-in tests in Node (addin/vitest.config.ts).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'shared',
          environment: 'node',
          include: ['shared/**/*.test.ts', 'tests/shared/**/*.test.ts', 'scripts/**/*.test.ts'],
        },
      },
      '*/vitest.config.ts',
      // The task pane end to end in headless Chromium against the local worker (tests/e2e/).
      'tests/e2e/vitest.config.ts',
      // Pages on paper: the HTML exports printed by Chromium, the sheet's page breaks (tests/print/).
      'tests/print/vitest.config.ts',
      // Security and faults against real `wrangler dev` processes; the whole journey in Chromium.
      'tests/system/vitest.config.ts',
      'tests/journey/vitest.config.ts',
    ],
  },
});
