import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { address, columnIndex, DELTA_COLUMN, FIELD_COLUMN } from '../../addin/src/app/columns.ts';
import { formatDeltaCell, yearOverYear } from '../../shared/calc/delta.ts';
import { actualsByYear, evaluateIndicator } from '../../shared/calc/index.ts';
import { addBusinessDays, todayInJapan } from '../../shared/calendar/index.ts';
import { importTables } from '../../shared/import/index.ts';
import { summaryLine } from '../../shared/import/summary.ts';
import { exportTables } from '../../shared/render/export.ts';
import type { Actual, PlanFile } from '../../shared/schema/index.ts';
import { pageErrors, shot, shotSheet } from './harness/browser.ts';
import {
  cellOf,
  type Standin,
  signIn,
  submissionStatus,
  submit,
  typeInto,
  waitSaved,
} from './harness/pane.ts';
import { type PaneSession, startPaneSession } from './harness/session.ts';
import { root } from './harness/worker.ts';

/**
 * A whole reporting year through the screens only, as a coordinator and two departments live it.
 * The only thing set up by API is the first administrator (the worker's start, as `npm start` makes
 * it); everything else is clicked and typed: the administrator adds the coordinator and issues their
 * token; the coordinator reads last year's published tables (project and goal tables, one CSV) with
 * a preview and saves them as a plan, assigns the goal indicators (数値目標) to the departments that
 * report them and enters this year's targets; the administrator adds the two departments' users
 * from a CSV (tokens shown once, read off the screen); the coordinator opens the year with a
 * deadline, and the reminders name the blank goal indicators too; the departments sign in in Excel
 * (the stand-in) with those tokens and fill their sheets, KPIs and goal values (value and period
 * label, 前年度比 computed as they type) — one presses 提出 with blanks left and is stopped; the
 * coordinator sees how far each is filled, reviews each submission read-only (values with 達成度,
 * footnotes, reasons, what changed since the last submission), returns one with a comment, approves
 * the corrected one and the other, and prints the goal table, which carries the goal values with
 * their period labels and 前年度比; locks the year, revises next year's targets with the 新旧対照表
 * first (the goal indicators stay with their departments) and opens the next year, whose sheet
 * carries the new target and the goal indicators. Every check reads a screen (the pane, the console,
 * the stand-in's sheet, the printed table); a screenshot of every screen goes to
 * test-output/e2e/year-*.png.
 */

const PLAN_ID = 'year-2024';
const TITLE = '第2期仙台市総合戦略（年間テスト）';
const FY = 2024;
const NEXT_FY = 2025;
const A = { name: '文化観光局交流推進課', user: 'year-a', who: '交流推進課 青木' };
const B = { name: '太白区まちづくり推進課', user: 'year-b', who: 'まちづくり推進課 馬場' };
const COORDINATOR = { id: 'year-coord', name: '政策企画課 佐藤' };
/** FY2024 targets of the two projects' KPIs, in sheet order ('p1-1' … as the import names them). */
const THIS_YEARS_TARGETS: [string, string][] = [
  ['p1-1', '31,000'],
  ['p1-2', '60,000'],
  ['p1-3', '15'],
  ['p2-1', '500'],
  ['p2-2', '2'],
  ['p2-3', '4'],
  ['p2-4', '5'],
];
const deadline = addBusinessDays(todayInJapan(Date.now()), 10);

/**
 * Last year's report as the city published it: the demo plan's project and goal tables of FY2023,
 * printed by this project's exporter (the layout docs/domain.md §9 describes), with the two
 * departments this year is about (renamed: new to this system, so the plan brings them).
 */
function lastYearsPlan(): PlanFile {
  const plan = JSON.parse(readFileSync(join(root, 'data/sendai-2023.plan.json'), 'utf8')) as PlanFile;
  const keep = new Map([
    ['tohoku-renkei', A.name],
    ['nagamachi', B.name],
  ]);
  const projects = plan.projects.filter((p) => p.departmentIds.every((d) => keep.has(d)));
  const indicators = new Set([
    ...projects.flatMap((p) => p.indicators.map((i) => i.id)),
    ...plan.goals.flatMap((g) => g.indicators.map((i) => i.id)),
  ]);
  const projectIds = new Set(projects.map((p) => p.id));
  return {
    ...plan,
    departments: plan.departments.flatMap((d) => (keep.has(d.id) ? [{ ...d, name: keep.get(d.id)! }] : [])),
    projects,
    goals: plan.goals.map((g) => ({
      ...g,
      indicators: g.indicators.map(({ departmentId: _d, ...i }) => i),
    })),
    cycles: plan.cycles.map((c) => ({
      ...c,
      actuals: c.actuals.filter((a) => indicators.has(a.indicatorId)),
      activities: c.activities.filter((a) => projectIds.has(a.projectId)),
    })),
  };
}

let session: PaneSession;
/** The plain browser page the administrator and the coordinator take turns on. */
let desk: Page | null = null;
/** Last year's tables as a file, and the plan the import makes of it (the same code the server runs). */
let file: string;
let imported: PlanFile;
const tokens: Record<string, string> = {};
let paneA: Page;
let paneB: Page;

