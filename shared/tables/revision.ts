/**
 * The 新旧対照表 (DOMAIN.md §8.3): 変更後 on the left, 変更前 on the right, same rows and columns.
 * A cell is changed when its value differs — values, not text: `0` and `0 千円` are the same figure.
 * Changed cells are underlined on both halves. The 累計 column is derived on both sides (the sum of
 * the yearly increments, by calc), so it always agrees with its years; a printed total that does not
 * is reported where it is read (the importer, scripts/convert/revision.ts).
 */
import { cumulativeTarget, targetOfYear } from '../calc/cumulative.ts';
import { cmp, type Decimal, decimal, isZero, toDecimalString } from '../decimal.ts';
import { fiscalYearLabel, formatNumber, formatQuantity, normalizeUnit } from '../notation/index.ts';
import { type Problem, problem } from '../problem.ts';
import type { Indicator, PlanFile, PlanVersion } from '../schema/index.ts';
import { header, label, numberFormatFor, title, valueCell } from './cells.ts';
import type { TableBlock, TableCell, TableModel } from './types.ts';

export interface RevisionTableOptions {
  /** The earlier version to compare with (default: the latest of previousVersions). */
  beforeVersion?: number;
  title?: string;
}

type Side = 'after' | 'before';
interface Owner {
  id: string;
  heading: string;
  after: readonly Indicator[];
  before: readonly Indicator[];
}

/** A figure as the 新旧対照表 prints it: with its unit, a zero bare (as the source's 事業開始前 column). */
function figure(value: Decimal | null, unit: string): string {
  if (value === null) return '';
  return isZero(value) ? formatNumber(value) : formatQuantity(value, unit);
}

const decimalOrNull = (text: string | null | undefined): Decimal | null =>
  text == null ? null : decimal(text);

function sameFigure(a: Decimal | null, b: Decimal | null): boolean {
  if (a === null || b === null) return a === b;
  return cmp(a, b) === 0;
}

interface RowFigures {
  name: string;
  unit: string;
  baseline: Decimal | null;
  years: (Decimal | null)[];
  total: Decimal | null;
}

function figuresOf(ind: Indicator | undefined, years: readonly number[]): RowFigures | null {
  if (!ind) return null;
  const last = Math.max(...ind.targets.map((t) => t.fiscalYear));
  return {
    name: ind.name,
    unit: normalizeUnit(ind.unit),
    baseline: decimalOrNull(ind.baseline?.value),
    years: years.map((fy) => decimalOrNull(targetOfYear(ind, fy)?.value)),
    total: ind.kind === 'increment' && Number.isFinite(last) ? cumulativeTarget(ind, last) : null,
  };
}

function halfRow(
  own: RowFigures | null,
  other: RowFigures | null,
  side: Side,
  id: string,
  years: readonly number[],
): TableCell[] {
  // A zero prints bare, so a unit change only shows (and counts) on a non-zero figure.
  const changed = (a: Decimal | null | undefined, b: Decimal | null | undefined) =>
    own === null ||
    other === null ||
    !sameFigure(a ?? null, b ?? null) ||
    (own.unit !== other.unit && a != null && !isZero(a));
  const cell = (
    value: Decimal | null,
    otherValue: Decimal | null | undefined,
    field: string,
    fiscalYear?: number,
  ) => {
    const text = own === null ? '' : figure(value, own.unit);
    const number = value === null ? null : toDecimalString(value);
    return valueCell(
      text,
      number,
      { indicatorId: id, field, side, ...(fiscalYear ? { fiscalYear } : {}) },
      {
        ...(number !== null && own
          ? { numberFormat: numberFormatFor(number, isZero(value!) ? '' : own.unit) }
          : {}),
        ...(changed(value, otherValue) && text !== '' ? { underline: true } : {}),
      },
    );
  };
  return [
    label(own?.name ?? '', {
      wrap: true,
      ref: { indicatorId: id, field: 'name', side },
      ...(own !== null && (other === null || other.name !== own.name) ? { underline: true } : {}),
    }),
    cell(own?.baseline ?? null, other?.baseline, 'baseline'),
    ...years.map((fy, i) => cell(own?.years[i] ?? null, other?.years[i], 'target', fy)),
    cell(own?.total ?? null, other?.total, 'cumulative'),
  ];
}

