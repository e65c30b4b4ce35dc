import { type Dirent, existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * The task pane's production build (`npm run build`: vite with addin/vite.config.ts into dist/addin),
 * shared by `npm start` (builds when stale) and the browser tests (always build).
 */
export const BUILT_PANE = 'dist/addin/taskpane.html';
/** What the bundle is made of: a file here newer than the build makes it stale. */
export const PANE_SOURCES = ['addin', 'shared'];

// Tests are never bundled; editing one should not cost a rebuild.
const isTest = (name: string) => /\.test\.tsx?$/.test(name);

/** True as soon as one file under dir (node_modules and tests skipped) was modified after `since`. */
export function hasNewerFile(dir: string, since: number): boolean {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return false;
  }
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'node_modules' && hasNewerFile(full, since)) return true;
    } else if (e.isFile() && !isTest(e.name) && statSync(full).mtimeMs > since) return true;
  }
  return false;
}

/** Missing, or older than any source file: `npm start` must build before serving. */
export function paneBuildIsStale(root: string): boolean {
  const built = path.join(root, BUILT_PANE);
  if (!existsSync(built)) return true;
  const builtAt = statSync(built).mtimeMs;
  return PANE_SOURCES.some((dir) => hasNewerFile(path.join(root, dir), builtAt));
}

/** `npm run build` through vite's API (loaded only when needed: a fresh build costs no import). */
export async function buildPane(root: string): Promise<void> {
  const { build } = await import('vite');
  await build({ configFile: path.join(root, 'addin/vite.config.ts'), logLevel: 'warn' });
}
