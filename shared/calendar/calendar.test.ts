import holiday_jp from '@holiday-jp/holiday_jp';
import { describe, expect, it } from 'vitest';
import {
  addBusinessDays,
  businessDaysUntil,
  closedReason,
  dateLabel,
  deadlineStatus,
  isBusinessDay,
  isIsoDate,
  todayInJapan,
} from './index.ts';

describe('business days', () => {
  it('weekends are closed, weekdays open', () => {
    expect(closedReason('2026-06-06')?.reason).toBe('weekend'); // Saturday
    expect(closedReason('2026-06-07')?.reason).toBe('weekend'); // Sunday
    expect(isBusinessDay('2026-06-08')).toBe(true); // Monday
    expect(isBusinessDay('2026-06-12')).toBe(true); // Friday
  });

  it('national holidays and substitute holidays are closed, named from @holiday-jp/holiday_jp', () => {
    expect(closedReason('2026-05-04')).toEqual({
      reason: 'holiday',
      name: { ja: 'みどりの日', en: 'Greenery Day' },
    });
    expect(closedReason('2026-05-06')?.reason).toBe('holiday'); // 振替休日 (5/3 was a Sunday)
    expect(closedReason('2026-05-06')?.name.ja).toContain('振替休日');
    expect(closedReason('2025-11-24')?.reason).toBe('holiday'); // 勤労感謝の日 振替休日
    expect(closedReason('2026-09-22')?.reason).toBe('holiday'); // 国民の休日 between 敬老の日 and 秋分の日
    // The library agrees with our table on every holiday it lists for a year.
    for (const h of holiday_jp.between(new Date('2027-01-01'), new Date('2027-12-31'))) {
      const iso = `${h.date.getFullYear()}-${String(h.date.getMonth() + 1).padStart(2, '0')}-${String(h.date.getDate()).padStart(2, '0')}`;
      expect(isBusinessDay(iso), iso).toBe(false);
    }
  });

  it('年末年始: 12月29日～1月3日 are closed though the library lists only 元日', () => {
    expect(holiday_jp.isHoliday(new Date(2026, 11, 29))).toBe(false);
    expect(holiday_jp.isHoliday(new Date(2027, 0, 1))).toBe(true);
    for (const d of ['2026-12-29', '2026-12-30', '2026-12-31', '2027-01-02', '2027-01-03'])
      expect(closedReason(d)?.reason, d).toBe('year_end');
    expect(closedReason('2027-01-01')?.reason).toBe('holiday');
    expect(isBusinessDay('2026-12-28')).toBe(true); // Monday
    expect(isBusinessDay('2027-01-04')).toBe(true); // Monday
  });

  it('businessDaysUntil counts the open days after today up to the deadline', () => {
    expect(businessDaysUntil('2026-06-08', '2026-06-12')).toBe(4); // Mon → Fri
    expect(businessDaysUntil('2026-06-08', '2026-06-08')).toBe(0);
    expect(businessDaysUntil('2026-06-12', '2026-06-15')).toBe(1); // Fri → Mon over a weekend
    expect(businessDaysUntil('2026-06-12', '2026-06-13')).toBe(0); // a Saturday deadline, seen on Friday
    // Golden Week 2026: 4/29 (Wed, 昭和の日), 5/3–5/6 closed.
    expect(businessDaysUntil('2026-04-28', '2026-05-07')).toBe(3); // 4/30, 5/1, 5/7
    // Over the year end: 12/28 (Mon) → 1/5 (Tue): only 1/4 and 1/5 are open.
    expect(businessDaysUntil('2026-12-28', '2027-01-05')).toBe(2);
  });

  it('a passed deadline counts negative', () => {
    expect(businessDaysUntil('2026-06-15', '2026-06-12')).toBe(-1); // Monday after a Friday deadline
    expect(businessDaysUntil('2026-06-13', '2026-06-12')).toBe(0); // the Saturday after
    expect(businessDaysUntil('2026-06-19', '2026-06-12')).toBe(-5);
  });

  it('addBusinessDays skips closed days', () => {
    expect(addBusinessDays('2026-06-12', 1)).toBe('2026-06-15');
    expect(addBusinessDays('2026-12-25', 2)).toBe('2027-01-04'); // Fri → Mon 12/28, then 1/4
    expect(addBusinessDays('2026-06-08', 0)).toBe('2026-06-08');
  });

  it('refuses what is not a date', () => {
    expect(isIsoDate('2026-02-30')).toBe(false);
    expect(isIsoDate('2026-6-1')).toBe(false);
    expect(isIsoDate('2026-06-01')).toBe(true);
    expect(() => businessDaysUntil('2026-02-30', '2026-03-01')).toThrow(RangeError);
  });

  it('today is the date in Japan', () => {
    expect(todayInJapan(new Date('2026-06-07T15:00:00Z'))).toBe('2026-06-08');
    expect(todayInJapan(new Date('2026-06-07T14:59:59Z'))).toBe('2026-06-07');
  });
});

describe('deadline wording', () => {
  it('names the date in the era with its weekday', () => {
    expect(dateLabel('2026-06-30')).toEqual({ ja: '令和8年6月30日（火）', en: 'Tue 30 Jun 2026' });
    expect(dateLabel('2019-12-02').ja).toBe('令和元年12月2日（月）');
  });

  it('says how many business days are left, that it is today, or that it has passed', () => {
    expect(deadlineStatus('2026-06-08', '2026-06-12')).toMatchObject({
      state: 'open',
      businessDays: 4,
      text: { ja: '提出期限 令和8年6月12日（金）まで あと4営業日' },
    });
    expect(deadlineStatus('2026-06-12', '2026-06-12')).toMatchObject({ state: 'today', businessDays: 0 });
    expect(deadlineStatus('2026-06-16', '2026-06-12').text.ja).toBe(
      '提出期限（令和8年6月12日（金））を2営業日過ぎています',
    );
    expect(deadlineStatus('2026-06-16', null)).toMatchObject({ state: 'none', businessDays: null });
  });
});
