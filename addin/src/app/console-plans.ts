import type { PlanSummary } from '../../../shared/api.ts';
import { targetsDiffer } from '../../../shared/calc/targets.ts';
import { type ImportSummary, summaryLine } from '../../../shared/import/summary.ts';
import { fiscalYearLabel, formatNumber, parseNumber } from '../../../shared/notation/index.ts';
import type { Problem } from '../../../shared/problem.ts';
import { type Indicator, type PlanFile, ShortfallSetting } from '../../../shared/schema/index.ts';
import { circledNumber } from '../../../shared/tables/cells.ts';
import { formatShortfallBelow } from '../../../shared/workflow/index.ts';
import type { ConsoleAbilities } from './console.ts';
import { ct } from './console-messages.ts';
import type { Lang, Translator } from './i18n.ts';

/**
 * The plans section: the list (archived ones marked, titles shared by two plans flagged), the
 * preview of a table read without saving (the summary line `3事業・11指標・注記2件…` and every
 * problem with its cell), the target changes an imported table makes to an existing plan, and the
 * grid of targets a revision edits. Pure.
 */

export interface PlanRow {
  id: string;
  title: string;
  detail: string;
  archived: boolean;
  sameTitle: boolean;
  canArchive: boolean;
  canRestore: boolean;
  canDelete: boolean;
  /** 未達成の理由 (docs/domain.md §8.6): the plan's setting (off when it has none) and its line. */
  shortfall: ShortfallSetting;
  shortfallText: string;
  /** The coordinator changes it (plan.write). */
  canSetShortfall: boolean;
}

/** The console's words for the 未達成の理由 setting, Japanese first. */
const SHORTFALL_TEXT = {
  on: {
    ja: '未達成の理由: 達成度が {below} 未満の指標に入力を求める',
    en: 'Reason for a shortfall: asked below {below}',
  },
  off: { ja: '未達成の理由: 求めない', en: 'Reason for a shortfall: not asked' },
  required: {
    ja: '達成度が基準未満の指標に未達成の理由を求める',
    en: 'Ask for a reason when a KPI falls short',
  },
  below: { ja: '基準（達成度 %）', en: 'Threshold (achievement %)' },
  save: { ja: '未達成の理由の設定を保存', en: 'Save the shortfall setting' },
  saved: { ja: '未達成の理由の設定を保存しました。', en: 'The shortfall setting was saved.' },
  bad: {
    ja: '基準は 1 から 1000 までの数で、小数は1桁までです（例: 100.0）。',
    en: 'The threshold is a number from 1 to 1000 with at most one decimal (e.g. 100.0).',
  },
} as const;

export type ShortfallTextKey = keyof typeof SHORTFALL_TEXT;

export function shortfallText(lang: Lang, key: ShortfallTextKey, below?: number): string {
  return SHORTFALL_TEXT[key][lang].replace('{below}', below === undefined ? '' : formatShortfallBelow(below));
}

/** The setting as the form says it: a threshold typed as `100`, `100.0` or `１００．０`; else the error to show. */
export function shortfallFromForm(
  required: boolean,
  belowText: string,
  lang: Lang,
): { ok: true; value: ShortfallSetting } | { ok: false; error: string } {
  const parsed = parseNumber(belowText.trim());
  // A unit (`%`) is allowed; the percent figure itself is what the setting holds.
  const below =
    parsed.ok && (parsed.unit === null || parsed.unit === '%') ? Number(parsed.value) : Number.NaN;
  const setting = ShortfallSetting.safeParse({ required, below });
  return setting.success
    ? { ok: true, value: setting.data }
    : { ok: false, error: shortfallText(lang, 'bad') };
}

