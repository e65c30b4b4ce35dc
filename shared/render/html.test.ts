import { describe, expect, it } from 'vitest';
import { renderHtml } from './html.ts';
import { htmlDifferences } from './testing/expect-html.ts';
import { findAll, findFirst, parseHtml } from './testing/html-dom.ts';
import { HOSTILE_NAMES, projectLikeModel, revisionLikeModel } from './testing/models.ts';

describe('renderHtml', () => {
  const models = [projectLikeModel(), revisionLikeModel()];
  const html = renderHtml(models);
  const doc = parseHtml(html);

  it('is a standalone Japanese page whose tables equal the models cell by cell', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(findFirst(doc, 'html')!.attrs.lang).toBe('ja');
    expect(findFirst(doc, 'meta')!.attrs.charset).toBe('utf-8');
    expect(htmlDifferences(html, models)).toEqual([]);
  });

  it('the comparison notices a wrong text, span or underline', () => {
    const changed = [projectLikeModel(), revisionLikeModel()];
    const row = changed[1]!.blocks[0]!.rows[2]!;
    row[2] = { ...row[2]!, underline: false };
    row[1] = { ...row[1]!, text: '11' };
    const diffs = htmlDifferences(html, changed);
    expect(diffs).toContain('block revision row 2 cell 2: underline true');
    expect(diffs).toContain('block revision row 2 cell 1: "10" ≠ "11"');
  });

  it('escapes every text: markup in a name renders as text, no script element exists', () => {
    expect(findAll(doc, 'script')).toEqual([]);
    const caption = findAll(doc, 'caption').map((c) => c.text);
    expect(caption).toContain(`1 ${HOSTILE_NAMES[6]}【新規】`);
    expect(html).toContain(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;引用&quot; &#39;単&#39;',
    );
  });

  it('uses thead for each block’s column header, th with scope, and spans from the model', () => {
    const tables = findAll(doc, 'table');
    const revision = tables[3]!;
    const head = findFirst(revision, 'thead')!;
    expect(findAll(head, 'tr')).toHaveLength(2);
    const after = findAll(head, 'th')[0]!;
    expect(after.attrs).toMatchObject({ scope: 'colgroup', colspan: '4' });
    // A project: the rows above the KPI header print as a table of their own, the KPI header is
    // the thead of the KPI rows (repeated on each page), its KPI cell ending with it.
    const [lead, kpis] = [tables[1]!, tables[2]!];
    expect(lead.attrs.class).toBe('lead');
    const period = findAll(lead, 'th').find((th) => th.text === '計画期間')!;
    expect(period.attrs.scope).toBe('row');
    const kpiHead = findFirst(kpis, 'thead')!;
    expect(findAll(kpiHead, 'th').map((th) => th.text)).toEqual([
      'KPI',
      '指標',
      '当初値',
      '目標値(増分)',
      '実績値(増分)',
      '達成度',
    ]);
    expect(findAll(kpiHead, 'th')[0]!.attrs).toEqual({ scope: 'col', class: 'r-header' });
    const bodyRows = findAll(findFirst(kpis, 'tbody')!, 'tr');
    expect(bodyRows).toHaveLength(3);
    for (const tr of bodyRows) expect(tr.children[0]!.attrs.class).toBe('fill');
    // The blocks' columns are the model's widths.
    expect(findAll(lead, 'col').map((c) => c.attrs.style)).toEqual(
      [12, 40, 14, 14, 14, 10].map((w) => `width:${((100 * w) / 104).toFixed(2)}%`),
    );
  });

  it('prints a block whole, a tall one or a budget section between its units, the chart never', () => {
    const style = findFirst(doc, 'style')!.text;
    const print = style.slice(style.indexOf('@media print'));
    expect(print).toMatch(/\.block \{ break-inside: avoid;/);
    expect(print).toMatch(/\.block\.flow, \.block\.first \{ break-inside: auto;/);
    expect(print).toMatch(/tr, tbody\.unit \{ break-inside: avoid;/);
    expect(print).toMatch(/thead \{ display: table-header-group; \}/);
    expect(print).toMatch(/h1, \.subtitle, caption, table\.lead, \.block\.summary \{ break-after: avoid;/);
    expect(print).toMatch(/\.chart \{ display: none; \}/);
    expect(print).toMatch(/counter\(page\) " \/ " counter\(pages\)/);
    const divs = findAll(doc, 'div').filter((d) => d.attrs.class?.startsWith('block'));
    expect(divs.map((d) => d.attrs.class)).toEqual(['block summary', 'block first', 'block first']);
  });

  it('has a print stylesheet for A4 landscape', () => {
    const style = findFirst(doc, 'style')!.text;
    expect(style).toMatch(/@media print\s*\{\s*@page\s*\{\s*size:\s*A4 landscape/);
  });

  it('draws an accessible 達成度 chart with a 100% line and the figures as text', () => {
    const svg = findAll(doc, 'svg');
    expect(svg).toHaveLength(1);
    expect(svg[0]!.attrs.role).toBe('img');
    const [titleId, descId] = svg[0]!.attrs['aria-labelledby']!.split(' ');
    const desc = findAll(doc, 'desc').find((d) => d.attrs.id === descId)!;
    expect(findAll(doc, 'title').some((t) => t.attrs.id === titleId)).toBe(true);
    expect(desc.text).toBe(
      `① オウンドメディア等のPV数：481.6%。② ${HOSTILE_NAMES[0]}：△8.3%。③ ${HOSTILE_NAMES[1]}：—%（算出できません）`,
    );
    const texts = findAll(svg[0]!, 'text').map((t) => t.text);
    expect(texts).toContain('100%');
    expect(texts).toContain('481.6% ▶');
    expect(findAll(svg[0]!, 'line').some((l) => l.attrs.class === 'target')).toBe(true);
  });

  it('leaves the chart out when asked, and for tables without 達成度', () => {
    expect(findAll(parseHtml(renderHtml(models, { chart: false })), 'svg')).toEqual([]);
    expect(findAll(parseHtml(renderHtml([revisionLikeModel()])), 'svg')).toEqual([]);
  });
});
