/**
 * The parts of the published-report fixtures (tests/fixtures/*.json, schema kpi-progress-fixture/v1)
 * that the conversion reads. Fields not listed here are ignored.
 */

export interface PrintedValue {
  printed: string;
  value: number | null;
  unit?: string;
  period_label?: string;
}

export interface GoalIndicatorFixture {
  indicator: string;
  kind: 'cumulative' | 'level' | 'rate';
  direction: 'higher_is_better' | 'lower_is_better';
  unit: string;
  baseline: PrintedValue & { period_label: string };
  target: PrintedValue & { period_label: string };
  actual: PrintedValue & { period_label: string };
  yoy_delta: { printed: string; value: number; unit: string };
  footnote?: { marker_printed: string; text: string };
  derived_not_printed: { previous_year_value: number };
}

export interface GoalFixture {
  number: number;
  symbol: string;
  title: string;
  directions: string[];
  indicators: GoalIndicatorFixture[];
}

export interface KpiFixture {
  index: number;
  indicator: string;
  baseline: PrintedValue & { unit: string };
  target_increment: PrintedValue;
  actual_increment: PrintedValue & { footnote_ref: string | null };
  achievement: { printed: string; value_pct: number | null };
  footnotes?: { marker: string; text: string }[];
}

export interface ProjectFixture {
  number: number;
  name: string;
  status_tag: string;
  plan_period: { printed: string; start_fy: number; end_fy: number };
  department: { printed: string; split: string[] };
  budget: {
    label_printed: string;
    printed: string;
    prefix_printed: string | null;
    value_thousand_yen: number;
  };
  overview: string;
  main_activities: { items: string[] };
  /** The KPI header row as printed (project 3 prints it without the `KPI` cell). */
  kpi_table_header_printed: string[];
  kpis: KpiFixture[];
  footnotes: { marker: string; text: string }[];
}

export interface ProgressFixture {
  source: {
    title: string;
    issuer: string;
    as_of_printed: string;
    as_of_fiscal_year: number;
    strategy_period_printed: string;
    strategy_period_fy: [number, number];
  };
  summary_statements: { line: number; text: string }[];
  basic_goals: GoalFixture[];
  projects: ProjectFixture[];
}

export interface BudgetRowFixture {
  seq: number;
  section: string;
  section_id: string;
  name: string;
  is_reprint: boolean;
  reprint_of_seq?: number;
  initial_budget: { printed: string; value_thousand_yen: number };
  settlement: { printed: string; value_thousand_yen: number | null };
  execution_rate_pct_half_up: number | null;
  department: { printed: string; text: string };
  description: string;
}

export interface BudgetFixture {
  source: { title: string; issuer: string; fiscal_year: number };
  /** `（単位：千円）` */
  unit: { printed: string };
  /** `関係事業名`, `当初予算額`, `［決算額］`, `実施概要（担当課・室）` */
  column_headers_printed: string[];
  footnotes: { marker: string; text: string }[];
  projects: BudgetRowFixture[];
}

export interface RevisionCellFixture {
  printed: string;
  text: string;
  value: number;
  underlined: boolean;
}

export interface RevisionRowFixture {
  indicator: string;
  unit: string;
  pre_start_baseline: RevisionCellFixture;
  yearly_increments: Record<string, RevisionCellFixture>;
  cumulative_kpi: RevisionCellFixture;
}

export interface RevisionFixture {
  source: {
    /** `新旧対照表 (下線部は変更部分)` */
    title: string;
    plan: string;
    /** `○<plan> (抄)` as printed, with its spacing. */
    plan_printed: string;
    certified_printed: string;
    total_project_cost_printed: string;
    total_project_cost_thousand_yen: number;
  };
  columns: Record<string, { printed: string; fiscal_year?: number; ordinal?: string }>;
  before: RevisionRowFixture[];
  after: RevisionRowFixture[];
  changes: { indicator: string; column: string; value_changed: boolean }[];
}
