import { markerKey, normalizeWidth, parsePeriod, toPeriodRange } from '../notation/index.ts';
import type { Actual, Footnote, Indicator, PeriodRange, Project, SubmissionStatus } from '../schema/index.ts';
import { SUBMISSION_STATUS_LABEL } from '../tables/context.ts';
import { type CellReader, splitFootnoteLine, splitIndicatorName } from './import-cells.ts';

/**
 * Reads the blocks of a 進捗状況 project table laid out as this project exports it (tables/projects.ts):
 * heading `N 事業名【新規】`, then 計画期間 | … | 担当課 | … | 事業規模 | …, 事業概要, …の主な取組,
 * the KPI header and one row per KPI, then the block's footnotes.
 */

export interface ParsedBlock {
  project: Project;
  departmentNames: string[];
  actuals: Actual[];
  activities: string;
  /** The printed 達成度 of each KPI, to cross-check after import. */
  achievements: { indicatorId: string; row: number; col: number; printed: string }[];
  /** A block the export marked 未確定: the state of its submission then. */
  status: SubmissionStatus | 'none' | null;
}

const KPI_HEADER = ['指標', '当初値', '目標値(増分)', '実績値(増分)', '達成度'];
const TAG = /【(?:新規|\d+年目)】$/;
// The 未確定 note the export adds to a block whose submission is not approved (tables/projects.ts).
const UNCONFIRMED = /^※?[（(]?未確定[）)]?担当課の提出状況は「(.+?)」です。/;

export function isBlockStart(reader: CellReader, row: number): boolean {
  return reader.text(row, 0) === '計画期間';
}

function period(reader: CellReader, row: number, col: number): PeriodRange | null {
  const parsed = parsePeriod(reader.text(row, col));
  if (parsed) return toPeriodRange(parsed);
  reader.report('period', row, col, 'period', {
    ja: `計画期間「${reader.text(row, col)}」を読み取れません。「令和5～7年度」のように入力してください。`,
    en: `Cannot read the plan period "${reader.text(row, col)}". Write it like 令和5～7年度.`,
  });
  return null;
}

function budget(reader: CellReader, row: number): Project['budget'] {
  const label = reader.text(row, 4);
  const text = reader.text(row, 5);
  if (text === '') return undefined;
  const digit = text.search(/[0-9０-９△]/);
  const prefix = digit > 0 ? text.slice(0, digit).trim() : '';
  const figure = reader.figure(row, 5, 'budget');
  if (!figure) return undefined;
  return { amount: figure.value, ...(label !== '' ? { label } : {}), ...(prefix !== '' ? { prefix } : {}) };
}

function headerMatches(reader: CellReader, row: number): boolean {
  const got = [1, 2, 3, 4, 5].map((c) => normalizeWidth(reader.text(row, c)).replace(/\s+/g, ''));
  const ok = got.every((text, i) => (i === 1 ? text.endsWith('当初値') : text === KPI_HEADER[i]));
  if (!ok) {
    reader.report('kpi_header', row, 1, 'header', {
      ja: `KPIの見出し行が「指標｜当初値｜目標値(増分)｜実績値(増分)｜達成度」の順になっていません（${got.join('｜')}）。`,
      en: `The KPI header row is not 指標 | 当初値 | 目標値(増分) | 実績値(増分) | 達成度 (found ${got.join(' | ')}).`,
    });
  }
  return ok;
}

interface Kpi {
  indicator: Indicator;
  actual: Actual | null;
  nameMarkers: string[];
  actualMarker: string | null;
}

function kpiRow(
  reader: CellReader,
  row: number,
  projectId: string,
  fiscalYear: number,
  fallback: number,
): Kpi {
  const { number, name, markers } = splitIndicatorName(reader.text(row, 1));
  const id = `${projectId}-${number ?? fallback}`;
  const baseline = reader.text(row, 2) === '' ? null : reader.figure(row, 2, 'baseline');
  const targetText = reader.text(row, 3);
  // A target not yet set prints its note instead of a figure (※今後の趨勢を見極めて改めて設定).
  const isNote = targetText !== '' && !/[0-9０-９]/.test(targetText);
  const target = targetText === '' || isNote ? null : reader.figure(row, 3, 'target');
  const cell = reader.actual(row, 4);
  let actual: Actual | null = null;
  let actualMarker: string | null = null;
  if (cell?.kind === 'number') {
    actual = {
      indicatorId: id,
      value: cell.value,
      basis: 'year',
      footnotes: [],
      ...(cell.marker ? { marker: cell.marker } : {}),
    };
    actualMarker = cell.marker ?? null;
  } else if (cell?.kind === 'missing') {
    actual = { indicatorId: id, value: null, marker: cell.marker, basis: 'year', footnotes: [] };
    actualMarker = cell.marker;
  }
  if (name === '') {
    reader.report('indicator_name', row, 1, 'name', {
      ja: '指標名がありません。',
      en: 'The indicator has no name.',
    });
  }
  const indicator: Indicator = {
    id,
    number: number ?? fallback,
    name: name === '' ? `指標${fallback}` : name,
    unit: baseline?.unit ?? '',
    kind: isNote ? 'not_set' : 'increment',
    direction: 'higher_is_better',
    baseline: baseline ? { value: baseline.value } : null,
    targets: target ? [{ fiscalYear, value: target.value }] : [],
    footnotes: [],
    ...(isNote ? { note: targetText } : {}),
  };
  return { indicator, actual, nameMarkers: markers, actualMarker };
}

