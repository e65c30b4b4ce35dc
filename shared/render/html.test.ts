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

  it('uses thead for leading header rows, th with scope, and spans from the model', () => {
    const revision = findAll(doc, 'table')[2]!;
    const head = findFirst(revision, 'thead')!;
    expect(findAll(head, 'tr')).toHaveLength(2);
    const after = findAll(head, 'th')[0]!;
    expect(after.attrs).toMatchObject({ scope: 'colgroup', colspan: '4' });
    const project = findAll(doc, 'table')[1]!;
    const kpi = findAll(project, 'th').find((th) => th.text === 'KPI')!;
    expect(kpi.attrs).toMatchObject({ scope: 'rowgroup', rowspan: '4' });
    const period = findAll(project, 'th').find((th) => th.text === '計画期間')!;
    expect(period.attrs.scope).toBe('row');
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
