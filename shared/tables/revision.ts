/**
 * The 新旧対照表 (docs/domain.md §9.4): 変更後 on the left, 変更前 on the right, same rows and columns.
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
import { header, label, numberFormatFor, targetText, textCell, title, valueCell } from './cells.ts';
import { revisionFrame, titleLines } from './frames.ts';
import type { TableBlock, TableCell, TableModel } from './types.ts';

export interface RevisionTableOptions {
  /** The earlier version to compare with (default: the latest of previousVersions). */
  beforeVersion?: number;
  /** The title line (default: the plan's revision frame, else `新旧対照表 (下線部は変更部分)`). */
  title?: string;
}

type Side = 'after' | 'before';
interface Owner {
  id: string;
  heading: string;
  after: readonly Indicator[];
  before: readonly Indicator[];
}

/**
 * A figure as the 新旧対照表 prints it: with its unit, a zero bare (as the source's 事業開始前 column);
 * a threshold's bound with its comparator (`50%超`).
 */
function figure(value: Decimal | null, unit: string, ind?: Indicator): string {
  if (value === null) return '';
  if (ind?.kind === 'threshold') return targetText(ind, toDecimalString(value), true);
  return isZero(value) ? formatNumber(value) : formatQuantity(value, unit);
}

const decimalOrNull = (text: string | null | undefined): Decimal | null =>
  text == null ? null : decimal(text);

function sameFigure(a: Decimal | null, b: Decimal | null): boolean {
  if (a === null || b === null) return a === b;
  return cmp(a, b) === 0;
}

interface RowFigures {
  indicator: Indicator;
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
    indicator: ind,
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
    // The baseline is a level, not a bound: only the targets print a comparator.
    const text = own === null ? '' : figure(value, own.unit, field === 'target' ? own.indicator : undefined);
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
  const frame = revisionFrame(plan, before);
  const width = years.length + 3;
  // Two header rows: the year's place in the plan period (1年目…) above each year's column.
  const start = plan.plan.period.startFy;
  const ordinal = (fy: number) => (fy >= start ? `${fy - start + 1}年目` : '');
  const tall = { rowSpan: 2, wrap: true };
  const upper = [
    header('指標', tall),
    header(firstBaseline ?? '基準値', tall),
    ...years.map((fy) => header(ordinal(fy), { wrap: true })),
    header('KPI増加分の累計', tall),
  ];
  const lower = years.map((fy) => header(yearHeader(fy, owners), { wrap: true }));
  // The document's section rows, on both halves: above the first table and below the last.
  const sectionRows = (sections: readonly string[]) =>
    sections.map((s) => [textCell(s, { colSpan: width }), textCell(s, { colSpan: width })]);

  const blocks: TableBlock[] = owners.map((o, n) => {
    const ids = [
      ...o.after.map((i) => i.id),
      ...o.before.map((i) => i.id).filter((id) => !o.after.some((i) => i.id === id)),
    ];
    const rows: TableCell[][] = [
      [title('変更後', { colSpan: width }), title('変更前', { colSpan: width })],
      ...(n === 0 ? sectionRows(frame.sectionsBefore) : []),
      [...upper, ...upper],
      [...lower, ...lower],
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
      ...(n === owners.length - 1 ? sectionRows(frame.sectionsAfter) : []),
    ];
    // The frame prints the plan's name (`○<plan> (抄)`): a block of that name needs no heading.
    const named = o.heading === plan.plan.title && frame.lines.some((l) => l.includes(o.heading));
    const heading = named ? {} : { heading: o.heading };
    return { id: `revision-${o.id}`, ...heading, columns: width * 2, rows, footnotes: [] };
  });
  // Sized like the other tables (about 124 units for three years), so the printout of the two
  // halves fits A4 landscape at the same type size: names wrap as in the source (7 characters a line),
  // figures (`25,000千円`) do not.
  const halfWidths = [14, 8, ...years.map(() => 10), 10];
  return {
    kind: 'revision',
    ...titleLines(frame, options.title),
    ...(frame.label ? { frame: { label: frame.label } } : {}),
    columnWidths: [...halfWidths, ...halfWidths],
    summary: [],
    blocks,
    footnotes: [],
    problems,
  };
}
