/**
 * Reading stored decimals for the calculations. Indicators and actuals keep their figures as
 * DecimalString text; a malformed string (data that bypassed validation) reads as "no value",
 * so a calculation reports it as missing instead of throwing.
 */
import { type Decimal, parseDecimal } from '../decimal.ts';

export function decimalOf(text: string | null | undefined): Decimal | null {
  return typeof text === 'string' ? parseDecimal(text) : null;
}
