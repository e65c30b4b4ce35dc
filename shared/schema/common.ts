import { z } from 'zod';
import { codePointLabel, refusedChar, type TextLines } from '../text/integrity.ts';

/** A decimal as entered, normalised to ASCII digits and '-': "1161000", "-1.4", "39.2". Never a float. */
export const DecimalString = z
  .string()
  .max(40)
  .regex(/^-?\d{1,30}(\.\d{1,10})?$/, 'a decimal in ASCII digits, e.g. "1161000" or "-1.4"')
  .describe('Decimal number as text, exactly as entered (normalised: ASCII digits, "-" for minus)');

export const Id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'letters, digits, "_", "." or "-"')
  .describe('Stable identifier');

export const FiscalYear = z
  .number()
  .int()
  .min(1989)
  .max(2100)
  .describe('Fiscal year (年度) by its starting calendar year');

/** The key of a refused character in a zod issue's `params`: schema-issues.ts turns it into its message. */
export const REFUSED_CHAR_PARAM = 'refusedChar';

/** Refuses what shared/text/integrity.ts refuses, as a custom issue carrying the character found. */
const storable = (lines: TextLines) => (value: string, ctx: z.RefinementCtx) => {
  const found = refusedChar(value, lines);
  if (!found) return;
  ctx.addIssue({
    code: 'custom',
    message: `contains a character that cannot be stored (${codePointLabel(found.codePoint)} at character ${found.position})`,
    params: { [REFUSED_CHAR_PARAM]: found },
    input: value,
  });
};

/**
 * Text on one line: names, titles, units, period labels, markers, labels. A tab or line break there
 * would break the printed table's cell and the CSV/Markdown exports, so it is refused like a control.
 */
export const Text = (max = 4000) => z.string().max(max).superRefine(storable('single'));

/**
 * Text of several lines (tab and line feed allowed): 主な取組, footnotes, reasons, results, comments,
 * overviews and descriptions — the fields people write as paragraphs or lists, one item per line.
 */
export const MultilineText = (max = 4000) => z.string().max(max).superRefine(storable('multi'));

export const Footnote = z
  .object({
    marker: Text(16).describe(
      "Marker as printed beside the value or name: (※), (※1), 〔※〕, [※], （注１）; '' for a note printed without a marker (a note of a project, a goal or the plan)",
    ),
    noteMarker: Text(16)
      .optional()
      .describe(
        'Marker as printed before the text under the table, when it is not `marker` itself (the Sendai report prints 〔※〕 after the name and ※ under the table); default: `marker`',
      ),
    text: MultilineText(4000),
  })
  .strict();
export type Footnote = z.infer<typeof Footnote>;

export const PeriodRange = z
  .object({ startFy: FiscalYear, endFy: FiscalYear })
  .strict()
  .refine((p) => p.startFy <= p.endFy, { message: 'startFy must not be after endFy' });
export type PeriodRange = z.infer<typeof PeriodRange>;

/**
 * The printed frame of one table in the published document: the attachment label and the title
 * lines. Absent: the wording of this kind of report (tables/frames.ts); `lines: []` is refused,
 * `label: ''` prints no label.
 */
export const TableFrame = z
  .object({
    label: Text(50)
      .optional()
      .describe('The attachment label printed above the title, on the right: 別紙1, 別紙2'),
    lines: z
      .array(Text(400).min(1))
      .min(1)
      .max(10)
      .optional()
      .describe('The title lines as published, the title first'),
  })
  .strict();
export type TableFrame = z.infer<typeof TableFrame>;
