import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { address, type ColumnId, columnIndex } from '../../../addin/src/app/columns.ts';
import type { ExportedSheet } from '../../../addin/test-support/read-back.ts';

/**
 * Driving the production task pane in Chromium, for the e2e tests and the journey: signing in,
 * typing into the Excel stand-in's sheet as a person would (the stand-in raises the change events
 * Excel raises), and reading the pane's and the sheet's state.
 *
 * Names: `signIn` only signs in (any role); `signInToSheet` signs department staff in and waits
 * for their sheet; `rowOf`/`cellOf`/`typeInto` address the sheet by model key ('i:<indicatorId>' or
 * 'p:<projectId>') and column; `syncKind`/`submissionStatus` read the pane's status line.
 */

/** `window.__standin` of addin/test-support/office-standin.ts, as far as the tests use it. */
export type Standin = {
  sheetName(): string;
  sheetNames(): string[];
  values(sheet: string, a1: string): unknown[][];
  type(sheet: string, a1: string, values: unknown[][]): Promise<void>;
  cell(sheet: string, row: number, col: number): SheetCell;
  dump(sheet: string): {
    cells: { key: string; value: unknown; fill: string | null; fontColor: string | null; bold: boolean }[];
    notes: Record<string, string>;
    hidden: number[];
  };
  exported(sheet: string): ExportedSheet;
  syncCount(): number;
  customXmlParts(): { id: string; namespaceUri: string; xml: string }[];
  persisted(): Promise<unknown>;
};

export interface SheetCell {
  value: unknown;
  fill: string | null;
  note: string | null;
}

/** The sheet row (0-based) that shows a model row ('i:<indicatorId>' or 'p:<projectId>'). */
export async function rowOf(page: Page, key: string): Promise<number> {
  const keys = address(0, columnIndex('key'), 200, 1);
  const row = await page.evaluate(
    ([range, wanted]) => {
      const s = (window as unknown as { __standin: Standin }).__standin;
      return s.values(s.sheetName(), range).findIndex((r) => r[0] === wanted);
    },
    [keys, key] as const,
  );
  expect(row, `row ${key} on the sheet`).toBeGreaterThan(1);
  return row;
}

/** Types `text` into a cell of the sheet as a person would; returns the cell's A1 address. */
export async function typeInto(page: Page, key: string, column: ColumnId, text: string): Promise<string> {
  const a1 = address(await rowOf(page, key), columnIndex(column));
  await page.evaluate(
    ([cell, value]) => {
      const s = (window as unknown as { __standin: Standin }).__standin;
      return s.type(s.sheetName(), cell, [[value]]);
    },
    [a1, text] as const,
  );
  return a1;
}

/** A cell of the sheet: its value, fill and note. */
export async function cellOf(page: Page, key: string, column: ColumnId): Promise<SheetCell> {
  const row = await rowOf(page, key);
  return page.evaluate(
    ([r, c]) => {
      const s = (window as unknown as { __standin: Standin }).__standin;
      return s.cell(s.sheetName(), r, c);
    },
    [row, columnIndex(column)] as const,
  );
}

export const syncKind = (page: Page) => page.getByTestId('sync-status').getAttribute('data-kind');
export const submissionStatus = (page: Page) => page.getByTestId('submission-status').textContent();

/** Fills in the token and signs in; waits for nothing (a coordinator gets the dashboard). */
export async function signIn(page: Page, token: string): Promise<void> {
  await page.getByTestId('token-input').fill(token);
  await page.getByTestId('sign-in-button').click();
}

/** Signed in as department staff: the sheet is built and nothing is waiting. */
export async function signInToSheet(page: Page, token: string): Promise<void> {
  await signIn(page, token);
  await page.getByTestId('sync-status').waitFor({ timeout: 60_000 });
  await waitSaved(page);
}

export async function waitSaved(page: Page): Promise<void> {
  await expect.poll(() => syncKind(page), { timeout: 30_000 }).toBe('saved');
}

/** 提出, then 提出する in the check the pane shows first (the sheet must be complete). */
export async function submit(page: Page): Promise<void> {
  await waitSaved(page);
  await page.getByTestId('submit').click();
  await page.getByTestId('submit-confirm').click({ timeout: 30_000 });
  await expect.poll(() => submissionStatus(page), { timeout: 30_000 }).toBe('提出済み');
}
