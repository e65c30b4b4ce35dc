/**
 * A problem found in user data. Never thrown: validators return lists of these so a person
 * can see every problem at once, each tied to the cell or field it concerns.
 */
export interface Message {
  ja: string;
  en: string;
}

export type Severity = 'error' | 'warning';

/** The cell a problem concerns, in the terms of the department's sheet. */
export interface CellRef {
  indicatorId?: string;
  projectId?: string;
  field: string;
}

export interface Problem {
  code: string;
  severity: Severity;
  /** JSON path of the field, e.g. "cycles[0].actuals[3].value". */
  path: string;
  cell?: CellRef;
  message: Message;
}

export function problem(
  code: string,
  path: string,
  message: Message,
  options: { severity?: Severity; cell?: CellRef } = {},
): Problem {
  return {
    code,
    severity: options.severity ?? 'error',
    path,
    message,
    ...(options.cell ? { cell: options.cell } : {}),
  };
}

export function hasErrors(problems: readonly Problem[]): boolean {
  return problems.some((p) => p.severity === 'error');
}