export function selectPlans(plans: readonly PlanSummary[], can: ConsoleAbilities, lang: Lang): PlanRow[] {
  const titles = new Map<string, number>();
  for (const p of plans) titles.set(p.title, (titles.get(p.title) ?? 0) + 1);
  return plans.map((p) => {
    const period = `${fiscalYearLabel(p.period.startFy, 'era-long')}～${fiscalYearLabel(p.period.endFy, 'era-long')}`;
    const cycles = p.cycles.map((c) => c.label ?? fiscalYearLabel(c.fiscalYear, 'era-long')).join('、');
    return {
      id: p.id,
      title: p.title,
      detail: [
        p.id,
        period,
        lang === 'ja' ? `第${p.currentVersion}版` : `version ${p.currentVersion}`,
        cycles,
        p.archived ? ct(lang, 'planArchived') : null,
      ]
        .filter(Boolean)
        .join(' · '),
      archived: p.archived,
      sameTitle: (titles.get(p.title) ?? 0) > 1,
      canArchive: can.archivePlans && !p.archived,
      canRestore: can.archivePlans && p.archived,
      canDelete: can.archivePlans,
      shortfall: p.shortfallReason ?? { required: false, below: 100 },
      shortfallText: p.shortfallReason?.required
        ? shortfallText(lang, 'on', p.shortfallReason.below)
        : shortfallText(lang, 'off'),
      canSetShortfall: can.writePlans && !p.archived,
    };
  });
}

/** What POST /api/tables/import answered: a plan with its summary, or 422 with the problems. */
export interface TableReadResult {
  plan: PlanFile | null;
  summary: Partial<ImportSummary> | null;
  problems: readonly Problem[];
}

export interface ImportPreview {
  summary: string;
  problemsTitle: string;
  problems: { cell: string; severity: 'error' | 'warning'; message: string }[];
  /** A plan was read: it can be saved (new plan, or a new version of one). */
  canSave: boolean;
  planId: string | null;
  title: string | null;
}

const fullSummary = (s: Partial<ImportSummary>): ImportSummary => ({
  projects: 0,
  indicators: 0,
  goals: 0,
  goalIndicators: 0,
  notes: 0,
  cells: 0,
  cellsNotRead: 0,
  notHeld: 0,
  errors: 0,
  warnings: 0,
  ...s,
});

/** `進捗状況!E12` — the cell a problem names is its path (the importer's paths are cell addresses). */
export function selectImportPreview(r: TableReadResult, t: Translator): ImportPreview {
  const lang = t.lang;
  const problems = r.problems.map((p) => ({ cell: p.path, severity: p.severity, message: t.msg(p.message) }));
  return {
    summary: r.summary ? t.msg(summaryLine(fullSummary(r.summary))) : '',
    problemsTitle: problems.length
      ? ct(lang, 'importProblems', { n: problems.length })
      : ct(lang, 'importNoProblems'),
    problems,
    canSave: r.plan !== null,
    planId: r.plan?.plan.id ?? null,
    title: r.plan?.plan.title ?? null,
  };
}

export interface TargetChange {
  indicatorId: string;
  fiscalYear: number;
  value: string | null;
}

type Owner = { kind: 'goal' | 'project'; number: number };

function indicatorsWithOwner(plan: Pick<PlanFile, 'goals' | 'projects'>) {
  return [
    ...plan.goals.flatMap((g) =>
      g.indicators.map((i) => ({ i, owner: { kind: 'goal', number: g.number } as Owner })),
    ),
    ...plan.projects.flatMap((p) =>
      p.indicators.map((i) => ({ i, owner: { kind: 'project', number: p.number } as Owner })),
    ),
  ];
}

/** The same target by its figure (`5` and `5.0`), as the 新旧対照表 judges (shared/calc/targets.ts). */
const sameFigure = (a: string | null, b: string | null) =>
  !targetsDiffer(a === null ? null : { value: a }, b === null ? null : { value: b });

/**
 * The target changes that make `existing` hold the targets of `incoming` (a table read as a plan):
 * indicators matched by id, else by position (goal or project number, indicator number). Targets
 * of indicators the existing plan lacks cannot be a new version of it: they are counted as skipped.
 */
