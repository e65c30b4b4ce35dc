import type { PlanFile } from '../schema/index.ts';
import { type PlanFileResult, validatePlanFile } from '../validation/index.ts';
import { type CliIo, dataError, usageError } from './io.ts';
import { cliMessages } from './messages.ts';

const errorCode = (e: unknown) => (e && typeof e === 'object' && 'code' in e ? String(e.code) : '');
const detailOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** The parsed JSON of a file, or a one-line reason: a wrong path is a usage error, bad content a data error. */
export async function readJson(io: CliIo, path: string): Promise<unknown> {
  let text: string;
  try {
    text = await io.readFile(path);
  } catch (e) {
    const code = errorCode(e);
    if (code === 'ENOENT' || code === 'ENOTDIR') throw usageError(cliMessages.fileNotFound(path));
    if (code === 'EILSEQ') throw dataError(cliMessages.notUtf8(path));
    throw usageError(cliMessages.fileUnreadable(path, code || detailOf(e)));
  }
  try {
    // A UTF-8 BOM (Windows editors add one) is not part of the JSON.
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw dataError(cliMessages.notJson(path, detailOf(e)));
  }
}

/** Reads and validates a plan file (validate prints the whole result; export needs a valid plan). */
export async function readPlanResult(io: CliIo, path: string): Promise<PlanFileResult> {
  return validatePlanFile(await readJson(io, path));
}

export async function readValidPlan(io: CliIo, path: string): Promise<PlanFile> {
  const result = await readPlanResult(io, path);
  if (result.ok) return result.plan;
  const errors = result.problems.filter((p) => p.severity === 'error');
  const first = errors[0];
  const at = first?.path || '(root)';
  const firstText = { ja: `${at} ${first?.message.ja ?? ''}`, en: `${at} ${first?.message.en ?? ''}` };
  throw dataError(cliMessages.invalidPlan(path, errors.length, firstText));
}
