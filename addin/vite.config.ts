import { resolve } from 'node:path';
import { defineConfig } from 'vite';

// `npm run build`: the task pane and the function file into dist/addin, which the worker serves
// as static assets (wrangler.toml [assets]). Office.js stays a CDN <script>, never bundled.
const here = import.meta.dirname;

export default defineConfig({
  root: here,
  base: '/',
  publicDir: resolve(here, 'public'),
  build: {
    outDir: resolve(here, '../dist/addin'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    reportCompressedSize: true,
    rollupOptions: {
      input: { taskpane: resolve(here, 'taskpane.html'), commands: resolve(here, 'commands.html') },
    },
  },
});
