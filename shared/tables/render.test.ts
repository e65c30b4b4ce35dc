import { describe, expect, it } from 'vitest';
import { CSV_BOM, CSV_CHANGED_MARK, CSV_CHANGED_NOTE, csvField, guardFormula, renderCsv } from './csv.ts';
import { renderTable } from './index.ts';
import { renderMarkdown, renderPlainText } from './markdown.ts';
import { displayWidth, wrapText } from './text-width.ts';
import type { TableModel } from './types.ts';

const model: TableModel = {
  kind: 'projects',
  title: '事業の実績',
  subtitle: '令和5年度末時点',
  columnWidths: [8, 20, 10],
  summary: [],
  blocks: [
    {
      id: 'b1',
      heading: '1 事業A【新規】',
      columns: 3,
      rows: [
        [
          { text: 'KPI', role: 'header', rowSpan: 2 },
          { text: '指標', role: 'header' },
          { text: '達成度', role: 'header' },
        ],
        [
          { text: '① 件数 | 累計\n(年度)', role: 'label' },
          { text: '—%', role: 'value', align: 'right', underline: true },
        ],
      ],
      footnotes: [{ marker: '※', text: '公表前のため未確定' }],
    },
  ],
  footnotes: [{ marker: '（注１）', text: '単位は千円' }],
  problems: [],
};

describe('renderMarkdown', () => {
  const md = renderMarkdown(model);
  it('prints title, heading, a GFM table with spans left empty, and footnotes', () => {
    expect(md).toContain('## 事業の実績\n\n令和5年度末時点\n\n### 1 事業A【新規】');
    expect(md).toContain('| KPI | 指標 | 達成度 |');
    expect(md).toContain('| --- | --- | ---: |');
    expect(md).toContain('|  | ① 件数 \\| 累計<br>(年度) | <u>—%</u> |');
    expect(md).toContain('※公表前のため未確定');
    expect(md.endsWith('（注１）単位は千円  \n')).toBe(true);
  });
});

describe('renderPlainText', () => {
  const text = renderPlainText(model);
  it('aligns columns by display width (full-width characters count two)', () => {
    const lines = text.split('\n').filter((l) => l.startsWith('|') || l.startsWith('+'));
    const widths = new Set(lines.map(displayWidth));
    expect(widths.size).toBe(1);
    expect(text).toContain('_—%_');
    expect(text).toContain('※公表前のため未確定');
  });
  it('wraps text at any character and keeps explicit line breaks', () => {
    expect(wrapText('あいうえお', 4)).toEqual(['あい', 'うえ', 'お']);
    expect(wrapText('ab\ncd', 10)).toEqual(['ab', 'cd']);
  });
});

describe('renderCsv', () => {
  const csv = renderCsv(model);
  it('starts with a BOM, ends rows with CRLF and pads every row to the widest block', () => {
    expect(csv.startsWith(CSV_BOM)).toBe(true);
    const rows = csv.slice(1).split('\r\n');
    expect(rows[rows.length - 1]).toBe('');
    // The model has a changed (underlined) cell: the title says how CSV marks it.
    expect(rows[0]).toBe(`事業の実績${CSV_CHANGED_NOTE},,`);
    expect(rows).toContain('KPI,指標,達成度');
    expect(csv).toContain(`,"① 件数 | 累計\n(年度)",${CSV_CHANGED_MARK}—%\r\n`);
    expect(rows).toContain('※公表前のため未確定,,');
  });
  it('quotes per RFC 4180', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "x"')).toBe('"say ""x"""');
    expect(csvField('plain')).toBe('plain');
  });
  it('neutralises formula starts, including a hyphen placeholder, but not our △ or —%', () => {
    expect(guardFormula('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(guardFormula('+13社')).toBe("'+13社");
    expect(guardFormula('-%')).toBe("'-%");
    expect(guardFormula('@cmd')).toBe("'@cmd");
    expect(guardFormula('\tx')).toBe("'\tx");
    expect(guardFormula('△25')).toBe('△25');
    expect(guardFormula('—%')).toBe('—%');
    expect(guardFormula('(+13社)')).toBe('(+13社)');
    expect(csvField('=1,2')).toBe('"\'=1,2"');
  });
});

describe('the frame: 別紙 label on the right, subtitle lines, a right-aligned unit line', () => {
  const framed: TableModel = {
    ...model,
    title: '● 事業の実績について',
    subtitle: '○計画 (抄)\n[ 平成30年3月30日認定 ]',
    frame: { label: '別紙2' },
    blocks: model.blocks.map((b) => ({
      ...b,
      rows: b.rows.map((r) => r.map((c) => ({ ...c, underline: false }))),
    })),
  };
  const unit: TableModel = { ...framed, subtitle: '（単位：千円）', frame: { subtitleAlign: 'right' } };

  it("CSV: the label in the title row's last column, one row per subtitle line, the unit on the right", () => {
    const rows = renderCsv(framed).slice(1).split('\r\n');
    expect(rows.slice(0, 3)).toEqual([
      '● 事業の実績について,,別紙2',
      '○計画 (抄),,',
      '[ 平成30年3月30日認定 ],,',
    ]);
    expect(renderCsv(unit).slice(1).split('\r\n').slice(0, 2)).toEqual([
      '● 事業の実績について,,',
      ',,（単位：千円）',
    ]);
  });

  it('Markdown: the label above the title, the subtitle lines broken', () => {
    expect(renderMarkdown(framed)).toMatch(
      /^別紙2\n\n## ● 事業の実績について\n\n○計画 \(抄\)<br>\[ 平成30年3月30日認定 \]\n/,
    );
  });

  it('plain text: the label and the unit end at the right edge of the table', () => {
    const lines = renderPlainText(framed).split('\n');
    const edge = displayWidth(lines.find((l) => l.startsWith('+'))!);
    expect(lines[0]!.trimStart()).toBe('別紙2');
    expect(displayWidth(lines[0]!)).toBe(edge);
    expect(lines.slice(1, 4)).toEqual(['● 事業の実績について', '○計画 (抄)', '[ 平成30年3月30日認定 ]']);
    const unitLine = renderPlainText(unit).split('\n')[1]!;
    expect(unitLine.trimStart()).toBe('（単位：千円）');
    expect(displayWidth(unitLine)).toBe(edge);
  });
});

describe('renderTable', () => {
  it('maps each export format to its renderer; json is the model itself', () => {
    expect(JSON.parse(renderTable(model, 'json'))).toEqual(model);
    expect(renderTable(model, 'md')).toBe(renderMarkdown(model));
    expect(renderTable(model, 'csv')).toBe(renderCsv(model));
    expect(renderTable(model, 'txt')).toBe(renderPlainText(model));
  });
});
