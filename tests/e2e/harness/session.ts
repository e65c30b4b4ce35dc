import type { BrowserContext, Page } from 'playwright-core';
import {
  buildAddin,
  closeBrowser,
  launch,
  openPane,
  type PaneOptions,
  requireChromium,
  standinScript,
} from './browser.ts';
import { signInToSheet } from './pane.ts';
import { type LocalWorker, startWorker } from './worker.ts';

/**
 * What every browser test (e2e and the journey) starts from: the pane's production build, the
 * Office/Excel stand-in, the real local worker (as `npm start` starts it, fresh state) and a
 * headless Chromium. Start it in beforeAll and stop it in afterAll.
 */
export interface PaneSession {
  worker: LocalWorker;
  context: BrowserContext;
  /** taskpane.html on this worker, with the stand-in in place of Office.js. */
  openPane(options: PaneOptions): Promise<Page>;
  /** A pane signed in with `token` whose sheet is built and saved (signInToSheet). */
  openSheet(options: PaneOptions, token: string): Promise<Page>;
  /** Closes the browser (its profile removed), then stops the worker (its state removed). */
  stop(): Promise<void>;
}

export async function startPaneSession(): Promise<PaneSession> {
  requireChromium();
  await buildAddin();
  const standin = await standinScript();
  const worker = await startWorker();
  let context: BrowserContext;
  try {
    context = await launch();
  } catch (error) {
    await worker.stop();
    throw error;
  }
  const open = (options: PaneOptions) => openPane(context, worker.baseUrl, standin, options);
  return {
    worker,
    context,
    openPane: open,
    async openSheet(options, token) {
      const page = await open(options);
      await signInToSheet(page, token);
      return page;
    },
    async stop() {
      try {
        await closeBrowser(context);
      } finally {
        await worker.stop();
      }
    },
  };
}
