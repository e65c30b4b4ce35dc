/**
 * Validation of plan files, a cycle's values and single sheet cells. Every function returns Problems
 * (shared/problem.ts) with messages in Japanese and English and never throws, whatever it is given.
 */
export { type CellField, type CellInputResult, type CellValues, validateCellInput } from './cell-input.ts';
export { validateCycleValues } from './cycle-values.ts';
export { type FieldLabel, fieldLabel } from './field-labels.ts';
export { messages, PROBLEM_CODES, type ProblemCode, WARNING_CODES } from './messages.ts';
export { formatPath } from './path.ts';
export { type PlanFileResult, validatePlanFile } from './plan-file.ts';
export { problemsFromIssues } from './schema-issues.ts';
export { parseQualitativeStatus, QUALITATIVE_STATUS_LABELS } from './status-labels.ts';