export function targetChangesFromFile(
  existing: Pick<PlanFile, 'goals' | 'projects'>,
  incoming: Pick<PlanFile, 'goals' | 'projects'>,
): { changes: TargetChange[]; skipped: number } {
  const mine = indicatorsWithOwner(existing);
  const byId = new Map(mine.map((x) => [x.i.id, x.i]));
  const byPlace = new Map(mine.map((x) => [`${x.owner.kind}:${x.owner.number}:${x.i.number}`, x.i]));
  const changes: TargetChange[] = [];
  let skipped = 0;
  for (const { i, owner } of indicatorsWithOwner(incoming)) {
    const match = byId.get(i.id) ?? byPlace.get(`${owner.kind}:${owner.number}:${i.number}`);
    if (!match) {
      skipped++;
      continue;
    }
    const years = new Set([...match.targets, ...i.targets].map((x) => x.fiscalYear));
    for (const fy of [...years].sort()) {
      const before = match.targets.find((x) => x.fiscalYear === fy)?.value ?? null;
      const after = i.targets.find((x) => x.fiscalYear === fy)?.value ?? null;
      if (!sameFigure(before, after)) changes.push({ indicatorId: match.id, fiscalYear: fy, value: after });
    }
  }
  return { changes, skipped };
}

export interface TargetGridRow {
  indicatorId: string;
  label: string;
  unit: string;
  cells: { fiscalYear: number; value: string; shown: string }[];
}

/** Every indicator of the plan with its target of each year of the plan period, as the grid shows it. */
export function targetGrid(plan: PlanFile): { years: number[]; rows: TargetGridRow[] } {
  const years = Array.from(
    { length: plan.plan.period.endFy - plan.plan.period.startFy + 1 },
    (_, k) => plan.plan.period.startFy + k,
  );
  const row = (prefix: string, i: Indicator): TargetGridRow => ({
    indicatorId: i.id,
    label: `${prefix} ${circledNumber(i.number)} ${i.name}`,
    unit: i.unit,
    cells: years.map((fy) => {
      const value = i.targets.find((x) => x.fiscalYear === fy)?.value ?? '';
      return { fiscalYear: fy, value, shown: value === '' ? '' : formatNumber(value) };
    }),
  });
  return {
    years,
    rows: [
      ...plan.projects.flatMap((p) => p.indicators.map((i) => row(`${p.number} ${p.name}`, i))),
      ...plan.goals.flatMap((g) => g.indicators.map((i) => row(`基本目標${g.number}`, i))),
    ],
  };
}

/**
 * The changes typed into the grid: a figure in any notation people use (`1,234`, `△25`, full-width
 * digits), an emptied cell removes the target; a cell that is not a figure is a problem.
 */
export function changesFromGrid(
  grid: { rows: TargetGridRow[] },
  typed: ReadonlyMap<string, string>,
): {
  changes: TargetChange[];
  problems: { indicatorId: string; fiscalYear: number; message: { ja: string; en: string } }[];
} {
  const changes: TargetChange[] = [];
  const problems: { indicatorId: string; fiscalYear: number; message: { ja: string; en: string } }[] = [];
  for (const r of grid.rows)
    for (const c of r.cells) {
      const raw = typed.get(`${r.indicatorId}|${c.fiscalYear}`);
      if (raw === undefined || raw.trim() === c.shown) continue;
      if (raw.trim() === '') {
        if (c.value !== '')
          changes.push({ indicatorId: r.indicatorId, fiscalYear: c.fiscalYear, value: null });
        continue;
      }
      const parsed = parseNumber(raw);
      if (!parsed.ok) {
        problems.push({ indicatorId: r.indicatorId, fiscalYear: c.fiscalYear, message: parsed.message });
        continue;
      }
      if (!sameFigure(parsed.value, c.value || null))
        changes.push({ indicatorId: r.indicatorId, fiscalYear: c.fiscalYear, value: parsed.value });
    }
  return { changes, problems };
}
