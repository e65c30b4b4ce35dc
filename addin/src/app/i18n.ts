import type { Message } from '../../../shared/problem.ts';
import { type MessageKey, uiMessages } from './messages.ts';

/**
 * The pane speaks Japanese (its users are Japanese municipal staff) and English when Office's
 * display language is English. Domain messages come from shared/ as {ja, en}; the pane's own
 * words live in messages.ts.
 */
export type Lang = 'ja' | 'en';

export function pickLanguage(displayLanguage: string | null | undefined): Lang {
  return displayLanguage && /^en\b/i.test(displayLanguage) ? 'en' : 'ja';
}

export type Params = Record<string, string | number>;

function fill(template: string, params: Params): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

export interface Translator {
  readonly lang: Lang;
  t(key: MessageKey, params?: Params): string;
  /** A message from shared/ (Problem.message and the like). */
  msg(message: Message): string;
}

export function translator(lang: Lang): Translator {
  return {
    lang,
    t: (key, params = {}) => fill(uiMessages[key][lang], params),
    msg: (message) => message[lang],
  };
}

/** A moment as the pane shows it: month, day, hours and minutes in the pane's language. */
export function formatTime(ms: number | string | null, lang: Lang): string {
  if (ms === null) return '';
  const d = new Date(ms);
  return d.toLocaleString(lang === 'ja' ? 'ja-JP' : 'en-US', {
    month: 'numeric',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
}