/** Gives each footnote line to the cells whose marker it explains; the rest belong to the project. */
function assignFootnotes(lines: string[], kpis: Kpi[], project: Project): SubmissionStatus | 'none' | null {
  let status: SubmissionStatus | 'none' | null = null;
  const keyOf = (marker: string) => markerKey(marker) ?? marker;
  const keys = new Set(
    kpis.flatMap((k) => [...k.nameMarkers, ...(k.actualMarker ? [k.actualMarker] : [])].map(keyOf)),
  );
  for (const line of lines) {
    const unconfirmed = UNCONFIRMED.exec(line);
    if (unconfirmed) {
      const entry = Object.entries(SUBMISSION_STATUS_LABEL).find(([, label]) => label === unconfirmed[1]);
      status = (entry?.[0] as SubmissionStatus | 'none' | undefined) ?? null;
      continue;
    }
    const { key, text } = splitFootnoteLine(line, keys);
    let claimed = false;
    for (const k of kpis) {
      for (const marker of k.nameMarkers.filter((m) => keyOf(m) === key)) {
        k.indicator.footnotes.push({ marker, text });
        claimed = true;
      }
      if (k.actual && k.actualMarker && keyOf(k.actualMarker) === key) {
        if (k.actual.value === null) k.actual.missingReason = text;
        else k.actual.footnotes.push({ marker: k.actualMarker, text });
        claimed = true;
      }
    }
    if (!claimed) project.footnotes.push({ marker: key, text } satisfies Footnote);
  }
  return status;
}

/** Parses the block whose 計画期間 row is `start`; returns it and the row after it. */
export function parseBlock(
  reader: CellReader,
  headingRow: number,
  start: number,
  fiscalYear: number,
): { block: ParsedBlock | null; next: number } {
  const heading = reader.text(headingRow, 0);
  const m = /^(\d{1,4})\s*(.+)$/.exec(heading.replace(TAG, '').trim());
  if (!m || headingRow < 0) {
    reader.report('heading', Math.max(headingRow, 0), 0, 'heading', {
      ja: `事業の見出し「${heading}」を読み取れません。「1 事業名【新規】」のように番号と事業名が必要です。`,
      en: `Cannot read the project heading "${heading}": it needs a number and a name, like 1 事業名【新規】.`,
    });
  }
  const number = Number(m?.[1] ?? 0);
  const id = `p${number}`;
  const range = period(reader, start, 1);
  const departmentNames = reader
    .text(start, 3)
    .split(/、|,|\s+/)
    .filter((d) => d !== '');
  if (departmentNames.length === 0) {
    reader.report('department', start, 3, 'departments', {
      ja: '担当課がありません。',
      en: 'No department (担当課) is given.',
    });
  }
  const amount = budget(reader, start);
  const project: Project = {
    id,
    number: Math.max(1, number),
    name: m?.[2]?.trim() ?? heading,
    period: range ?? { startFy: fiscalYear, endFy: fiscalYear },
    departmentIds: [],
    indicators: [],
    footnotes: [],
    ...(amount ? { budget: amount } : {}),
  };
  let row = start + 1;
  let activities = '';
  const kpis: Kpi[] = [];
  const achievements: ParsedBlock['achievements'] = [];
  for (; row < reader.rowCount; row++) {
    const label = reader.text(row, 0);
    if (label === '事業概要') project.overview = reader.text(row, 1);
    else if (label.endsWith('主な取組'))
      activities = reader
        .text(row, 1)
        .split('\n')
        .map((l) => l.trim().replace(/^・/, ''))
        .filter((l) => l !== '')
        .join('\n');
    else break;
  }
  if (reader.text(row, 0) === 'KPI') {
    const ok = headerMatches(reader, row);
    for (row++; row < reader.rowCount && reader.text(row, 0) === '' && reader.text(row, 1) !== ''; row++) {
      if (!ok) continue;
      const kpi = kpiRow(reader, row, id, fiscalYear, kpis.length + 1);
      kpis.push(kpi);
      reader.achievement(row, 5);
      achievements.push({ indicatorId: kpi.indicator.id, row, col: 5, printed: reader.text(row, 5) });
    }
  }
  const lines: string[] = [];
  for (; row < reader.rowCount && reader.texts(row).length > 0 && !isBlockStart(reader, row + 1); row++) {
    lines.push(reader.texts(row).join(' '));
  }
  const status = assignFootnotes(lines, kpis, project);
  project.indicators = kpis.map((k) => k.indicator);
  const actuals = kpis.flatMap((k) => (k.actual ? [k.actual] : []));
  return {
    block: m ? { project, departmentNames, actuals, activities, achievements, status } : null,
    next: row,
  };
}
