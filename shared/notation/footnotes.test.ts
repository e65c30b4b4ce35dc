import { describe, expect, it } from 'vitest';
import {
  FOOTNOTE_MARKER_RE,
  formatMarker,
  isFootnoteMarker,
  markerKey,
  splitTrailingMarker,
} from './footnotes.ts';

describe('footnote markers', () => {
  it.each([
    ['(※)', '※'],
    ['(※1)', '※1'],
    ['(※2)', '※2'],
    ['（※２）', '※2'],
    ['〔※〕', '※'],
    ['[※]', '※'],
    ['［※］', '※'],
    ['※', '※'],
    ['※1', '※1'],
    ['（注１）', '注1'],
    ['（注２）', '注2'],
    ['(注)', '注'],
    [' (※ 2) ', '※2'],
  ])('%s is a marker with key %s', (marker, key) => {
    expect(isFootnoteMarker(marker)).toBe(true);
    expect(markerKey(marker)).toBe(key);
  });

  it.each(['', '注', '※※', '(※', '(※)〕', '(+13社)', '7社', '※a', '(注1', '注意'])(
    '%j is not a marker',
    (text) => {
      expect(isFootnoteMarker(text)).toBe(false);
      expect(markerKey(text)).toBeNull();
    },
  );

  it('exports an anchored pattern', () => {
    expect(FOOTNOTE_MARKER_RE.test('(※)')).toBe(true);
    expect(FOOTNOTE_MARKER_RE.test('66社(※)')).toBe(false);
  });

  it('splits a trailing marker off a name or value, keeping it as printed', () => {
    expect(splitTrailingMarker('安心して子育てができる社会づくりを評価する市民 の割合〔※〕')).toEqual({
      text: '安心して子育てができる社会づくりを評価する市民 の割合',
      marker: '〔※〕',
    });
    expect(splitTrailingMarker('地下鉄乗車人数[※]')).toEqual({ text: '地下鉄乗車人数', marker: '[※]' });
    expect(splitTrailingMarker('指標名※')).toEqual({ text: '指標名', marker: '※' });
    expect(splitTrailingMarker('66社 (※2)')).toEqual({ text: '66社', marker: '(※2)' });
    expect(splitTrailingMarker('当初予算額（注１）')).toEqual({ text: '当初予算額', marker: '（注１）' });
    expect(splitTrailingMarker('(※)')).toEqual({ text: '', marker: '(※)' });
    expect(splitTrailingMarker('市内法人企業数')).toEqual({ text: '市内法人企業数', marker: null });
    expect(splitTrailingMarker('※印の付いた指標')).toEqual({ text: '※印の付いた指標', marker: null });
  });

  it.each([
    ['※', 'paren', '(※)'],
    ['※2', 'paren', '(※2)'],
    ['注1', 'fullwidth-paren', '（注１）'],
    ['※', 'tortoise', '〔※〕'],
    ['※', 'bracket', '[※]'],
    ['※1', 'bare', '※1'],
    ['（注１）', 'paren', '(注1)'],
  ] as const)('formatMarker(%s, %s) → %s', (key, style, printed) => {
    expect(formatMarker(key, style)).toBe(printed);
    expect(markerKey(printed)).toBe(markerKey(formatMarker(key, 'paren')));
  });
});
