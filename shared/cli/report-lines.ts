import type { Problem } from '../problem.ts';

/** One problem per line, tab-separated for tools: severity, JSON path, Japanese, English. */
export function problemLine(p: Problem): string {
  return `${p.severity}\t${p.path || '(root)'}\t${p.message.ja}\t${p.message.en}\n`;
}

export function problemLines(problems: readonly Problem[]): string {
  return problems.map(problemLine).join('');
}

export function countLine(problems: readonly Problem[]): string {
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.length - errors;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return `エラー ${errors}件、警告 ${warnings}件 / ${plural(errors, 'error')}, ${plural(warnings, 'warning')}\n`;
}
