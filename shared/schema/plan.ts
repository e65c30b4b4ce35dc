import { z } from 'zod';
import { DecimalString, FiscalYear, Footnote, Id, MultilineText, PeriodRange, Text } from './common.ts';

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
  })
  .strict();
export type Goal = z.infer<typeof Goal>;

export const PlanHeader = z
  .object({
    id: Id,
    title: Text(400).min(1),
    period: PeriodRange,
    version: z.number().int().min(1).default(1),
    issuer: Text(200).optional(),
    footnotes: z
      .array(Footnote)
      .max(50)
      .optional()
      .describe("Notes printed under the plan's tables, e.g. （注２） 決算額には繰越事業を含む"),
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
