import { describe, expect, it } from 'vitest';
import { RemindersResponse } from '../../../shared/api.ts';
import { missingGoalCellOf } from '../../../shared/workflow/index.ts';
import { missingLine, reminderText, selectReminders } from './console-reminders.ts';
import { translator } from './i18n.ts';

/**
 * Reminders naming a goal indicator (数値目標) a department has left blank (docs/domain.md §10.5):
 * it belongs to a goal, not a project, so the reminder names it by its goal as the pane does.
 */

const GOAL = { id: 'goal-2', number: 2, title: '交流人口の拡大と地域経済の活性化を図ります。' };
const INDICATOR = { id: 'goal-2-1', number: 1, name: '仙台市内の宿泊者数', kind: 'level' as const };

// Parsed with the contract's schema, as the client reads the worker's answer: a goal cell is one.
const reminders = RemindersResponse.parse({
  planId: 'plan-1',
  planTitle: '第2期仙台市まち・ひと・しごと創生総合戦略',
  fiscalYear: 2024,
  cycleLabel: null,
  deadline: '2026-06-12',
  locked: false,
  departments: [
    {
      departmentId: 'd-machi',
      departmentName: '太白区まちづくり推進課',
      status: 'submitted',
      comment: null,
      filledCount: 4,
      indicatorCount: 5,
      activitiesFilled: 1,
      projectCount: 1,
      missing: [
        {
          goalId: GOAL.id,
          goalNumber: GOAL.number,
          goalTitle: GOAL.title,
          indicatorId: INDICATOR.id,
          indicatorNumber: INDICATOR.number,
          indicatorName: INDICATOR.name,
          field: 'value',
        },
      ],
      contacts: [{ userId: 'u1', displayName: '馬場', email: 'baba@example.jp' }],
    },
    {
      departmentId: 'd-kikaku',
      departmentName: '企画調整課',
      status: 'draft',
      comment: null,
      filledCount: 0,
      indicatorCount: 1,
      activitiesFilled: 0,
      projectCount: 0,
      missing: [
        {
          goalId: 'goal-3',
          goalNumber: 3,
          goalTitle: '新たな「ひと」の流れをつくります。',
          indicatorId: 'goal-3-9',
          indicatorNumber: 9,
          indicatorName: '市民の満足度',
          field: 'status',
        },
      ],
      contacts: [],
    },
  ],
});
const [machi, kikaku] = reminders.departments;

describe('a reminder naming a blank goal indicator', () => {
  it('names it by its goal, as the pane names it (shared/workflow completeness)', () => {
    const cell = machi!.missing[0]!;
    expect(missingLine(cell, 'ja')).toBe(
      '基本目標②「交流人口の拡大と地域経済の活性化を図ります。」の数値目標「仙台市内の宿泊者数」の実績値',
    );
    // The pane's message for the same cell starts with the same words.
    expect(missingGoalCellOf({ ...GOAL, indicators: [INDICATOR] }, INDICATOR).message.ja).toBe(
      `${missingLine(cell, 'ja')}が空欄です。値を入力するか、未確定なら (※) と理由を入力してください。`,
    );
    expect(missingLine(cell, 'en')).toBe(
      'actual of goal indicator "仙台市内の宿泊者数" of basic goal ② "交流人口の拡大と地域経済の活性化を図ります。"',
    );
    expect(missingLine(kikaku!.missing[0]!, 'ja')).toBe(
      '基本目標③「新たな「ひと」の流れをつくります。」の数値目標「市民の満足度」の状況',
    );
  });

  it('lists it in the mail and the Teams text, and counts it among the indicators', () => {
    const { subject, body } = reminderText(reminders, machi!, '2026-06-08', 'ja', '政策企画課 佐藤');
    expect(subject).toBe(
      '【進捗報告】令和6年度「第2期仙台市まち・ひと・しごと創生総合戦略」提出のお願い（期限 令和8年6月12日（金））',
    );
    expect(body).toContain('提出いただいた報告に未入力の項目があります。');
    expect(body).toContain(
      '未入力の項目（1件）:\n・基本目標②「交流人口の拡大と地域経済の活性化を図ります。」の数値目標「仙台市内の宿泊者数」の実績値\n',
    );
    const v = selectReminders(reminders, '2026-06-08', translator('ja'), '佐藤');
    expect(v.items[0]!.detail).toBe('指標 4/5 · 主な取組 1/1 · 未入力 1件');
    expect(v.items[0]!.missing).toEqual([missingLine(machi!.missing[0]!, 'ja')]);
    expect(v.items[0]!.teams).toContain('の数値目標「仙台市内の宿泊者数」の実績値');
    expect(decodeURIComponent(v.items[0]!.mailto!)).toContain('の数値目標「仙台市内の宿泊者数」の実績値');
    // A department reporting goal indicators only: no 主な取組 to count.
    expect(v.items[1]!.detail).toBe('指標 0/1 · 未入力 1件');
    const en = reminderText(reminders, kikaku!, '2026-06-08', 'en', 'Sato').body;
    expect(en).toContain(
      'Missing (1):\n・status of goal indicator "市民の満足度" of basic goal ③ "新たな「ひと」の流れをつくります。"',
    );
  });

  it('the contract keeps a goal cell apart from a project cell', () => {
    const goalCell = machi!.missing[0]!;
    expect('goalId' in goalCell && goalCell.goalTitle).toBe(GOAL.title);
    // A goal cell without its goal, or one that asks for 主な取組, is not a reminder's cell.
    const accepted = (cell: Record<string, unknown>) =>
      RemindersResponse.safeParse({
        ...reminders,
        departments: [{ ...machi!, missing: [cell] }],
      }).success;
    const { goalId: _g, ...noGoal } = goalCell as Record<string, unknown>;
    expect(accepted(noGoal)).toBe(false);
    expect(accepted({ ...goalCell, field: 'activities' })).toBe(false);
    expect(accepted({ ...goalCell })).toBe(true);
  });
});
