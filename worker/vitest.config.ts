import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';

// Worker tests run inside workerd with a real local D1, configured from wrangler.toml.
const root = path.resolve(import.meta.dirname, '..');
// [assets] points at the add-in build; the runtime needs the directory even before the add-in is built.
mkdirSync(path.join(root, 'dist/addin'), { recursive: true });

export default defineConfig({
  plugins: [
    cloudflareTest(async () => ({
      wrangler: { configPath: path.join(root, 'wrangler.toml') },
      miniflare: {
        bindings: {
          TEST_MIGRATIONS: await readD1Migrations(path.join(root, 'worker/migrations')),
          BENCH_ROUTES: '0',
          // wrangler.toml ships none (production); the tests' add-in origin, as `npm start` passes its own.
          ALLOWED_ORIGINS: 'https://localhost:3000',
        },
      },
    })),
  ],
  test: {
    name: 'worker',
    include: ['**/*.test.ts'],
    setupFiles: ['./test/setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
