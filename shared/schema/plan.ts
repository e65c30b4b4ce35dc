import { z } from 'zod';
import {
  DecimalString,
  FiscalYear,
  Footnote,
  Id,
  MultilineText,
  PeriodRange,
  TableFrame,
  Text,
} from './common.ts';

export const IndicatorKind = z
  .enum(['increment', 'cumulative', 'level', 'rate', 'reduction', 'threshold', 'qualitative', 'not_set'])
  .describe('増分 / 累計 / 水準 / 率 / 削減 / 閾値(以上・超・維持) / 定性 / 未設定');
export type IndicatorKind = z.infer<typeof IndicatorKind>;

export const Direction = z.enum(['higher_is_better', 'lower_is_better']);
export type Direction = z.infer<typeof Direction>;

export const Comparator = z.enum(['>=', '>', '<=', '<']).describe('以上 / 超 / 以下 / 未満');
export type Comparator = z.infer<typeof Comparator>;

export const Baseline = z
  .object({
    value: DecimalString.nullable(),
    period: Text(64).optional().describe('Period label as printed: H29年度, R2年度当初, H27～R1年度(年平均)'),
    marker: Text(16)
      .optional()
      .describe(
        'Marker printed in the cell: (※1) — alone with the unit when the value is unknown (`(※1)億円`), else after the figure',
      ),
    missingReason: MultilineText(1000)
      .optional()
      .describe("The marker's note printed under the table: why the baseline is unknown"),
    noteMarker: Text(16)
      .optional()
      .describe('Marker printed before missingReason under the table, when it is not `marker` itself'),
  })
  .strict();
export type Baseline = z.infer<typeof Baseline>;

export const Target = z
  .object({
    fiscalYear: FiscalYear.describe(
      'The fiscal year this target is for (the end of its window for cumulative)',
    ),
    value: DecimalString,
    period: Text(64).optional().describe('Period label as printed: R5年度, R1～5年(累計), R12年度'),
    marker: Text(16)
      .optional()
      .describe(
        'Marker printed after the target figure: `30,000(※4)`; its note is a footnote of the project (or goal)',
      ),
  })
  .strict();
export type Target = z.infer<typeof Target>;

export const Threshold = z
  .object({
    comparator: Comparator,
    maintain: z.boolean().default(false).describe('を維持: the bound must hold every year'),
  })
  .strict();
export type Threshold = z.infer<typeof Threshold>;

export const Indicator = z
  .object({
    id: Id,
    number: z.number().int().min(1).max(99).describe('①..⑨ in the printed table'),
    name: Text(400).min(1),
    unit: Text(32).describe('Unit with scale: 人, 万人, %, 千円, 万t-CO2'),
    kind: IndicatorKind,
    direction: Direction.default('higher_is_better'),
    baseline: Baseline.nullable().default(null),
    targets: z.array(Target).max(50).default([]),
    window: PeriodRange.optional().describe('Cumulative window (累計の期間)'),
    threshold: Threshold.optional(),
    note: Text(400).optional().describe('e.g. ※今後の趨勢を見極めて改めて設定 for a target not yet set'),
    footnotes: z.array(Footnote).max(20).default([]),
    departmentId: Id.optional().describe(
      'A goal indicator (数値目標): the department that reports it (one of the plan’s departments); not used on a project’s KPI',
    ),
  })
  .strict();
export type Indicator = z.infer<typeof Indicator>;

export const Department = z
  .object({
    id: Id,
    name: Text(200).min(1).describe('担当課, e.g. 文化観光局東北連携推進室'),
  })
  .strict();
export type Department = z.infer<typeof Department>;

export const Budget = z
  .object({
    amount: DecimalString.describe('千円'),
    label: Text(100).optional().describe('e.g. 事業規模 (令和5年度交付対象事業費)'),
    prefix: Text(50).optional().describe('A joint project may print the city share with a prefix: 仙台市'),
    marker: Text(16)
      .optional()
      .describe('Marker printed after the amount: `28,218千円(※1)`; its note is a footnote of the project'),
  })
  .strict();
export type Budget = z.infer<typeof Budget>;

export const Project = z
  .object({
    id: Id,
    number: z.number().int().min(1).max(9999),
    name: Text(400).min(1),
    period: PeriodRange.describe('計画期間'),
    departmentIds: z.array(Id).min(1).max(10).describe('担当課; the first is the lead'),
    departmentSeparator: Text(3)
      .min(1)
      .optional()
      .describe('How the department names are joined as written: 、 (default) or a space'),
    budget: Budget.optional(),
    overview: MultilineText(4000).optional().describe('事業概要'),
    indicators: z.array(Indicator).max(50).default([]),
    footnotes: z.array(Footnote).max(20).default([]),
  })
  .strict();
export type Project = z.infer<typeof Project>;

export const Goal = z
  .object({
    id: Id,
    number: z.number().int().min(1).max(99),
    title: Text(400).min(1),
    directions: z.array(Text(400)).max(30).default([]).describe('基本的方向 (1)..(n)'),
    indicators: z.array(Indicator).max(50).default([]).describe('数値目標'),
    footnotes: z
      .array(Footnote)
      .max(20)
      .optional()
      .describe(
        "Notes printed under the goal's block whose marker is on none of its indicators (or that have no marker)",
      ),
  })
  .strict();
export type Goal = z.infer<typeof Goal>;

