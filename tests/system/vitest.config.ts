import { defineProject } from 'vitest/config';

// Security and fault checks through real HTTP against real `wrangler dev` processes (each file
// starts its own on a free port with a fresh state). One file at a time: the machine has 2 cores.
export default defineProject({
  test: {
    name: 'system',
    environment: 'node',
    root: import.meta.dirname,
    include: ['**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 240_000,
    fileParallelism: false,
    // After the unit, worker and add-in projects: fewer processes compete for the 2 cores.
    sequence: { groupOrder: 1 },
  },
});