/** What each department types this year: the value (as typed) per KPI, a footnote, a reason. */
const TYPED = {
  a: { values: ['32,000', '60,512', '12'], footnote: '(※1) 速報値（確定値は6月公表）' },
  b: { values: ['520', '2', '(※)', '４'], reason: '集計方法の見直し中のため、確定は7月の予定。' },
  activitiesA: '東北各地の自治体と連携したモデルコースを12本造成した。',
  activitiesB: '商店街と連携し、にぎわい創出の社会実験を2回実施した。',
  correctedA1: '33,500',
  /**
   * The goal values each department reports (基本目標1's indicators by A, 基本目標2's by B, as step 3
   * assigns them): the figure and the period label the goal table prints before it (§10.5).
   */
  goalsA: [
    { value: '80', period: 'R1～6年(累計)' },
    { value: '612', period: 'R1～6年(累計)' },
  ],
  goalsB: [{ value: '615', period: 'R6年' }],
};

/**
 * The desk page signed in as `token`. Outside Excel the pane keeps its token in the origin's
 * localStorage, so the desk holds one user at a time: the previous one signs out first.
 */
async function deskAs(token: string): Promise<Page> {
  if (!desk) {
    desk = await session.openPane({ partitionKey: 'desk', host: null });
    await desk.setViewportSize({ width: 1180, height: 900 });
    desk.on('dialog', (d) => void d.accept());
  } else {
    await desk.getByTestId('sign-out').click();
  }
  await signIn(desk, token);
  await desk.getByTestId('console').waitFor({ timeout: 60_000 });
  return desk;
}

const tab = (page: Page, id: string) => page.getByTestId(`tab-${id}`).click();

/** Picks, in the page's picker, the cycle of this year's plan whose option names `year`. */
async function chooseCycle(page: Page, year: string): Promise<void> {
  const select = page.getByTestId('cycle');
  const wanted = async () =>
    (
      await select
        .locator('option')
        .evaluateAll((os) =>
          os.map((o) => ({ value: (o as HTMLOptionElement).value, text: o.textContent ?? '' })),
        )
    ).find((o) => o.text.startsWith(TITLE) && o.text.includes(year));
  await expect.poll(async () => (await wanted()) !== undefined, { timeout: 30_000 }).toBe(true);
  await select.selectOption((await wanted())!.value);
}

/** What the page says went wrong, for a failure's message. */
async function notices(p: Page): Promise<string> {
  return (await p.locator('.console-notice:not([hidden]), .banner-error').allTextContents()).join(' | ');
}

/**
 * The model keys (p:<project>, i:<indicator>) of the project rows on the stand-in's sheet, top to
 * bottom: those above the 数値目標 section (s:goals), whose goal indicators are i:<id> rows too.
 */
async function sheetKeys(page: Page): Promise<string[]> {
  const range = address(0, columnIndex('key'), 200, 1);
  const keys = await page.evaluate((a1) => {
    const s = (window as unknown as { __standin: Standin }).__standin;
    return s.values(s.sheetName(), a1).map((r) => String(r[0] ?? ''));
  }, range);
  const goals = keys.indexOf('s:goals');
  return (goals < 0 ? keys : keys.slice(0, goals)).filter((k) => /^[ip]:/.test(k));
}

/** The project and KPIs of a department's sheet, as the sheet shows them. */
async function sheetRows(page: Page): Promise<{ project: string; kpis: string[] }> {
  const keys = await sheetKeys(page);
  const projects = keys.filter((k) => k.startsWith('p:'));
  expect(projects, 'one project on the sheet').toHaveLength(1);
  return { project: projects[0]!, kpis: keys.filter((k) => k.startsWith('i:')) };
}

/** The department's pane in Excel (the stand-in), signed in with the token the console showed. */
async function departmentPane(name: string, user: string): Promise<Page> {
  const page = await session.openSheet({ partitionKey: name }, tokens[user]!);
  await expect
    .poll(() => page.getByTestId('open-year').textContent(), { timeout: 30_000 })
    .toContain('令和6年度');
  expect(await submissionStatus(page)).toBe('作成中');
  // Department staff get their sheet, not the console.
  expect(await page.getByTestId('console').count()).toBe(0);
  return page;
}

/** The 確認 of a department's row: its submission read-only, with 承認 / 差し戻す on the revision shown. */
async function openReview(page: Page, name: string) {
  const row = page.getByTestId('dashboard').locator('[data-department]', { hasText: name });
  await row.getByTestId('review-open').click();
  const review = page.getByTestId('review');
  await review.getByTestId('review-table').first().waitFor({ timeout: 30_000 });
  return review;
}

/**
 * The coordinator, in the plans tab with this year's plan chosen: 基本目標1's indicators to A,
 * 基本目標2's to B, saved, and read back from the server by showing the tab again.
 */
