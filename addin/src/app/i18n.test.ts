import { describe, expect, it } from 'vitest';
import { pickLanguage, translator } from './i18n.ts';
import { uiMessages } from './messages.ts';

describe('the pane’s language', () => {
  it('is Japanese unless Office says English', () => {
    expect(pickLanguage('ja-JP')).toBe('ja');
    expect(pickLanguage('en-US')).toBe('en');
    expect(pickLanguage('en-GB')).toBe('en');
    expect(pickLanguage('fr-FR')).toBe('ja');
    expect(pickLanguage(undefined)).toBe('ja');
  });

  it('fills parameters and has every message in both languages', () => {
    expect(translator('ja').t('syncUnsent', { count: 3 })).toBe('未送信の変更 3 件');
    expect(translator('en').t('syncUnsent', { count: 3 })).toBe('3 unsent changes');
    for (const [key, m] of Object.entries(uiMessages)) {
      expect(m.ja, key).not.toBe('');
      expect(m.en, key).not.toBe('');
      const params = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((x) => x[1]).sort();
      expect(params(m.en), key).toEqual(params(m.ja));
    }
    expect(translator('en').msg({ ja: 'い', en: 'e' })).toBe('e');
  });
});
