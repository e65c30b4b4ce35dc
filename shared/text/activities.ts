import { type Problem, problem } from '../problem.ts';

/**
 * 主な取組 (a project's activities of the year) in its one stored form: one item per line, lines
 * ending in LF, no blank lines or spaces before the first item or after the last. The add-in applies
 * it before sending and comparing; the worker applies it to what it stores and compares with, so
 * text from any client is held and diffed in the same form. (A carriage return never reaches the
 * worker's copy: shared/text/integrity.ts refuses it before this runs.)
 */
export function normalizeActivities(raw: string): string {
  return raw.replace(/\r\n?/g, '\n').trim();
}

/**
 * The warning a save gets when the text it sent was stored in that form, so that what is acknowledged
 * says what is stored: the cell named, in Japanese and English.
 */
export function activitiesNormalizedWarning(path: string, projectId: string): Problem {
  return problem(
    'activities.normalized',
    path,
    {
      ja: `事業「${projectId}」の主な取組は、前後の空白と空行を除いて保存しました。`,
      en: `The activities of project "${projectId}" were stored without leading and trailing blanks.`,
    },
    { severity: 'warning', cell: { projectId, field: 'activities' } },
  );
}