async function assignGoals(page: Page, shotName: string): Promise<void> {
  await expect.poll(() => page.getByTestId('targets-plan').inputValue(), { timeout: 30_000 }).toBe(PLAN_ID);
  await goalsOfThisPlan(page);
  const goals = page.getByTestId('goals');
  const [g1, g2] = imported.goals;
  await goalSelect(page, g1!.indicators[0]!.id).waitFor({ timeout: 30_000 });
  for (const i of g1!.indicators) await goalSelect(page, i.id).selectOption({ label: A.name });
  for (const i of g2!.indicators) await goalSelect(page, i.id).selectOption({ label: B.name });
  await goals.getByTestId('goals-save').click();
  await expect
    .poll(async () => (await page.getByTestId('goals-notice').textContent()) || (await notices(page)), {
      timeout: 30_000,
    })
    .toBe('割り当てを保存しました。');
  await shot(page, shotName);
  await expectGoalsAssigned(page);
}

const goalSelect = (page: Page, id: string) =>
  page.getByTestId('goals').locator(`select[data-indicator="${id}"]`);

/**
 * Waits until the plans tab's goal indicators are this plan's: the tab loads them after the plan is
 * chosen, and the plan shown before (the demo's, also 11 goal indicators) offers other departments.
 * This plan's selects offer its two departments only.
 */
async function goalsOfThisPlan(page: Page): Promise<void> {
  const offered = () =>
    page
      .getByTestId('goals')
      .locator('select')
      .first()
      .locator('option')
      .evaluateAll((os) => os.flatMap((o) => ((o as HTMLOptionElement).value ? [o.textContent ?? ''] : [])))
      .then((names) => names.toSorted())
      .catch(() => []);
  await expect.poll(offered, { timeout: 30_000 }).toEqual([A.name, B.name].toSorted());
}

/**
 * The plans tab shown anew (it opens on the page's chosen plan: this one is picked again) says what
 * the server holds: 基本目標1's indicators reported by A, 基本目標2's by B, the others by nobody.
 */
async function expectGoalsAssigned(page: Page): Promise<void> {
  await tab(page, 'status');
  await tab(page, 'plans');
  await page.getByTestId('targets-plan').selectOption(PLAN_ID, { timeout: 30_000 });
  await goalsOfThisPlan(page);
  const shown = async (id: string) =>
    goalSelect(page, id)
      .evaluate((s) => (s as HTMLSelectElement).selectedOptions[0]?.textContent ?? '')
      .catch(() => '');
  const [g1, g2, ...others] = imported.goals;
  for (const i of g1!.indicators) await expect.poll(() => shown(i.id), { timeout: 30_000 }).toBe(A.name);
  for (const i of g2!.indicators) await expect.poll(() => shown(i.id), { timeout: 30_000 }).toBe(B.name);
  const unassigned = others.flatMap((g) => g.indicators.map((i) => i.id));
  expect(
    await Promise.all(unassigned.map((id) => goalSelect(page, id).inputValue())),
    'the other goal indicators stay the coordinator’s',
  ).toEqual(unassigned.map(() => ''));
}

/** The goal indicators of a goal (by its number) with what its department types for them this year. */
function goalValues(goalNumber: number, typed: readonly { value: string; period: string }[]) {
  const goal = imported.goals.find((g) => g.number === goalNumber)!;
  expect(goal.indicators.map((i) => i.id)).toHaveLength(typed.length);
  return goal.indicators.map((indicator, k) => ({ goal, indicator, ...typed[k]! }));
}

/**
 * The 前年度比 of a goal value typed this year, as the pane and the goal table print it: the change
 * from last year's published value (shared/calc/delta.ts, the rule both use), on the basis the pane
 * keeps (that of last year's value: a running total stays one).
 */
function expectedDelta(indicatorId: string, value: string): string {
  const indicator = imported.goals.flatMap((g) => g.indicators).find((i) => i.id === indicatorId)!;
  const previous = imported.cycles
    .find((c) => c.fiscalYear === FY - 1)!
    .actuals.find((a) => a.indicatorId === indicatorId)!;
  const typed: Actual = { indicatorId, value, basis: previous.basis, footnotes: [] };
  return formatDeltaCell(yearOverYear(indicator, typed, previous));
}

/** A department types its goal values (value, then period label) in the pane's 数値目標 section. */
async function typeGoalValues(page: Page, values: ReturnType<typeof goalValues>): Promise<void> {
  for (const { indicator, value, period } of values) {
    const key = `i:${indicator.id}`;
    expect((await cellOf(page, key, 'indicator')).value).toBe(`■ ${indicator.name}`);
    await typeInto(page, key, 'value', value);
    // 前年度比 as the goal table will print it, computed while typing.
    await expect
      .poll(async () => (await cellOf(page, key, DELTA_COLUMN)).value, { timeout: 20_000 })
      .toBe(expectedDelta(indicator.id, value));
    await typeInto(page, key, FIELD_COLUMN.period, period);
  }
}

/**
 * In the plans tab, this year's plan chosen: `typed` into the targets grid for `year`, the 新旧対照表
 * previewed (the changed cells underlined, nothing stored: still version `from`), then saved as
 * version `from + 1`.
 */