/**
 * The frame of a 新旧対照表 as published: the title lines (`新旧対照表 (下線部は変更部分)`,
 * `○<plan> (抄)`, `[ 平成30年3月30日認定 ]`) and the section rows printed on both halves above the
 * table (`1～3 (略)`, `4 地域再生計画の目標`, `【数値目標】`) and below it (`7-3 (略)`). A field left
 * out takes the default wording; an empty list prints no such rows.
 */
export const RevisionFrame = TableFrame.extend({
  sectionsBefore: z
    .array(Text(400).min(1))
    .max(20)
    .optional()
    .describe('Section rows above the table on both halves: 1～3 (略), 4 地域再生計画の目標, 【数値目標】'),
  sectionsAfter: z
    .array(Text(400).min(1))
    .max(20)
    .optional()
    .describe('Section rows below the table on both halves: 7-3 (略)'),
}).strict();
export type RevisionFrame = z.infer<typeof RevisionFrame>;

/**
 * The coordinator's own sentence printed after the derived cohort summary of one cohort
 * (`2年目以降も、目標達成に向けて着実に事業を進めていく。`). A cohort is the projects of one plan period.
 */
export const CohortNote = z
  .object({
    period: PeriodRange.describe("The cohort's plan period (計画期間)"),
    text: MultilineText(1000).min(1),
  })
  .strict();
export type CohortNote = z.infer<typeof CohortNote>;

/**
 * What the published progress report of one fiscal year prints around its tables: the titles and
 * 別紙 labels of the project table (別紙2) and the goal table (別紙1), and the coordinator's
 * follow-up sentences of the cohort summary. A frame left out takes the wording of this kind of
 * report (shared/tables/frames.ts).
 */
export const ReportFrame = z
  .object({
    fiscalYear: FiscalYear.describe('The report cycle these frames belong to'),
    projects: TableFrame.optional().describe(
      'Default: 別紙2, ● デジタル田園都市国家構想交付金（地方創生推進タイプ）を活用した事業の令和N年度実績について',
    ),
    goals: TableFrame.optional().describe(
      'Default: 別紙1, ●「<plan title>」における<n>つの基本目標と対応する数値目標の<cycle label>の進捗状況について',
    ),
    cohortNotes: z.array(CohortNote).max(50).optional().describe('Follow-up sentences of the cohort summary'),
  })
  .strict();
export type ReportFrame = z.infer<typeof ReportFrame>;

/**
 * Whether a KPI that falls short needs a reason before 提出 (未達成の理由, docs/domain.md §8.6): off
 * unless the coordinator turns it on, so a plan without the field asks for nothing. `below` is the
 * 達成度 in percent under which a reason is asked (100.0: any shortfall), one decimal as 達成度 prints.
 */
export const ShortfallSetting = z
  .object({
    required: z.boolean().describe('true: a KPI below `below` (or a threshold not met) needs 未達成の理由'),
    below: z
      .number()
      .min(1)
      .max(1000)
      .refine((n) => Math.abs(n * 10 - Math.round(n * 10)) < 1e-9, {
        message: 'one decimal at most, e.g. 100.0 or 80.5',
      })
      .default(100)
      .describe('達成度 (%) below which a reason is asked: 100.0 asks for every shortfall'),
  })
  .strict();
export type ShortfallSetting = z.infer<typeof ShortfallSetting>;

export const PlanHeader = z
  .object({
    id: Id,
    title: Text(400).min(1),
    period: PeriodRange,
    version: z.number().int().min(1).default(1),
    issuer: Text(200).optional().describe('Who publishes the report: まちづくり政策局'),
    periodLabel: Text(64).optional().describe('The plan period as printed: 令和3年度から5年度'),
    reports: z
      .array(ReportFrame)
      .max(50)
      .optional()
      .describe("The printed frame of each year's progress report: titles, 別紙 labels, cohort follow-ups"),
    revisionFrame: RevisionFrame.optional().describe(
      "The printed frame of the plan's 新旧対照表; absent: the wording of a 地域再生計画's 新旧対照表",
    ),
    footnotes: z
      .array(Footnote)
      .max(50)
      .optional()
      .describe("Notes printed under the plan's tables, e.g. （注２） 決算額には繰越事業を含む"),
    shortfallReason: ShortfallSetting.optional().describe(
      '未達成の理由: whether a KPI below the threshold needs a reason before 提出; absent: off',
    ),
  })
  .strict();
export type PlanHeader = z.infer<typeof PlanHeader>;

export const BudgetEntry = z
  .object({
    id: Id,
    fiscalYear: FiscalYear,
    section: Text(200).describe('e.g. （１）ものづくり事業者の経営基盤の強化'),
    name: Text(400).min(1),
    projectId: Id.optional(),
    initialBudget: DecimalString.describe('当初予算額 (千円)'),
    settlement: DecimalString.nullable().describe('決算額 (千円); may exceed the budget (carry-over)'),
    description: MultilineText(8000).default(''),
    department: Text(200).default('').describe('担当課 printed in parentheses'),
    isReprint: z
      .boolean()
      .default(false)
      .describe('［再掲］: repeated from another section, excluded from totals'),
    reprintOf: Id.optional().describe('［再掲］: the id of the entry this row repeats'),
  })
  .strict();
export type BudgetEntry = z.infer<typeof BudgetEntry>;
