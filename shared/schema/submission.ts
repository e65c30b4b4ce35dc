import { z } from 'zod';
import { DecimalString, FiscalYear, Footnote, Id, MultilineText, Text } from './common.ts';

export const QualitativeStatus = z
  .enum(['achieved', 'partly_achieved', 'not_achieved', 'in_progress'])
  .describe('達成 / 一部達成 / 未達成 / 実施中 — chosen by the department for qualitative KPIs');
export type QualitativeStatus = z.infer<typeof QualitativeStatus>;

/** The actual of one indicator in one report cycle. A missing value always carries a reason. */
export const Actual = z
  .object({
    indicatorId: Id,
    value: DecimalString.nullable().describe(
      '実績値 (the increment for increment KPIs); null when not available',
    ),
    missingReason: MultilineText(1000)
      .optional()
      .describe('Why the value is missing (required when value is null)'),
    marker: Text(16)
      .optional()
      .describe('Marker printed in the cell: alone for a missing value ((※), (※2)), else after the figure'),
    noteMarker: Text(16)
      .optional()
      .describe(
        'Marker printed before missingReason under the table, when it is not `marker` itself (the Sendai report prints (※) in the cell and ※ under the table)',
      ),
    period: Text(64).optional().describe('Period label as printed: R5年度, R4年度(速報値), R1～5年(累計)'),
    basis: z.enum(['year', 'to_date']).default('year').describe('to_date: a running total over the window'),
    status: QualitativeStatus.optional(),
    text: MultilineText(2000).optional().describe('Result text for qualitative KPIs'),
    footnotes: z.array(Footnote).max(20).default([]),
    shortfallReason: MultilineText(400)
      .optional()
      .describe(
        '未達成の理由: why the KPI fell short of its target (asked when the plan’s shortfallReason setting says so); not printed in the official tables',
      ),
  })
  .strict();
export type Actual = z.infer<typeof Actual>;

export const Activity = z
  .object({
    projectId: Id,
    text: MultilineText(8000).describe('主な取組 of the year; one item per line'),
  })
  .strict();
export type Activity = z.infer<typeof Activity>;

export const SubmissionStatus = z.enum(['draft', 'submitted', 'approved', 'returned']);
export type SubmissionStatus = z.infer<typeof SubmissionStatus>;

export const SubmissionState = z
  .object({
    departmentId: Id,
    status: SubmissionStatus,
    comment: MultilineText(2000).optional(),
  })
  .strict();
export type SubmissionState = z.infer<typeof SubmissionState>;

/** A report cycle (報告年度) with the values reported in it. */
export const Cycle = z
  .object({
    fiscalYear: FiscalYear,
    label: Text(64).optional().describe('As printed, e.g. 令和5年度末時点'),
    locked: z.boolean().default(false),
    actuals: z.array(Actual).max(20000).default([]),
    activities: z.array(Activity).max(5000).default([]),
    submissions: z.array(SubmissionState).max(1000).default([]),
  })
  .strict();
export type Cycle = z.infer<typeof Cycle>;

export { FiscalYear };
