import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { renderHtml } from '../render/html.ts';
import type { TableModel } from '../tables/types.ts';
import { browserToLaunch, CHROMIUM_ENV } from './chromium.ts';
import { dataError } from './io.ts';

/**
 * `shinchoku export --format pdf`: the HTML export printed to PDF by headless Chromium, as a
 * browser prints it — the page's print stylesheet cuts the pages (A4 landscape, a block never
 * split, the column header on every page, page numbers). The browser is the one the tests use
 * (chromium.ts: `@sparticuz/chromium` from npm, or SHINCHOKU_CHROMIUM's executable).
 * playwright-core and @sparticuz/chromium are devDependencies, loaded only here; without them the
 * export says how to get them. The npm browser has no Japanese font: the PDF gets Noto Sans JP from
 * `@fontsource/noto-sans-jp` (also a devDependency), served to the page from node_modules.
 */

const require = createRequire(import.meta.url);

const missing = (what: string) =>
  dataError({
    ja:
      `PDF の出力には開発用の依存パッケージ（${what}）が要ります。リポジトリで npm install（--omit=dev なし）を実行するか、` +
      `${CHROMIUM_ENV} に Chromium の実行ファイルを指定してください`,
    en:
      `The pdf format needs the devDependencies ${what}: run \`npm install\` in the repository (without --omit=dev), ` +
      `or set ${CHROMIUM_ENV} to a Chromium executable (playwright-core is still needed).`,
  });

async function playwright(): Promise<typeof import('playwright-core')> {
  try {
    return await import('playwright-core');
  } catch {
    throw missing('playwright-core');
  }
}

async function launchChromium(): Promise<Browser> {
  const { chromium } = await playwright();
  const { executablePath, args } = await browserToLaunch();
  return chromium.launch({ executablePath, args, headless: true });
}

/** Where the page asks for the font's files; answered from node_modules, never from the network. */
const FONT_ORIGIN = 'https://fonts.shinchoku.invalid';

/** Noto Sans JP's @font-face rules (regular and bold), or null when the package is not installed. */
function fontFaces(): { css: string; dir: string } | null {
  let dir: string;
  try {
    dir = dirname(require.resolve('@fontsource/noto-sans-jp/package.json'));
  } catch {
    return null;
  }
  const css = ['400.css', '700.css']
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('\n')
    .replaceAll('url(./files/', `url(${FONT_ORIGIN}/files/`);
  return { css, dir };
}

async function serveFont(context: BrowserContext, dir: string): Promise<void> {
  await context.route(`${FONT_ORIGIN}/**`, async (route) => {
    const name = /\/files\/(noto-sans-jp-[a-z0-9-]+\.woff2?)$/.exec(
      new URL(route.request().url()).pathname,
    )?.[1];
    if (!name) return route.fulfill({ status: 404, body: 'not found' });
    await route.fulfill({
      status: 200,
      path: join(dir, 'files', name),
      headers: { 'Content-Type': name.endsWith('.woff2') ? 'font/woff2' : 'font/woff' },
    });
  });
}

/** An A4 landscape page at 96 dpi, for a look at a printed page. */
export const A4_LANDSCAPE_VIEWPORT = { width: 1123, height: 794 };

export interface Printer {
  /** A page showing `html` as printed (print media, fonts loaded); the caller closes it. */
  open(html: string): Promise<Page>;
  /** `html` printed to PDF as a browser prints it: the page's own @page size and margins. */
  pdf(html: string): Promise<Uint8Array>;
  close(): Promise<void>;
}

/** A browser to print with; close it when done. */
export async function openPrinter(): Promise<Printer> {
  const browser = await launchChromium();
  const context = await browser.newContext({ viewport: A4_LANDSCAPE_VIEWPORT, locale: 'ja-JP' });
  const font = fontFaces();
  if (font) await serveFont(context, font.dir);
  const open = async (html: string): Promise<Page> => {
    const page = await context.newPage();
    await page.emulateMedia({ media: 'print' });
    await page.setContent(html, { waitUntil: 'load' });
    // The font's rules go beside the page's own: its font stack already names Noto Sans JP.
    if (font) await page.addStyleTag({ content: font.css });
    await page.evaluate(async () => {
      document.body.getBoundingClientRect();
      await document.fonts.ready;
    });
    return page;
  };
  return {
    open,
    async pdf(html) {
      const page = await open(html);
      try {
        const bytes = await page.pdf({
          format: 'A4',
          landscape: true,
          printBackground: true,
          preferCSSPageSize: true,
        });
        return new Uint8Array(bytes);
      } finally {
        await page.close();
      }
    },
    close: () => browser.close(),
  };
}

/** The `pdf` format: the HTML export of the models, printed. */
export async function renderPdf(models: TableModel[]): Promise<Uint8Array> {
  const printer = await openPrinter();
  try {
    return await printer.pdf(renderHtml(models));
  } finally {
    await printer.close();
  }
}
