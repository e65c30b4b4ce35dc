import holidays from '@holiday-jp/holiday_jp/lib/holidays.js';
import { eraInForce } from '../notation/era.ts';
import type { Message } from '../problem.ts';
import { dayNumber, fromDayNumber, type IsoDate } from './date.ts';

export { type IsoDate, isIsoDate, todayInJapan } from './date.ts';

/**
 * Business days (営業日, the city office's 開庁日) for deadlines: the days a city office is open. Closed are Saturdays and
 * Sundays, the national holidays (国民の祝日, 振替休日, 国民の休日) as `@holiday-jp/holiday_jp` lists
 * them (1970–2050), and the year-end and New Year closure 12月29日～1月3日 (行政機関の休日に関する法律
 * 第1条; municipalities close on the same days under 地方自治法 第4条の2), which the library does not
 * list except 元日. Dates are plain calendar dates `YYYY-MM-DD` (Japan time): no time of day, no
 * time zone arithmetic. Pure.
 */

type HolidayTable = Record<string, { name: string; name_en: string } | undefined>;
const HOLIDAYS = holidays as unknown as HolidayTable;

function requireDay(date: IsoDate): number {
  const n = dayNumber(date);
  if (n === null) throw new RangeError(`not a date (YYYY-MM-DD): ${String(date)}`);
  return n;
}

export type ClosedReason = 'weekend' | 'holiday' | 'year_end';

/** Why the office is closed on a date (null: open), with the holiday's name when it is one. */
export function closedReason(date: IsoDate): { reason: ClosedReason; name: Message } | null {
  const n = requireDay(date);
  const holiday = HOLIDAYS[date];
  if (holiday) return { reason: 'holiday', name: { ja: holiday.name, en: holiday.name_en } };
  const md = date.slice(5);
  if (md >= '12-29' || md <= '01-03')
    return { reason: 'year_end', name: { ja: '年末年始休暇', en: 'Year-end and New Year closure' } };
  // 1970-01-01 was a Thursday: day 0 → Thursday, so (n + 4) % 7 is 0 on Sundays.
  const weekday = (((n + 4) % 7) + 7) % 7;
  if (weekday === 0 || weekday === 6)
    return {
      reason: 'weekend',
      name: weekday === 0 ? { ja: '日曜日', en: 'Sunday' } : { ja: '土曜日', en: 'Saturday' },
    };
  return null;
}

export function isBusinessDay(date: IsoDate): boolean {
  return closedReason(date) === null;
}

/**
 * Business days from `today` to `deadline`: the open days after today up to and including the
 * deadline. 0 when the deadline is today (or no open day lies between: a deadline on a Saturday
 * seen on the Friday before); negative when it has passed: minus the open days after the deadline
 * up to and including today (on the Saturday after a Friday deadline 0, on the Monday after −1).
 */
export function businessDaysUntil(today: IsoDate, deadline: IsoDate): number {
  const from = requireDay(today);
  const to = requireDay(deadline);
  const sign = to >= from ? 1 : -1;
  const [lo, hi] = sign > 0 ? [from, to] : [to, from];
  let count = 0;
  for (let d = lo + 1; d <= hi; d++) if (isBusinessDay(fromDayNumber(d))) count++;
  return sign > 0 ? count : -count || 0;
}

/** The n-th open day after `date` (n ≥ 1), e.g. a deadline 10 business days after opening. */
export function addBusinessDays(date: IsoDate, n: number): IsoDate {
  let d = requireDay(date);
  let left = Math.max(0, Math.floor(n));
  while (left > 0) {
    d++;
    if (isBusinessDay(fromDayNumber(d))) left--;
  }
  return fromDayNumber(d);
}

const WEEKDAYS_JA = ['日', '月', '火', '水', '木', '金', '土'] as const;
const WEEKDAYS_EN = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const MONTHS_EN = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
] as const;

/** `令和8年6月30日（火）` / `Tue 30 Jun 2026`: a deadline as a letter names it. */
export function dateLabel(date: IsoDate): Message {
  const n = requireDay(date);
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const weekday = (((n + 4) % 7) + 7) % 7;
  const era = eraInForce(y);
  const year = era ? `${era.era.name}${era.year === 1 ? '元' : era.year}年` : `${y}年`;
  return {
    ja: `${year}${m}月${d}日（${WEEKDAYS_JA[weekday]}）`,
    en: `${WEEKDAYS_EN[weekday]} ${d} ${MONTHS_EN[m - 1]} ${y}`,
  };
}

export type DeadlineState = 'none' | 'open' | 'today' | 'overdue';

/** Where a cycle stands against its deadline, in business days, and how the dashboard words it. */
export function deadlineStatus(
  today: IsoDate,
  deadline: IsoDate | null,
): { state: DeadlineState; businessDays: number | null; text: Message } {
  if (deadline === null)
    return { state: 'none', businessDays: null, text: { ja: '提出期限は未設定です', en: 'No deadline set' } };
  const label = dateLabel(deadline);
  if (deadline === today)
    return {
      state: 'today',
      businessDays: 0,
      text: { ja: `本日が提出期限です（${label.ja}）`, en: `Due today (${label.en})` },
    };
  const days = businessDaysUntil(today, deadline);
  if (deadline < today)
    return {
      state: 'overdue',
      businessDays: days,
      text: {
        ja: `提出期限（${label.ja}）を${days < 0 ? `${-days}営業日` : ''}過ぎています`,
        en: `${days < 0 ? `${-days} business day(s) ` : ''}past the deadline (${label.en})`,
      },
    };
  return {
    state: 'open',
    businessDays: days,
    text: {
      ja: `提出期限 ${label.ja}まで あと${days}営業日`,
      en: `${days} business day(s) left until the deadline (${label.en})`,
    },
  };
}
