import { z } from 'zod';

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

export const Text = (max = 4000) => z.string().max(max);

export const Footnote = z
  .object({
    marker: z.string().max(16).describe('Marker as printed: (※), (※1), 〔※〕, [※], （注１）'),
    text: Text(4000),
  })
  .strict();
export type Footnote = z.infer<typeof Footnote>;

export const PeriodRange = z
  .object({ startFy: FiscalYear, endFy: FiscalYear })
  .strict()
  .refine((p) => p.startFy <= p.endFy, { message: 'startFy must not be after endFy' });
export type PeriodRange = z.infer<typeof PeriodRange>;
