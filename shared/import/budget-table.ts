import { parseNumber, parsePeriod } from '../notation/index.ts';
import type { BudgetEntry, Footnote } from '../schema/index.ts';
import { DERIVED, LAYOUT, to } from './paths.ts';
import { readTableNotes } from './project-table.ts';
import { type Region, readTableHead, type TableHead } from './regions.ts';
import type { ImportSheet } from './sheet.ts';
import { loose } from './values.ts';

/**
 * The budget table (当初予算額［決算額］, docs/domain.md §9.5): the title (the plan's), （単位：千円）, then
 * per section its heading and the rows `関係事業名 | 当初予算額↵［決算額］ | 実施概要（担当課）`; a
 * ［再掲］ row repeats a project of another section. The fiscal year is not printed: it is the one
 * the file carries (an xlsx of ours), else the report year of the other tables read with it, else
 * the first year of the title (`…令和４年度事業の実施状況…`).
 */

export interface BudgetTable {
  sheet: ImportSheet;
  head: TableHead;
  title: string | null;
  /** The first fiscal year the title names, if any. */
  titleYear: number | null;
  entries: ReadBudgetEntry[];
  notes: Footnote[];
  /** Budget tables print no report year. */
  fiscalYear: number | null;
}

export type ReadBudgetEntry = Omit<BudgetEntry, 'fiscalYear'>;

const HEADERS = ['関係事業名', '当初予算額', '実施概要'];
const REPRINT = '［再掲］';
export const BUDGET_UNIT = '（単位：千円）';

/** The header row of a budget section: 関係事業名 | 当初予算額［決算額］ | 実施概要（担当課・室）. */
export function isBudgetAnchor(sheet: ImportSheet, row: number): boolean {
  const cells = sheet.cells(row);
  return cells.length === 3 && cells.every((c, i) => loose(c.text).startsWith(HEADERS[i]!));
}

/** `19,225↵［17,071］`, `19,225↵［ ］`: the 当初予算額 and the 決算額 (null when not reported). */
function readAmounts(text: string): { initial: string; settlement: string | null } | null {
  const [first = '', second = '', ...rest] = text.split(/\r\n?|\n/u).map((l) => l.trim());
  if (rest.some((l) => l !== '')) return null;
  const initial = parseNumber(first);
  if (!initial.ok || (initial.unit !== null && initial.unit !== '千円')) return null;
  const m = /^[［[]\s*(.*?)\s*[］\]]$/u.exec(second);
  if (!m) return null;
  if (m[1] === '') return { initial: initial.value, settlement: null };
  const settled = parseNumber(m[1]!);
  if (!settled.ok || (settled.unit !== null && settled.unit !== '千円')) return null;
  return { initial: initial.value, settlement: settled.value };
}

/** `…を実施した。（新産業振興課）`: the description and the department in the last parentheses. */
export function splitDepartment(text: string): { description: string; department: string } {
  const m = /^([\s\S]*)（([^（）\r\n]+)）$/u.exec(text);
  return m ? { description: m[1]!, department: m[2]! } : { description: text, department: '' };
}

function reportRow(sheet: ImportSheet, row: number, col: number, what: string): void {
  sheet.report(row, col, {
    code: 'value',
    field: 'budget',
    message: {
      ja: `${what}を読み取れません。「19,225」の下の行に「［17,071］」（決算額がなければ「［ ］」）と書いてください。`,
      en: `Cannot read ${what === '金額' ? 'the amounts' : what}: write 19,225 with ［17,071］ (or ［ ］ when not settled) on the line below.`,
    },
  });
}

const YEAR = /(?:令和|平成|[RH])\s*[0-9０-９元]+\s*年度/u;

export function readBudgetTable(sheet: ImportSheet, region: Region): BudgetTable {
  const anchors = region.anchors;
  const headingAbove = (a: number, floor: number) => {
    const row = a - 1;
    return row >= floor && sheet.cells(row).length === 1 ? row : null;
  };
  const head = readTableHead(
    sheet,
    region.from,
    headingAbove(anchors[0]!, region.from) ?? anchors[0]!,
    () => false,
  );
  const lines = head.lines.filter((l) => l.text !== BUDGET_UNIT);
  for (const l of head.lines) if (l.text === BUDGET_UNIT) sheet.take(l.row, l.col, LAYOUT);
  const title = lines[0]?.text ?? null;
  // The budget table's title is the plan's.
  if (lines[0]) sheet.take(lines[0].row, lines[0].col, 'plan.title');
  const year = title ? YEAR.exec(title) : null;
  const log = sheet.log;
  const entries: ReadBudgetEntry[] = [];
  let next = region.to;
  for (const [i, anchor] of anchors.entries()) {
    const headingRow = headingAbove(anchor, region.from);
    const section = headingRow === null ? '' : sheet.line(headingRow, sheet.first(headingRow)!.col);
    for (const c of sheet.cells(anchor)) sheet.take(anchor, c.col, LAYOUT);
    const cols = sheet.cells(anchor).map((c) => c.col) as [number, number, number];
    const end =
      anchors[i + 1] !== undefined
        ? (headingAbove(anchors[i + 1]!, region.from) ?? anchors[i + 1]!)
        : region.to;
    let row = anchor + 1;
    for (; row < end && !sheet.isBlank(row); row++) {
      const [nameText, amountsText, descriptionText] = cols.map((c) => sheet.text(row, c)) as [
        string,
        string,
        string,
      ];
      if (loose(nameText) === '計' && descriptionText === '［再掲］を除く') {
        // The 計 row of the option `totalRows`: derived from the rows above.
        for (const c of cols) sheet.take(row, c, DERIVED);
        continue;
      }
      const amounts = readAmounts(amountsText);
      if (!amounts) {
        reportRow(sheet, row, cols[1], '金額');
        continue;
      }
      const reprint = nameText.endsWith(REPRINT);
      const name = sheet.line(row, cols[0]);
      const shownName = reprint ? name.slice(0, -REPRINT.length).trim() : name;
      const index = entries.length;
      const known = log.identity?.identity.budgets[index];
      const id = log.uniqueId(known && known.name === shownName ? known.id : `b${index + 1}`);
      const { description, department } = splitDepartment(descriptionText);
      entries.push({
        id,
        section,
        name: shownName,
        initialBudget: amounts.initial,
        settlement: amounts.settlement,
        description,
        department,
        isReprint: reprint,
      });
      sheet.take(row, cols[0], to.budget(id, 'name'));
      sheet.take(row, cols[1], to.budget(id, 'initialBudget'));
      sheet.take(row, cols[2], to.budget(id, description === '' ? 'department' : 'description'));
    }
    if (headingRow !== null) {
      const first = entries.find((e) => e.section === section);
      sheet.take(headingRow, sheet.first(headingRow)!.col, first ? to.budget(first.id, 'section') : LAYOUT);
    }
    next = row;
  }
  const rest = Array.from({ length: Math.max(0, region.to - next) }, (_, i) => next + i);
  const notes = readTableNotes(sheet, rest);
  return {
    sheet,
    head: { ...head, lines },
    title,
    titleYear: year ? (parsePeriod(year[0])?.startYear ?? null) : null,
    entries,
    notes,
    fiscalYear: null,
  };
}