async function reviseTargets(
  page: Page,
  year: number,
  typed: [indicatorId: string, value: string][],
  from: number,
  shots: [preview: string, saved: string],
): Promise<void> {
  await expect.poll(() => page.getByTestId('targets-plan').inputValue(), { timeout: 30_000 }).toBe(PLAN_ID);
  for (const [id, value] of typed) {
    const box = page.locator(
      `[data-testid="targets-grid"] tr[data-indicator="${id}"] input[data-year="${year}"]`,
    );
    await box.waitFor({ timeout: 30_000 });
    await box.fill(value);
  }
  await page.getByTestId('targets-preview').click();
  const table = page.getByTestId('table-model');
  await expect.poll(async () => (await table.count()) || (await notices(page)), { timeout: 30_000 }).toBe(1);
  expect(await table.textContent()).toContain('新旧対照表');
  expect(await table.locator('u').count()).toBeGreaterThan(0);
  expect(await page.getByTestId('targets').textContent()).toContain(`現在の版: 第${from}版`);
  await shot(page, shots[0]);
  await page.getByTestId('revision-save').click();
  await expect
    .poll(() => page.getByTestId('targets').textContent(), { timeout: 30_000 })
    .toContain(`現在の版: 第${from + 1}版`);
  await shot(page, shots[1]);
}

const departmentRow = (page: Page, name: string) =>
  page.getByTestId('dashboard').locator('[data-department]', { hasText: name });

/** 達成度 of every KPI of `project` as shared/calc computes it for the report, with this year's values. */
function expectedAchievements(project: string, values: Record<string, string | null>): Map<string, string> {
  const p = imported.projects.find((x) => x.id === project)!;
  const thisYear: Actual[] = p.indicators.map((i) => ({
    indicatorId: i.id,
    value: values[i.id] ?? null,
    basis: 'year',
    footnotes: [],
  }));
  const cycles = [
    ...imported.cycles,
    { fiscalYear: FY, label: null, locked: false, actuals: thisYear, activities: [] },
  ];
  // With this year's targets as the coordinator entered them (step 3).
  const target = (id: string) => THIS_YEARS_TARGETS.find(([x]) => x === id)![1].replace(/,/g, '');
  return new Map(
    p.indicators.map((i) => {
      const revised = {
        ...i,
        targets: [...i.targets.filter((t) => t.fiscalYear !== FY), { fiscalYear: FY, value: target(i.id) }],
      };
      return [
        i.id,
        evaluateIndicator(revised, actualsByYear(cycles as PlanFile['cycles'], i.id), FY).printed,
      ];
    }),
  );
}

beforeAll(async () => {
  session = await startPaneSession();
  const plan = lastYearsPlan();
  const exported = await exportTables(plan, { tables: ['projects', 'goals'], format: 'csv', include: 'all' });
  file = join(tmpdir(), `shinchoku-year-${process.pid}.csv`);
  writeFileSync(file, exported.body);
  // The plan the import makes of the file: ids and values to check the screens against.
  const read = await importTables(exported.body, { planId: PLAN_ID, title: TITLE });
  expect(read.plan, read.problems.map((p) => p.message.ja).join('\n')).not.toBeNull();
  imported = read.plan!;
  expect(imported.projects.flatMap((p) => p.indicators.map((i) => i.id))).toEqual(
    THIS_YEARS_TARGETS.map(([id]) => id),
  );
});

afterAll(() => session?.stop());

