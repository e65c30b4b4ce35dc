import { z } from 'zod';
import { parseNumber } from '../notation/index.ts';
import type { CellRef, Message, Problem } from '../problem.ts';
import { DecimalString, Id, REFUSED_CHAR_PARAM } from '../schema/index.ts';
import { PLAN_FORMAT } from '../schema/interchange.ts';
import type { RefusedChar } from '../text/integrity.ts';
import { type FieldLabel, fieldLabel } from './field-labels.ts';
import { formatPath, type PathSegment } from './path.ts';
import { report } from './report.ts';
import { suggestFiscalYear } from './suggest.ts';

type Issue = z.core.$ZodIssue;

/** zod reports a failed regex as its source text ("/^…$/"); the schemas' own patterns tell which field it was. */
const patternOf = (schema: z.ZodType): string => {
  const pattern = z.toJSONSchema(schema).pattern;
  return typeof pattern === 'string' ? String(new RegExp(pattern)) : '';
};
const DECIMAL_PATTERN = patternOf(DecimalString);
const ID_PATTERN = patternOf(Id);

const EXPECTED: Record<string, Message> = {
  object: { ja: '{ } で囲んだオブジェクト', en: 'an object ({ })' },
  array: { ja: '[ ] で囲んだ一覧', en: 'a list ([ ])' },
  string: { ja: '"" で囲んだ文字', en: 'text in quotes' },
  number: { ja: '数値', en: 'a number' },
  boolean: { ja: 'true か false', en: 'true or false' },
  null: { ja: 'null', en: 'null' },
};
const SIZE_OF: Record<string, Message> = {
  string: { ja: '文字数を', en: 'its length' },
  array: { ja: '件数を', en: 'the number of items' },
  number: { ja: '値を', en: 'the value' },
};
const NOTHING: Message = { ja: '', en: 'it' };

/** Keys whose string value is a decimal: a JSON number there is the commonest mistake in a plan file. */
const DECIMAL_KEYS = new Set(['value', 'amount', 'initialBudget', 'settlement']);

function isDecimalField(path: readonly PathSegment[]): boolean {
  const last = path[path.length - 1];
  return typeof last === 'string' && DECIMAL_KEYS.has(last);
}

/** The canonical decimal a mistyped value stands for ("1,161,000" or 1161000 → "1161000"), if any. */
function suggestDecimal(input: unknown): string | undefined {
  if (typeof input === 'number' && Number.isFinite(input)) {
    const parsed = parseNumber(String(input));
    return parsed.ok ? parsed.value : undefined;
  }
  if (typeof input !== 'string' || input.length > 60) return undefined;
  const parsed = parseNumber(input);
  return parsed.ok && parsed.unit === null ? parsed.value : undefined;
}

function typeProblem(
  issue: Issue & { code: 'invalid_type' },
  path: string,
  f: FieldLabel,
  segments: PathSegment[],
) {
  if (issue.input === undefined) return report('schema.missing', path, [f]);
  if (issue.expected === 'int') return report('schema.integer', path, [f]);
  const last = segments[segments.length - 1];
  if (issue.expected === 'number' && (last === 'fiscalYear' || last === 'startFy' || last === 'endFy'))
    return report('schema.fiscal_year', path, [f, suggestFiscalYear(issue.input)]);
  if (issue.expected === 'string' && isDecimalField(segments))
    return report('schema.decimal', path, [f, suggestDecimal(issue.input)]);
  const expected = Object.hasOwn(EXPECTED, issue.expected) ? EXPECTED[issue.expected]! : undefined;
  return expected
    ? report('schema.wrong_type', path, [f, expected])
    : report('schema.invalid', path, [f, issue.message]);
}

function sizeProblem(
  issue: Issue & { code: 'too_small' | 'too_big' },
  path: string,
  f: FieldLabel,
  segments: PathSegment[],
) {
  const what = Object.hasOwn(SIZE_OF, issue.origin) ? SIZE_OF[issue.origin]! : NOTHING;
  if (issue.code === 'too_small') {
    if (issue.origin === 'string' && Number(issue.minimum) === 1) return report('schema.empty', path, [f]);
    const last = segments[segments.length - 1];
    if (last === 'fiscalYear' || last === 'startFy' || last === 'endFy')
      return report('schema.fiscal_year', path, [f, suggestFiscalYear(issue.input)]);
    return report('schema.too_small', path, [f, String(issue.minimum), what]);
  }
  const last = segments[segments.length - 1];
  if (last === 'fiscalYear' || last === 'startFy' || last === 'endFy')
    return report('schema.fiscal_year', path, [f, suggestFiscalYear(issue.input)]);
  if (issue.origin === 'string' && isDecimalField(segments))
    return report('schema.decimal', path, [f, undefined]);
  return report('schema.too_big', path, [f, String(issue.maximum), what]);
}

function oneIssue(issue: Issue, base: readonly PathSegment[]): Problem[] {
  const segments = [...base, ...issue.path];
  const path = formatPath(segments);
  const f = fieldLabel(segments);
  switch (issue.code) {
    case 'invalid_type':
      return [typeProblem(issue, path, f, segments)];
    case 'too_small':
    case 'too_big':
      return [sizeProblem(issue, path, f, segments)];
    case 'invalid_format': {
      const pattern = 'pattern' in issue ? String(issue.pattern) : '';
      if (pattern === DECIMAL_PATTERN)
        return [report('schema.decimal', path, [f, suggestDecimal(issue.input)])];
      if (pattern === ID_PATTERN) return [report('schema.id', path, [f])];
      return [report('schema.invalid', path, [f, issue.message])];
    }
    case 'invalid_value': {
      if (segments.length === 1 && segments[0] === 'format')
        return [report('schema.format', path, [PLAN_FORMAT])];
      return [report('schema.option', path, [f, issue.values.map((v) => String(v))])];
    }
    case 'unrecognized_keys':
      // One problem per key, each at the key's own path, so an editor can jump to it.
      return issue.keys.map((key) => {
        const at = [...segments, key];
        return report('schema.unknown_key', formatPath(at), [fieldLabel(at)]);
      });
    case 'custom': {
      const refused = issue.params?.[REFUSED_CHAR_PARAM] as RefusedChar | undefined;
      if (refused) return [report('text.refused_char', path, [f, refused])];
      const last = segments[segments.length - 1];
      if (last === 'period' || last === 'window') return [report('schema.period_order', path, [f])];
      return [report('schema.invalid', path, [f, issue.message])];
    }
    default:
      return [report('schema.invalid', path, [f, issue.message])];
  }
}

/**
 * Turns zod issues into Problems with the JSON path (prefixed by `base`) and a message naming the field.
 * `cellOf` lets a caller that knows the sheet layout attach the cell a problem belongs to.
 */
export function problemsFromIssues(
  issues: readonly Issue[],
  base: readonly PathSegment[] = [],
  cellOf?: (segments: readonly PathSegment[]) => CellRef | undefined,
): Problem[] {
  const out: Problem[] = [];
  for (const issue of issues) {
    for (const p of oneIssue(issue, base)) {
      const cell = cellOf?.([...base, ...issue.path]);
      out.push(cell ? { ...p, cell } : p);
    }
  }
  return out;
}
