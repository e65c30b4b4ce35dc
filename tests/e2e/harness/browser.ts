import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { build, type Rollup } from 'vite';
import { buildPane } from '../../../scripts/addin-build.ts';
import { browserToLaunch, requireChromium } from './chromium.ts';
import { installTestFont, useTestFont } from './font.ts';
import type { Standin } from './pane.ts';
import { root } from './worker.ts';

/**
 * Headless Chromium (from npm: @sparticuz/chromium; or SHINCHOKU_CHROMIUM's, see chromium.ts) driven
 * by playwright-core, with the task pane's production build, the office.js CDN answered by an empty
 * stub, the Office/Excel stand-in injected and a Japanese font from npm for the screenshots (font.ts).
 */
export { CHROMIUM_ENV, requireChromium } from './chromium.ts';

const OFFICE_JS = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';

/** `npm run build`'s output, built now, so the test exercises the production bundle. */
export async function buildAddin(): Promise<void> {
  await buildPane(root);
}

/** The stand-in (addin/test-support/office-standin.ts) as one classic script. */
export async function standinScript(): Promise<string> {
  const out = (await build({
    configFile: false,
    logLevel: 'warn',
    build: {
      write: false,
      minify: false,
      lib: {
        entry: join(root, 'addin/test-support/office-standin.ts'),
        formats: ['iife'],
        name: 'ShinchokuStandin',
      },
    },
  })) as Rollup.RollupOutput | Rollup.RollupOutput[];
  const outputs = Array.isArray(out) ? out : [out];
  const chunk = outputs.flatMap((o) => o.output).find((o) => o.type === 'chunk');
  if (chunk?.type !== 'chunk') throw new Error('the stand-in did not build');
  return chunk.code;
}

// Profiles not yet removed: each goes when its browser has closed, the rest when this process ends.
const profiles = new Set<string>();
function removeProfile(profile: string): void {
  try {
    rmSync(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  } catch {
    // left for the exit hook
  }
  if (!existsSync(profile)) profiles.delete(profile);
}
process.once('exit', () => {
  for (const profile of profiles) removeProfile(profile);
});

/**
 * Chromium with a throwaway profile, removed once `context.close()` has finished. Not on the
 * context's 'close' event: that comes while Chromium still writes its profile on the way out.
 */
export async function launch(): Promise<BrowserContext> {
  requireChromium();
  const browser = await browserToLaunch();
  const profile = mkdtempSync(join(tmpdir(), 'shinchoku-e2e-profile-'));
  profiles.add(profile);
  const context = await chromium
    .launchPersistentContext(profile, {
      executablePath: browser.executablePath,
      headless: true,
      args: browser.args,
      viewport: { width: 380, height: 900 },
      locale: 'ja-JP',
      acceptDownloads: true,
    })
    .catch((error: unknown) => {
      removeProfile(profile);
      throw new Error(
        `Chromium did not start (${browser.source}: ${browser.executablePath}): ` +
          `${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    });
  await installTestFont(context);
  const close = context.close.bind(context);
  context.close = async (options) => {
    await close(options);
    removeProfile(profile);
  };
  return context;
}

/** Closes the browser; its profile directory goes with it. */
export async function closeBrowser(context: BrowserContext | undefined): Promise<void> {
  await context?.close();
}

/** The stand-in's configuration (StandinConfig in addin/test-support/office-standin.ts). */
export interface PaneOptions {
  partitionKey: string;
  /** null: a plain browser, outside Excel. */
  host?: 'Excel' | null;
  displayLanguage?: string;
  /** The workbook kept in the test process under this name (needs `__standinWorkbookHost`). */
  workbook?: string;
}

/** Opens taskpane.html as Excel would, with the stand-in in place of Office.js. */
export async function openPane(
  context: BrowserContext,
  baseUrl: string,
  standin: string,
  options: PaneOptions,
): Promise<Page> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  (page as Page & { errors?: string[] }).errors = errors;
  await page.route(OFFICE_JS, (route) =>
    route.fulfill({ status: 200, contentType: 'text/javascript', body: '/* office.js stub */' }),
  );
  await page.addInitScript((config) => {
    (window as unknown as { __STANDIN_CONFIG: unknown }).__STANDIN_CONFIG = config;
  }, options);
  await page.addInitScript({ content: standin });
  await page.goto(`${baseUrl}/taskpane.html`);
  return page;
}

/** The uncaught errors of a page opened by openPane, so far. */
export function pageErrors(page: Page): string[] {
  return (page as Page & { errors?: string[] }).errors ?? [];
}

/**
 * Full-page screenshots into `dir`, each once the Japanese font has loaded; `numbered` prefixes the
 * names with 01-, 02-, … in the order taken.
 */
export function screenshots(dir: string, options: { numbered?: boolean } = {}) {
  let count = 0;
  return async (page: Page, name: string): Promise<void> => {
    mkdirSync(dir, { recursive: true });
    count++;
    const file = options.numbered ? `${String(count).padStart(2, '0')}-${name}.png` : `${name}.png`;
    await useTestFont(page);
    await page.screenshot({ path: join(dir, file), fullPage: true });
  };
}

export const SCREENSHOTS = join(root, 'test-output/e2e');
/** A full-page screenshot into test-output/e2e. */
export const shot = screenshots(SCREENSHOTS);

/** Draws the stand-in's sheet as an HTML table in a page of its own and screenshots it. */
export async function shotSheet(context: BrowserContext, pane: Page, name: string): Promise<void> {
  const html = await pane.evaluate(() => {
    const s = (window as unknown as { __standin: Standin }).__standin;
    const dump = s.dump(s.sheetName());
    let rows = 0;
    let cols = 0;
    const at = new Map<string, (typeof dump.cells)[number]>();
    for (const c of dump.cells) {
      const [r, k] = c.key.split(',').map(Number) as [number, number];
      rows = Math.max(rows, r + 1);
      cols = Math.max(cols, k + 1);
      at.set(c.key, c);
    }
    const esc = (x: unknown) =>
      String(x ?? '')
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;');
    let out = '<table style="border-collapse:collapse;font:12px sans-serif">';
    for (let r = 0; r < Math.min(rows, 40); r++) {
      out += '<tr>';
      for (let k = 0; k < cols; k++) {
        if (dump.hidden.includes(k)) continue;
        const c = at.get(`${r},${k}`);
        const style = `border:1px solid #ccc;padding:2px 4px;background:${c?.fill ?? '#fff'};color:${c?.fontColor ?? '#000'};${c?.bold ? 'font-weight:bold;' : ''}white-space:pre-wrap;max-width:220px`;
        out += `<td style="${style}">${esc(c?.value)}</td>`;
      }
      out += '</tr>';
    }
    return `${out}</table>`;
  });
  const page = await context.newPage();
  await page.setViewportSize({ width: 1900, height: 900 });
  await page.setContent(html);
  await shot(page, name);
  await page.close();
}
