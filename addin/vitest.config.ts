import { defineProject } from 'vitest/config';

// The add-in's application logic and Excel adapter, in plain Node (no browser, no Office).
export default defineProject({
  test: {
    name: 'addin',
    environment: 'node',
    include: ['**/*.test.ts'],
    root: import.meta.dirname,
  },
});
