import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';

/**
 * A Japanese font for the test pages, from npm (`@fontsource/noto-sans-jp`, a devDependency): the
 * browser from npm has no CJK font and a bare machine has none either, so without it screenshots
 * show boxes. Test-only, never in the production bundle: a route of the browser context answers
 * requests for PREFIX with the files from node_modules, and each page gets the @font-face rules as a
 * constructed style sheet (`document.adoptedStyleSheets`, which a Content-Security-Policy's
 * style-src does not govern). The files are asked for at the page's own origin, so the pane's
 * `font-src 'self'` allows them; pages without an http(s) origin (`setContent`) use FALLBACK_ORIGIN.
 */
const PREFIX = '/__shinchoku-test-font/';
const FALLBACK_ORIGIN = 'https://fonts.shinchoku.test';
const BASE = '__SHINCHOKU_FONT_BASE__';
const FAMILY = 'Noto Sans JP';

const dir = dirname(createRequire(import.meta.url).resolve('@fontsource/noto-sans-jp/package.json'));

/** Fontsource's @font-face rules (one per unicode-range subset) for the regular and bold weights. */
function fontCss(): string {
  const faces = ['400.css', '700.css']
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('\n')
    .replaceAll('url(./files/', `url(${BASE}/files/`);
  // Everything in Noto Sans JP, whatever the page asks for (the pane's Segoe UI/Meiryo, sans-serif).
  return `${faces}\n*, *::before, *::after { font-family: '${FAMILY}', sans-serif !important; }\n`;
}

let css: string | undefined;

/** In the page: adopts the font's style sheet once; true when it was there already. */
function adoptFont({
  text,
  base,
  prefix,
  fallback,
}: {
  text: string;
  base: string;
  prefix: string;
  fallback: string;
}): boolean {
  type Marked = CSSStyleSheet & { shinchokuTestFont?: true };
  if (document.adoptedStyleSheets.some((s) => (s as Marked).shinchokuTestFont)) return true;
  const origin = /^https?:$/.test(location.protocol) ? location.origin : fallback;
  const sheet: Marked = new CSSStyleSheet();
  sheet.replaceSync(text.replaceAll(base, `${origin}${prefix.slice(0, -1)}`));
  sheet.shinchokuTestFont = true;
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  return false;
}

function fontArg() {
  css ??= fontCss();
  return { text: css, base: BASE, prefix: PREFIX, fallback: FALLBACK_ORIGIN };
}

/**
 * Serves the font files and gives every document the context loads the font's style sheet. Pages
 * filled by `page.setContent` get a new document without init scripts: `useTestFont` covers them.
 */
export async function installTestFont(context: BrowserContext): Promise<void> {
  await context.route(
    (url) => url.pathname.startsWith(PREFIX),
    async (route) => {
      const path = new URL(route.request().url()).pathname.slice(PREFIX.length);
      const name = /^files\/(noto-sans-jp-[a-z0-9-]+\.woff2?)$/.exec(path)?.[1];
      if (!name) return route.fulfill({ status: 404, body: 'not found' });
      await route.fulfill({
        status: 200,
        path: join(dir, 'files', name),
        headers: {
          'Content-Type': name.endsWith('.woff2') ? 'font/woff2' : 'font/woff',
          'Access-Control-Allow-Origin': '*',
        },
      });
    },
  );
  await context.addInitScript({ content: `(${adoptFont.toString()})(${JSON.stringify(fontArg())});` });
}

/**
 * Makes sure the page has the font (pages filled by `setContent` lack it), lays the page out so that
 * the subsets its text needs start loading, and waits until they have: call before a screenshot.
 */
export async function useTestFont(page: Page): Promise<void> {
  const has = await page.evaluate(() =>
    document.adoptedStyleSheets.some((s) => (s as { shinchokuTestFont?: true }).shinchokuTestFont),
  );
  if (!has) await page.evaluate(adoptFont, fontArg());
  await page.evaluate(async () => {
    document.body?.getBoundingClientRect();
    await document.fonts.ready;
  });
}
