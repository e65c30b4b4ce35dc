import type { Message } from './problem.ts';
import type { SubmissionStatus } from './schema/index.ts';
import type { WorkflowAction } from './workflow/index.ts';

/**
 * Glossary of the Japanese domain terms used in code, data and UI.
 * Identifiers are English; this maps them to the words on the printed report.
 */
export const glossary = {
  plan: '計画・戦略',
  goal: '基本目標',
  direction: '基本的方向',
  project: '事業',
  department: '担当課',
  indicator: 'KPI / 指標',
  goalIndicator: '数値目標',
  baseline: '当初値 / 基準値',
  target: '目標値',
  targetIncrement: '目標値(増分)',
  actual: '実績値',
  actualIncrement: '実績値(増分)',
  achievement: '達成度',
  yearOverYear: '前年度比',
  fiscalYear: '年度',
  calendarYear: '年',
  reportCycle: '報告年度',
  progressReport: '進捗状況',
  activities: '主な取組',
  overview: '事業概要',
  planPeriod: '計画期間',
  budgetScale: '事業規模',
  initialBudget: '当初予算額',
  settlement: '決算額',
  reprint: '再掲',
  revisionTable: '新旧対照表',
  afterRevision: '変更後',
  beforeRevision: '変更前',
  cumulative: '累計',
  annualAverage: '年平均',
  startOfYear: '当初',
  preliminary: '速報値',
  newProject: '新規',
  nthYear: 'n年目',
  negativeSign: '△',
  percentagePoint: 'pt（ポイント）',
  coordinator: '政策企画課など（取りまとめ担当）',
} as const;

/**
 * A submission's state, worded the same in every message and screen (docs/domain.md §10.1). A department
 * with no submission in a cycle is 未提出 (`NO_SUBMISSION`).
 */
export const SUBMISSION_STATUS_LABELS: Readonly<Record<SubmissionStatus, Message>> = {
  draft: { ja: '作成中', en: 'draft' },
  submitted: { ja: '提出済み', en: 'submitted' },
  approved: { ja: '承認済み', en: 'approved' },
  returned: { ja: '差し戻し', en: 'returned' },
};
export const NO_SUBMISSION: Message = { ja: '未提出', en: 'not submitted' };

/** The workflow steps, as buttons and messages name them. */
export const WORKFLOW_ACTION_LABELS: Readonly<Record<WorkflowAction, Message>> = {
  submit: { ja: '提出', en: 'submit' },
  approve: { ja: '承認', en: 'approve' },
  return: { ja: '差し戻し', en: 'return' },
  reopen: { ja: '再編集（取り下げ）', en: 'reopen' },
};
