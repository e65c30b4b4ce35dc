import type { Message } from '../problem.ts';
import type { PathSegment } from './path.ts';

/**
 * The name of a field as people know it from the printed tables (目標値, 担当課…), so a message can say
 * which field is wrong without making a reader decode a JSON path.
 */
export type FieldLabel = Message;

const L = (ja: string, en: string): FieldLabel => ({ ja, en });

/** Labels that depend on the object the key sits in (`targets[0].value` is a 目標値, not a 実績値). */
const BY_PARENT: Record<string, Record<string, FieldLabel>> = {
  targets: {
    value: L('目標値', 'Target'),
    fiscalYear: L('目標値の年度', 'Target fiscal year'),
    period: L('目標値の時点', 'Target period label'),
  },
  baseline: { value: L('当初値', 'Baseline'), period: L('当初値の時点', 'Baseline period label') },
  actuals: {
    value: L('実績値', 'Actual'),
    period: L('実績値の時点', 'Actual period label'),
    marker: L('実績値の注記記号', 'Actual marker'),
    text: L('実績（定性）', 'Qualitative result'),
  },
  cycles: { fiscalYear: L('報告年度', 'Report cycle year'), label: L('報告年度の表記', 'Cycle label') },
  budget: {
    amount: L('事業規模（千円）', 'Budget (thousand yen)'),
    label: L('事業規模の見出し', 'Budget label'),
  },
  budgets: { name: L('関係事業名', 'Budget entry name'), fiscalYear: L('予算の年度', 'Budget fiscal year') },
  footnotes: { marker: L('注記記号', 'Footnote marker'), text: L('注記', 'Footnote text') },
  activities: { text: L('主な取組', 'Activities of the year') },
  plan: { title: L('計画名', 'Plan title'), period: L('計画期間', 'Plan period') },
  projects: {
    name: L('事業名', 'Project name'),
    number: L('事業番号', 'Project number'),
    period: L('計画期間', 'Project period'),
  },
  indicators: { name: L('指標名', 'Indicator name'), number: L('指標番号（①..）', 'Indicator number') },
  goals: { title: L('基本目標', 'Goal title'), number: L('基本目標の番号', 'Goal number') },
  departments: { name: L('担当課名', 'Department name') },
  submissions: { status: L('提出状況', 'Submission status') },
};

const BY_KEY: Record<string, FieldLabel> = {
  format: L('形式 (format)', 'Format'),
  plan: L('計画', 'Plan'),
  id: L('ID', 'ID'),
  number: L('番号', 'Number'),
  name: L('名称', 'Name'),
  title: L('名称', 'Title'),
  unit: L('単位', 'Unit'),
  kind: L('指標の種類', 'Indicator kind'),
  direction: L('方向（高いほど良い・低いほど良い）', 'Direction'),
  baseline: L('当初値', 'Baseline'),
  targets: L('目標値', 'Targets'),
  window: L('累計の期間', 'Cumulative window'),
  threshold: L('閾値（以上・超など）', 'Threshold'),
  comparator: L('比較（以上・超・以下・未満）', 'Comparator'),
  maintain: L('維持', 'Maintain'),
  note: L('備考', 'Note'),
  footnotes: L('注記', 'Footnotes'),
  marker: L('注記記号', 'Marker'),
  text: L('本文', 'Text'),
  period: L('期間', 'Period'),
  startFy: L('開始年度', 'Start fiscal year'),
  endFy: L('終了年度', 'End fiscal year'),
  fiscalYear: L('年度', 'Fiscal year'),
  version: L('版', 'Version'),
  issuer: L('発行者', 'Issuer'),
  departments: L('担当課', 'Departments'),
  departmentIds: L('担当課', 'Departments'),
  departmentId: L('担当課', 'Department'),
  budget: L('事業規模', 'Budget'),
  overview: L('事業概要', 'Overview'),
  indicators: L('KPI・指標', 'Indicators'),
  goals: L('基本目標', 'Goals'),
  directions: L('基本的方向', 'Directions'),
  projects: L('事業', 'Projects'),
  cycles: L('報告年度', 'Report cycles'),
  label: L('表記', 'Label'),
  locked: L('ロック', 'Locked'),
  actuals: L('実績値', 'Actuals'),
  indicatorId: L('指標ID', 'Indicator ID'),
  projectId: L('事業ID', 'Project ID'),
  value: L('値', 'Value'),
  missingReason: L('実績値がない理由', 'Reason for the missing actual'),
  shortfallReason: L('未達成の理由', 'Reason for the shortfall'),
  basis: L('集計の基準（year / to_date）', 'Basis'),
  status: L('達成状況', 'Status'),
  activities: L('主な取組', 'Activities'),
  submissions: L('提出状況', 'Submissions'),
  comment: L('コメント', 'Comment'),
  displayName: L('表示名', 'Display name'),
  budgets: L('予算', 'Budgets'),
  section: L('区分', 'Section'),
  initialBudget: L('当初予算額（千円）', 'Initial budget (thousand yen)'),
  settlement: L('決算額（千円）', 'Settlement (thousand yen)'),
  amount: L('金額（千円）', 'Amount (thousand yen)'),
  description: L('実施概要', 'Description'),
  department: L('担当課', 'Department'),
  isReprint: L('再掲', 'Reprint'),
  previousVersions: L('過去の版', 'Previous versions'),
  prefix: L('前置き（仙台市 など）', 'Prefix'),
};

const FILE = L('ファイル全体', 'The whole file');

function lastKey(path: readonly PathSegment[], from: number): { key: string; at: number } | undefined {
  for (let i = from; i >= 0; i--) {
    const segment = path[i];
    if (typeof segment === 'string') return { key: segment, at: i };
  }
  return undefined;
}

/** The label of the field a path points at; an array element takes its array's label. */
export function fieldLabel(path: readonly PathSegment[]): FieldLabel {
  const last = lastKey(path, path.length - 1);
  if (!last) return FILE;
  const parent = lastKey(path, last.at - 1);
  // hasOwn, not `in`: keys come from untrusted JSON ("constructor", "__proto__").
  const table = parent && Object.hasOwn(BY_PARENT, parent.key) ? BY_PARENT[parent.key] : undefined;
  if (table && Object.hasOwn(table, last.key)) return table[last.key]!;
  if (Object.hasOwn(BY_KEY, last.key)) return BY_KEY[last.key]!;
  // An unknown key (a typo in the file) is named as written, so the reader can find it.
  return L(`「${last.key.slice(0, 40)}」`, `"${last.key.slice(0, 40)}"`);
}
