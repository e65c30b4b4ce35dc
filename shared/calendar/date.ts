/**
 * Calendar dates as plain `YYYY-MM-DD` strings (Japan time): no time of day, no time zone arithmetic.
 * Kept apart from the holiday table (index.ts) so the API contract can check a date without it.
 */

/** A calendar date, `YYYY-MM-DD`. */
export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a valid ISO date, or null. */
export function dayNumber(date: IsoDate): number | null {
  const m = ISO_DATE.exec(date);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return ms / 86_400_000;
}

export const fromDayNumber = (n: number): IsoDate => new Date(n * 86_400_000).toISOString().slice(0, 10);

export function isIsoDate(value: unknown): value is IsoDate {
  return typeof value === 'string' && dayNumber(value) !== null;
}

/** Today's date in Japan (UTC+9, no daylight saving time) at the moment `now`. */
export function todayInJapan(now: Date | number): IsoDate {
  const ms = typeof now === 'number' ? now : now.getTime();
  return new Date(ms + 9 * 3_600_000).toISOString().slice(0, 10);
}