describe('a whole year through the screens', () => {
  it('1. the first administrator adds the coordinator and issues their token', async () => {
    const admin = session.worker.users.find((u) => u.role === 'admin')!;
    const page = await deskAs(admin.token);
    await tab(page, 'directory');
    await page.getByTestId('user-id').fill(COORDINATOR.id, { timeout: 30_000 });
    await page.getByTestId('user-name').fill(COORDINATOR.name);
    await page.getByTestId('user-role').selectOption('coordinator');
    await page.getByTestId('user-email').fill('sato@example.jp');
    await page.getByTestId('user-add').click();
    const row = page.locator(`[data-testid="user-list"] [data-user="${COORDINATOR.id}"]`);
    await row.waitFor({ timeout: 30_000 });
    await row.getByTestId('token-issue').click();
    const secret = page.locator(`[data-token-for="${COORDINATOR.id}"] [data-testid="token-secret"]`);
    await secret.waitFor({ timeout: 30_000 });
    tokens[COORDINATOR.id] = (await secret.textContent())!;
    expect(tokens[COORDINATOR.id]).toMatch(/^shk_/);
    // Their own row offers no 無効にする: an administrator cannot lock themself out.
    const own = page.locator(`[data-testid="user-list"] [data-user="${admin.id}"]`);
    expect(await own.getByTestId('user-toggle').count()).toBe(0);
    await shot(page, 'year-01-admin-adds-coordinator');
  });

  it('2. the coordinator reads last year’s tables with a preview and saves them as this year’s plan', async () => {
    const page = await deskAs(tokens[COORDINATOR.id]!);
    // A coordinator's tabs: no user administration.
    expect(await page.getByRole('tab').allTextContents()).toEqual([
      '提出状況',
      '計画',
      '報告年度',
      '操作履歴',
    ]);
    await shot(page, 'year-02-coordinator-console');
    await tab(page, 'plans');
    await page.getByTestId('import-file').setInputFiles(file);
    await page.getByTestId('import-plan-id').fill(PLAN_ID);
    await page.getByTestId('import-title').fill(TITLE);
    await page.getByTestId('import-preview-button').click();
    const summary = page.getByTestId('import-summary');
    await summary.waitFor({ timeout: 30_000 });
    // What was read, as the same import code counts it: 2 projects, 7 KPIs, 6 goals.
    const read = await importTables(readFileSync(file), { planId: PLAN_ID, title: TITLE });
    expect(await summary.textContent()).toBe(summaryLine(read.summary).ja);
    expect(await summary.textContent()).toMatch(/^2事業・7指標/);
    expect(await page.getByTestId('import-problems').locator('tr').count()).toBe(read.problems.length);
    // Nothing is stored by the preview: the plan list does not have it yet.
    expect(await page.locator(`[data-testid="plan-list"] [data-plan="${PLAN_ID}"]`).count()).toBe(0);
    await shot(page, 'year-03-import-preview');
    await page.getByTestId('import-save-new').click();
    await page.locator(`[data-testid="plan-list"] [data-plan="${PLAN_ID}"]`).waitFor({ timeout: 30_000 });
    await shot(page, 'year-04-plan-saved');
  });

  it('3. the coordinator assigns the goal indicators (数値目標) to their departments and enters this year’s targets', async () => {
    const page = desk!;
    await expect.poll(() => page.getByTestId('targets-plan').inputValue(), { timeout: 30_000 }).toBe(PLAN_ID);
    await goalsOfThisPlan(page);
    const selects = page.getByTestId('goals').locator('select');
    await expect
      .poll(() => selects.count(), { timeout: 30_000 })
      .toBe(imported.goals.flatMap((g) => g.indicators).length);
    // The published goal table names no department: every goal indicator starts unassigned.
    expect(new Set(await selects.evaluateAll((ss) => ss.map((s) => (s as HTMLSelectElement).value)))).toEqual(
      new Set(['']),
    );
    await shot(page, 'year-05-goal-indicators-read');
    // Who reports which 数値目標 this year: their values go on those departments' sheets (§10.5).
    await assignGoals(page, 'year-05a-goal-indicators-assigned');
    // This year's targets (the published table prints only last year's): entered before the year opens.
    await reviseTargets(page, FY, THIS_YEARS_TARGETS, 1, [
      'year-05b-targets-preview',
      'year-05c-targets-saved',
    ]);
  });

  it('4. the administrator adds the departments’ users from a CSV; their tokens are shown once', async () => {
    const admin = session.worker.users.find((u) => u.role === 'admin')!;
    const page = await deskAs(admin.token);
    await tab(page, 'directory');
    const csv = [
      '利用者ID,表示名,役割,担当課,メール',
      `${A.user},${A.who},担当課,${A.name},aoki@example.jp`,
      `${B.user},${B.who},担当課,${B.name},baba@example.jp`,
    ].join('\n');
    await page.getByTestId('csv-text').fill(csv, { timeout: 30_000 });
    await page.getByTestId('csv-preview-button').click();
    const rows = page.getByTestId('csv-rows');
    await rows.waitFor({ timeout: 30_000 });
    expect(await rows.textContent()).toContain(A.name);
    expect(await rows.textContent()).toContain(B.name);
    await shot(page, 'year-06-users-csv-preview');
    await page.getByTestId('csv-create').click();
    for (const user of [A.user, B.user]) {
      const secret = page.locator(`[data-token-for="${user}"] [data-testid="token-secret"]`);
      await secret.waitFor({ timeout: 30_000 });
      tokens[user] = (await secret.textContent())!;
      expect(tokens[user]).toMatch(/^shk_/);
    }
    await shot(page, 'year-07-users-created-tokens-once');
  });

  it('5. the coordinator opens the year with its deadline', async () => {
    const page = await deskAs(tokens[COORDINATOR.id]!);
    await chooseCycle(page, '');
    await tab(page, 'cycles');
    await expect
      .poll(() => page.getByTestId('cycle-next-year').textContent(), { timeout: 30_000 })
      .toBe('令和6年度');
    await page.getByTestId('cycle-deadline').fill(deadline);
    await page.getByTestId('cycle-open').click();
    const opened = page.locator(`[data-testid="cycle-list"] [data-cycle="${FY}"]`);
    await opened.waitFor({ timeout: 30_000 });
    expect(await opened.getByTestId('cycle-deadline-text').textContent()).toMatch(/あと\d+営業日/);
    await shot(page, 'year-08-cycle-opened');
    // No department has started: both listed as not submitted, each with what is missing.
    await chooseCycle(page, '令和6年度');
    await page.getByTestId('dashboard').locator('[data-department]').nth(1).waitFor({ timeout: 30_000 });
    await expect
      .poll(() => page.getByTestId('not-submitted').textContent(), { timeout: 30_000 })
      .toBe(`${A.name}${B.name}`);
    // The rows count the goal indicators among each department's indicators (3 KPIs + 2, 4 + 1).
    expect(await departmentRow(page, A.name).getByTestId('dept-detail').textContent()).toMatch(
      /^指標 0\/5 · /,
    );
    expect(await departmentRow(page, B.name).getByTestId('dept-detail').textContent()).toMatch(
      /^指標 0\/5 · /,
    );
    // The reminder to B names its blank goal indicator by its goal, as the pane will.
    const [goalB] = goalValues(2, TYPED.goalsB);
    const bId = imported.departments.find((d) => d.name === B.name)!.id;
    const reminder = page.getByTestId('reminders').locator(`[data-reminder="${bId}"]`);
    await reminder.waitFor({ timeout: 30_000 });
    // 「Teams 用にコピー」 shows the whole text (the list above it stops at five lines).
    await reminder.getByTestId('reminder-copy').click();
    await reminder.getByTestId('reminder-text').waitFor({ state: 'visible', timeout: 30_000 });
    expect(await reminder.getByTestId('reminder-text').textContent()).toContain(
      `・基本目標②「${goalB!.goal.title}」の数値目標「${goalB!.indicator.name}」の実績値`,
    );
    await shot(page, 'year-09-nobody-submitted');
  });

  it('6. department A signs in in Excel with its token, fills its sheet with a footnote and its goal values, and submits', async () => {
    paneA = await departmentPane('year-a', A.user);
    const { project, kpis } = await sheetRows(paneA);
    expect(kpis).toHaveLength(TYPED.a.values.length);
    await shot(paneA, 'year-10-a-sheet');
    for (const [i, key] of kpis.entries()) await typeInto(paneA, key, 'value', TYPED.a.values[i]!);
    await typeInto(paneA, kpis[1]!, 'footnote', TYPED.a.footnote);
    await typeInto(paneA, project, 'activities', TYPED.activitiesA);
    // 基本目標1's indicators, assigned to A in step 3: rows i:<goal indicator id> of the 数値目標 section.
    await typeGoalValues(paneA, goalValues(1, TYPED.goalsA));
    await waitSaved(paneA);
    await shotSheet(session.context, paneA, 'year-11-a-sheet-filled');
    await submit(paneA);
    await shot(paneA, 'year-12-a-submitted');
    expect(pageErrors(paneA)).toEqual([]);
  });

  it('7. department B presses 提出 with blanks left and is stopped; filled, it submits', async () => {
    paneB = await departmentPane('year-b', B.user);
    const { project, kpis } = await sheetRows(paneB);
    expect(kpis).toHaveLength(TYPED.b.values.length);
    await typeInto(paneB, kpis[0]!, 'value', TYPED.b.values[0]!);
    await typeInto(paneB, kpis[1]!, 'value', TYPED.b.values[1]!);
    await waitSaved(paneB);
    await paneB.getByTestId('submit').click();
    const check = paneB.getByTestId('submit-review');
    await check.waitFor({ timeout: 30_000 });
    const missing = check.getByTestId('missing-list').locator('li');
    // Two KPIs, 主な取組 and the goal indicator assigned to B, named by its goal.
    await expect.poll(() => missing.count(), { timeout: 30_000 }).toBe(4);
    const [goalB] = goalValues(2, TYPED.goalsB);
    expect(await missing.allTextContents()).toContainEqual(
      expect.stringContaining(
        `基本目標②「${goalB!.goal.title}」の数値目標「${goalB!.indicator.name}」の実績値が空欄です`,
      ),
    );
    expect(await check.getByTestId('review-summary').textContent()).toContain('指標の入力 2/5');
    expect(await check.getByTestId('submit-confirm').count()).toBe(0);
    await shot(paneB, 'year-13-b-stopped-incomplete');
    await shotSheet(session.context, paneB, 'year-14-b-blank-cells-marked');

    await typeInto(paneB, kpis[2]!, 'value', TYPED.b.values[2]!);
    await typeInto(paneB, kpis[2]!, 'missingReason', TYPED.b.reason);
    await typeInto(paneB, kpis[3]!, 'value', TYPED.b.values[3]!);
    await typeInto(paneB, project, 'activities', TYPED.activitiesB);
    await typeGoalValues(paneB, goalValues(2, TYPED.goalsB));
    await waitSaved(paneB);
    await check.getByTestId('submit-confirm').waitFor({ timeout: 30_000 });
    expect(await check.getByTestId('review-summary').textContent()).toContain('指標の入力 5/5');
    await shot(paneB, 'year-15-b-complete');
    await check.getByTestId('submit-confirm').click();
    await expect.poll(() => submissionStatus(paneB), { timeout: 30_000 }).toBe('提出済み');
    await shot(paneB, 'year-16-b-submitted');
    expect(pageErrors(paneB)).toEqual([]);
  });

  it('8. the coordinator sees both submitted, reviews A read-only with 達成度 and footnotes, and returns it', async () => {
    const page = desk!;
    await page.getByRole('button', { name: '再読み込み' }).click();
    for (const name of [A.name, B.name])
      await expect
        .poll(() => departmentRow(page, name).getAttribute('data-status'), { timeout: 30_000 })
        .toBe('submitted');
    expect(await departmentRow(page, A.name).getByTestId('dept-detail').textContent()).toMatch(
      /^指標 5\/5 · 主な取組 1\/1 · /,
    );
    // No blind step from the list: each row offers 確認 only.
    expect(await page.getByTestId('dashboard').getByRole('button', { name: '承認' }).count()).toBe(0);
    expect(await page.getByTestId('dashboard').getByRole('button', { name: '差し戻す' }).count()).toBe(0);
    await shot(page, 'year-17-both-submitted');

    const review = await openReview(page, A.name);
    const project = imported.projects.find((p) =>
      p.departmentIds.some((d) => imported.departments.find((x) => x.id === d)?.name === A.name),
    )!;
    const decimals = ['32000', '60512', '12'];
    const expected = expectedAchievements(
      project.id,
      Object.fromEntries(project.indicators.map((i, k) => [i.id, decimals[k]!])),
    );
    for (const [k, ind] of project.indicators.entries()) {
      const tr = review.locator(`tr[data-indicator="${ind.id}"]`);
      expect(await tr.getByTestId('review-actual').textContent(), ind.name).toBe(TYPED.a.values[k]);
      expect(await tr.getByTestId('review-achievement').textContent(), ind.name).toBe(expected.get(ind.id));
    }
    expect(await review.locator(`tr[data-indicator="${project.indicators[1]!.id}"]`).textContent()).toContain(
      '速報値（確定値は6月公表）',
    );
    expect(await review.textContent()).toContain(TYPED.activitiesA);
    expect(await review.getByTestId('review-changes').textContent()).toContain('初回の提出');
    await shot(page, 'year-18-review-a');

    await review.getByTestId('review-comment').fill('①は確定値に直してください');
    await review.getByTestId('review-return').click();
    await expect
      .poll(() => departmentRow(page, A.name).getAttribute('data-status'), { timeout: 30_000 })
      .toBe('returned');
    await shot(page, 'year-19-a-returned');
  });

  it('9. department A sees the comment, corrects the value and submits again', async () => {
    await paneA.getByTestId('rebuild').click();
    await expect
      .poll(() => paneA.getByTestId('returned-comment').textContent(), { timeout: 30_000 })
      .toContain('①は確定値に直してください');
    expect(await submissionStatus(paneA)).toBe('差し戻し');
    await shot(paneA, 'year-20-a-returned-comment');
    const { kpis } = await sheetRows(paneA);
    await typeInto(paneA, kpis[0]!, 'value', TYPED.correctedA1);
    await waitSaved(paneA);
    expect((await cellOf(paneA, kpis[0]!, 'value')).value).toBe(TYPED.correctedA1);
    await submit(paneA);
    await shot(paneA, 'year-21-a-resubmitted');
  });

  it('10. the coordinator reviews what changed and approves A; reviews B in Excel as a read-only sheet and approves it in the pane; the goal table prints the goal values', async () => {
    const page = desk!;
    await page.getByRole('button', { name: '再読み込み' }).click();
    await expect
      .poll(() => departmentRow(page, A.name).getAttribute('data-status'), { timeout: 30_000 })
      .toBe('submitted');
    const reviewA = await openReview(page, A.name);
    const changes = reviewA.getByTestId('review-changes');
    expect(await changes.textContent()).toContain('前回の提出からの変更（1件）');
    expect(await changes.textContent()).toContain('32,000 → 33,500');
    expect(await reviewA.locator('tr.changed').count()).toBe(1);
    await shot(page, 'year-22-review-a-changes');
    await reviewA.getByTestId('review-approve').click();
    await expect
      .poll(() => departmentRow(page, A.name).getAttribute('data-status'), { timeout: 30_000 })
      .toBe('approved');

    // B is reviewed in Excel: the same review in the task pane, 「Excelで開く」 writes it as a
    // protected read-only sheet, and 承認 stays in the pane, on the revision shown.
    const excel = await session.openPane({ partitionKey: 'year-coordinator-excel' });
    await signIn(excel, tokens[COORDINATOR.id]!);
    await excel.getByTestId('console').waitFor({ timeout: 60_000 });
    await chooseCycle(excel, '令和6年度');
    const reviewB = await openReview(excel, B.name);
    expect(await reviewB.textContent()).toContain(TYPED.b.reason);
    expect(await reviewB.textContent()).toContain(TYPED.activitiesB);
    await reviewB.getByTestId('review-excel').click();
    await expect
      .poll(() => reviewB.getByTestId('review-notice').textContent(), { timeout: 30_000 })
      .toMatch(/^シート「確認_.+」に書き出しました（閲覧のみ・保護）。/);
    const written = await excel.evaluate(() => {
      const s = (window as unknown as { __standin: Standin }).__standin;
      const name = s.sheetName();
      return { name, cells: s.dump(name).cells.map((c) => String(c.value)) };
    });
    expect(written.name).toMatch(/^確認_/);
    for (const text of [TYPED.b.reason, TYPED.activitiesB, '達成度', '520', '閲覧のみ'])
      expect(
        written.cells.some((c) => c.includes(text)),
        text,
      ).toBe(true);
    await shot(excel, 'year-23-review-b-in-excel');
    await shotSheet(session.context, excel, 'year-24-review-b-sheet');
    await reviewB.getByTestId('review-approve').click();
    await expect
      .poll(() => departmentRow(excel, B.name).getAttribute('data-status'), { timeout: 30_000 })
      .toBe('approved');
    expect(pageErrors(excel)).toEqual([]);
    await excel.close();

    await page.getByRole('button', { name: '再読み込み' }).click();
    await expect
      .poll(() => departmentRow(page, B.name).getAttribute('data-status'), { timeout: 30_000 })
      .toBe('approved');
    expect(await page.getByTestId('not-submitted').textContent()).toBe('');
    await shot(page, 'year-24b-both-approved');

    // The goal table as the console prints it (the HTML export in a tab of its own): each goal value
    // a department typed, now approved, prints after its period label with its 前年度比 (§9.3, §10.5).
    await page.locator('details.exports summary').click();
    const [printed] = await Promise.all([
      page.waitForEvent('popup', { timeout: 30_000 }),
      page.getByTestId('print-view-goals').click(),
    ]);
    // A tab the width of the desk's, as the coordinator would see it before printing.
    await printed.setViewportSize({ width: 1180, height: 900 });
    for (const { indicator, value, period } of [
      ...goalValues(1, TYPED.goalsA),
      ...goalValues(2, TYPED.goalsB),
    ]) {
      const row = printed.locator('tr', { has: printed.locator('th', { hasText: `■ ${indicator.name}` }) });
      await row.first().waitFor({ timeout: 30_000 });
      const cells = await row.first().locator('td').allTextContents();
      // Columns: 基準値, 目標値, 進捗状況 (前年度比). The values typed are under 1,000: printed as typed.
      expect(cells.at(-1), indicator.name).toBe(
        `${period} ${value}${indicator.unit} ${expectedDelta(indicator.id, value)}`,
      );
    }
    await shot(printed, 'year-24c-goal-table-printed');
    await printed.close();
  });

  it('11. the coordinator locks the year; the department’s sheet says so', async () => {
    const page = desk!;
    await tab(page, 'cycles');
    const row = page.locator(`[data-testid="cycle-list"] [data-cycle="${FY}"]`);
    await row.getByTestId('cycle-lock').click();
    await expect
      .poll(
        () => page.locator(`[data-testid="cycle-list"] [data-cycle="${FY}"]`).getAttribute('data-locked'),
        {
          timeout: 30_000,
        },
      )
      .toBe('true');
    await shot(page, 'year-25-locked');
    await paneA.getByTestId('rebuild').click();
    await expect.poll(() => paneA.textContent('body'), { timeout: 30_000 }).toContain('締切済み');
    await shot(paneA, 'year-26-a-locked');
  });

  it('12. the coordinator revises next year’s target (the 新旧対照表 shown before saving); the goal indicators stay with their departments', async () => {
    const page = desk!;
    await tab(page, 'plans');
    await reviseTargets(page, NEXT_FY, [[imported.projects[0]!.indicators[0]!.id, '36,000']], 2, [
      'year-27-targets-preview',
      'year-28-targets-saved',
    ]);
    // The new plan version keeps who reports which 数値目標 (assigned in step 3).
    await expectGoalsAssigned(page);
    await shot(page, 'year-29-goal-indicators-kept');
  });

  it('13. the coordinator opens the next year; its sheet carries the revised target and the goal indicators', async () => {
    const page = desk!;
    await chooseCycle(page, '令和6年度');
    await tab(page, 'cycles');
    await expect
      .poll(() => page.getByTestId('cycle-next-year').textContent(), { timeout: 30_000 })
      .toBe('令和7年度');
    await page.getByTestId('cycle-deadline').fill(addBusinessDays(deadline, 240));
    await page.getByTestId('cycle-open').click();
    await page.locator(`[data-testid="cycle-list"] [data-cycle="${NEXT_FY}"]`).waitFor({ timeout: 30_000 });
    await shot(page, 'year-30-next-cycle-opened');
    await chooseCycle(page, '令和7年度');
    for (const name of [A.name, B.name])
      await expect
        .poll(() => departmentRow(page, name).getAttribute('data-status'), { timeout: 30_000 })
        .toBe('draft');
    await shot(page, 'year-31-next-year-status');

    // Department A picks the new year in its pane: the sheet shows next year's target as revised.
    await paneA.reload();
    await chooseCycle(paneA, '令和7年度');
    await expect
      .poll(() => paneA.getByTestId('open-year').textContent(), { timeout: 60_000 })
      .toContain('令和7年度');
    await waitSaved(paneA);
    const first = imported.projects[0]!.indicators[0]!;
    await expect.poll(async () => (await cellOf(paneA, `i:${first.id}`, 'target')).value).toBe('36,000');
    // 基本目標1's indicators are A's to report again, blank in the new year.
    for (const { indicator } of goalValues(1, TYPED.goalsA)) {
      expect((await cellOf(paneA, `i:${indicator.id}`, 'indicator')).value).toBe(`■ ${indicator.name}`);
      expect((await cellOf(paneA, `i:${indicator.id}`, 'value')).value).toBe('');
    }
    await shot(paneA, 'year-32-a-next-year-sheet');
    await shotSheet(session.context, paneA, 'year-33-a-next-year-sheet-cells');
    expect(pageErrors(paneA)).toEqual([]);
    expect(pageErrors(desk!)).toEqual([]);
  });
});
