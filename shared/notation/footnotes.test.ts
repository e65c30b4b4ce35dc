import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  FOOTNOTE_MARKER_RE,
  formatFootnotes,
  formatMarker,
  isFootnoteMarker,
  markerKey,
  parseFootnotes,
  splitLeadingMarker,
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

describe('footnote cells', () => {
  it.each([
    ['(※1) 速報値', '(※1)', '速報値'],
    ['(※1)速報値', '(※1)', '速報値'],
    ['（注１）　推計値', '（注１）', '推計値'],
    ['〔※〕 市民意識調査による', '〔※〕', '市民意識調査による'],
    ['[※2]  R5年度から算定方法を変更', '[※2]', 'R5年度から算定方法を変更'],
    ['※1 未公表', '※1', '未公表'],
    ['※　未公表', '※', '未公表'],
    ['  (※)  ', '(※)', ''],
  ])('%j starts with the marker %s', (line, marker, text) => {
    expect(splitLeadingMarker(line)).toEqual({ marker, text });
    expect(FOOTNOTE_MARKER_RE.test(marker)).toBe(true);
  });

  it.each(['速報値', '※印の付いた指標は推計値', '※2020年度は速報値', '注意: 速報値', '66社(※)'])(
    '%j has no leading marker: the whole line is the note',
    (line) => {
      expect(splitLeadingMarker(line)).toEqual({ marker: null, text: line });
    },
  );

  it('reads one footnote per line; a line without a marker takes the value cell’s, else (※)', () => {
    const cell = '(※1) 速報値\r\n\n  令和6年3月時点  \r（注２）推計値';
    expect(parseFootnotes(cell)).toEqual([
      { marker: '(※1)', text: '速報値' },
      { marker: '(※)', text: '令和6年3月時点' },
      { marker: '（注２）', text: '推計値' },
    ]);
    expect(parseFootnotes('統計の公表は8月', '(※2)')).toEqual([{ marker: '(※2)', text: '統計の公表は8月' }]);
    expect(parseFootnotes(' \n\u3000\n')).toEqual([]);
  });

  it('keeps a marker without a note, for validation to ask for the note', () => {
    expect(parseFootnotes('(※1)')).toEqual([{ marker: '(※1)', text: '' }]);
  });

  it('writes footnotes back as the cell reads them', () => {
    const notes = [
      { marker: '(※1)', text: '速報値' },
      { marker: '〔※〕', text: '市民意識調査による' },
    ];
    expect(formatFootnotes(notes)).toBe('(※1) 速報値\n〔※〕 市民意識調査による');
    expect(formatFootnotes([])).toBe('');
  });

  it('round-trips any markers and one-line notes', () => {
    const marker = fc.constantFrom('(※)', '(※1)', '（※２）', '〔※〕', '[※]', '［※3］', '※', '※4', '（注１）');
    const note = fc
      .string({
        unit: fc.constantFrom('速', '報', '値', 'R', '5', '年', '度', ' ', '　', '※', '(', ')', '%'),
      })
      .map((s) => s.trim())
      .filter((s) => s !== '');
    fc.assert(
      fc.property(fc.array(fc.record({ marker, text: note }), { maxLength: 5 }), (notes) => {
        expect(parseFootnotes(formatFootnotes(notes))).toEqual(notes);
      }),
    );
  });
});
