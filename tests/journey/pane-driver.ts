import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { address, type ColumnId, columnIndex } from '../../addin/src/app/columns.ts';
import { useTestFont } from '../e2e/harness/font.ts';

/**
 * Driving the production task pane in Chromium: typing into the Excel stand-in's sheet as a
 * person would (the stand-in raises the change events Excel raises), reading the pane's state,
 * and screenshots of each step into test-output/journey/.
 */
export const SHOTS = path.resolve(import.meta.dirname, '../../test-output/journey');
let shotCount = 0;

type Standin = {
  sheetName(): string;
  values(sheet: string, a1: string): unknown[][];
  type(sheet: string, a1: string, values: unknown[][]): Promise<void>;
  cell(sheet: string, row: number, col: number): { value: unknown; fill: string | null; note: string | null };
};

export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  shotCount++;
  await useTestFont(page);
  await page.screenshot({
    path: path.join(SHOTS, `${String(shotCount).padStart(2, '0')}-${name}.png`),
    fullPage: true,
  });
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

export async function typeInto(page: Page, key: string, column: ColumnId, text: string): Promise<void> {
  const a1 = address(await rowOf(page, key), columnIndex(column));
  await page.evaluate(
    ([cell, value]) => {
      const s = (window as unknown as { __standin: Standin }).__standin;
      return s.type(s.sheetName(), cell, [[value]]);
    },
    [a1, text] as const,
  );
}

export async function cellText(page: Page, key: string, column: ColumnId): Promise<unknown> {
  const row = await rowOf(page, key);
  return page.evaluate(
    ([r, c]) => {
      const s = (window as unknown as { __standin: Standin }).__standin;
      return s.cell(s.sheetName(), r, c).value;
    },
    [row, columnIndex(column)] as const,
  );
}

export const syncKind = (page: Page) => page.getByTestId('sync-status').getAttribute('data-kind');
export const submissionStatus = (page: Page) => page.getByTestId('submission-status').textContent();

export async function signIn(page: Page, token: string): Promise<void> {
  await page.getByTestId('token-input').fill(token);
  await page.getByTestId('sign-in-button').click();
}

/** Signed in as department staff: the sheet is built and nothing is waiting. */
export async function signInToSheet(page: Page, token: string): Promise<void> {
  await signIn(page, token);
  await page.getByTestId('sync-status').waitFor({ timeout: 60_000 });
  await expect.poll(() => syncKind(page), { timeout: 30_000 }).toBe('saved');
}

export async function waitSaved(page: Page): Promise<void> {
  await expect.poll(() => syncKind(page), { timeout: 30_000 }).toBe('saved');
}

export async function submit(page: Page): Promise<void> {
  await waitSaved(page);
  await page.getByTestId('submit').click();
  await expect.poll(() => submissionStatus(page), { timeout: 30_000 }).toBe('提出済み');
}