function ownersOf(plan: PlanFile, before: PlanVersion): Owner[] {
  const owners: Owner[] = [];
  for (const p of plan.projects) {
    const old = before.projects.find((q) => q.id === p.id);
    owners.push({
      id: `project-${p.id}`,
      heading: p.name,
      after: p.indicators,
      before: old?.indicators ?? [],
    });
  }
  for (const p of before.projects) {
    if (!plan.projects.some((q) => q.id === p.id))
      owners.push({ id: `project-${p.id}`, heading: p.name, after: [], before: p.indicators });
  }
  for (const g of plan.goals) {
    const old = before.goals.find((q) => q.id === g.id);
    owners.push({ id: `goal-${g.id}`, heading: g.title, after: g.indicators, before: old?.indicators ?? [] });
  }
  return owners.filter((o) => o.after.length + o.before.length > 0);
}

function yearHeader(fy: number, owners: readonly Owner[]): string {
  // The era year as the plan printed it (H31年度 was written before 令和), else the current era.
  for (const o of owners) {
    for (const ind of o.after) {
      const period = targetOfYear(ind, fy)?.period;
      if (period) return `${period} 増加分`;
    }
  }
  return `${fiscalYearLabel(fy, 'era-short')} 増加分`;
}

export function buildRevisionTable(plan: PlanFile, options: RevisionTableOptions = {}): TableModel {
  const problems: Problem[] = [];
  const versions = [...plan.previousVersions].sort((a, b) => a.version - b.version);
  const before =
    options.beforeVersion === undefined
      ? versions[versions.length - 1]
      : versions.find((v) => v.version === options.beforeVersion);
  if (!before) {
    problems.push(
      problem('revision.no_previous_version', 'previousVersions', {
        ja: `比較する変更前の版${options.beforeVersion === undefined ? '' : `（第${options.beforeVersion}版）`}がありません。`,
        en: `There is no earlier version${options.beforeVersion === undefined ? '' : ` ${options.beforeVersion}`} to compare with.`,
      }),
    );
  }
  const owners = before ? ownersOf(plan, before) : [];
  const years = [
    ...new Set(
      owners.flatMap((o) => [...o.after, ...o.before].flatMap((i) => i.targets.map((t) => t.fiscalYear))),
    ),
  ].sort((a, b) => a - b);
  const firstBaseline = owners.flatMap((o) => o.after).find((i) => i.baseline?.period)?.baseline?.period;
  const half = [
    '指標',
    firstBaseline ?? '基準値',
    ...years.map((fy) => yearHeader(fy, owners)),
    'KPI増加分の累計',
  ];
  const width = half.length;

  const blocks: TableBlock[] = owners.map((o) => {
    const ids = [
      ...o.after.map((i) => i.id),
      ...o.before.map((i) => i.id).filter((id) => !o.after.some((i) => i.id === id)),
    ];
    const rows: TableCell[][] = [
      [title('変更後', { colSpan: width }), title('変更前', { colSpan: width })],
      [...half, ...half].map((h) => header(h, { wrap: true })),
      ...ids.map((id) => {
        const after = figuresOf(
          o.after.find((i) => i.id === id),
          years,
        );
        const old = figuresOf(
          o.before.find((i) => i.id === id),
          years,
        );
        return [...halfRow(after, old, 'after', id, years), ...halfRow(old, after, 'before', id, years)];
      }),
    ];
    return { id: `revision-${o.id}`, heading: o.heading, columns: width * 2, rows, footnotes: [] };
  });
  const halfWidths = [24, 10, ...years.map(() => 12), 14];
  return {
    kind: 'revision',
    title: options.title ?? '新旧対照表（下線部は変更部分）',
    subtitle: `${plan.plan.title}（変更前: ${before?.label ?? `第${before?.version ?? '-'}版`} → 変更後: 第${plan.plan.version}版）`,
    columnWidths: [...halfWidths, ...halfWidths],
    summary: [],
    blocks,
    footnotes: [],
    problems,
  };
}
