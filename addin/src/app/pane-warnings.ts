import type { Message, Problem } from '../../../shared/problem.ts';
import type { Indicator } from '../../../shared/schema/index.ts';
import { circledNumber } from '../../../shared/tables/cells.ts';
import { type Params, translator } from './i18n.ts';
import type { MessageKey } from './messages.ts';

/**
 * A warning in the pane says what the person at the sheet can do. The shared validation words the
 * 達成度 warnings for whoever holds the plan (「目標値を確認してください」); a department cannot change
 * targets or baselines, so the pane says what will print, who can fix it, and that the sheet may be
 * submitted as it is. Every other problem keeps the shared wording (each says what to enter).
 */
const PLAN_WARNINGS: Readonly<Record<string, MessageKey>> = {
  'achievement.zero_target': 'whyZeroTarget',
  'achievement.no_target': 'whyNoTarget',
  'achievement.no_baseline': 'whyNoBaseline',
};

const ja = translator('ja');
const en = translator('en');
const both = (key: MessageKey, params: (lang: 'ja' | 'en') => Params): Message => ({
  ja: ja.t(key, params('ja')),
  en: en.t(key, params('en')),
});

export function forThePane(p: Problem, indicator: Indicator | undefined): Problem {
  const why = PLAN_WARNINGS[p.code];
  if (!why || p.severity !== 'warning') return p;
  const name = indicator
    ? `${circledNumber(indicator.number)} ${indicator.name}`
    : (p.cell?.indicatorId ?? '');
  const message = both('planWarning', (lang) => ({ name, why: (lang === 'ja' ? ja : en).t(why) }));
  return { ...p, message };
}
