import { describe, expect, it } from 'vitest';
import { loadPlan } from '../../tests/shared/load.ts';
import { buildRevisionTable } from '../tables/revision.ts';
import { renderHtml } from './html.ts';
import { htmlDifferences } from './testing/expect-html.ts';
import { findAll, findFirst, parseHtml } from './testing/html-dom.ts';
import { framedModel, HOSTILE_NAMES, projectLikeModel, revisionLikeModel } from './testing/models.ts';

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
    expect(print).toMatch(/\.frame, caption, table\.lead, \.block\.summary \{ break-after: avoid;/);
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

  it('prints the frame: the 別紙 label on the right above the title, each subtitle line on its own', () => {
    const framed = [framedModel(), framedModel(true)];
    const page = renderHtml(framed);
    expect(htmlDifferences(page, framed)).toEqual([]);
    const frames = findAll(parseHtml(page), 'header');
    expect(frames.map((f) => f.children.map((c) => [c.tag, c.attrs.class ?? '', c.text]))).toEqual([
      [
        ['p', 'frame-label', '別紙2'],
        ['h1', '', 'テスト計画 事業の実績'],
        ['p', 'subtitle', '令和5年度末時点'],
        ['p', 'subtitle', '（単位：千円）'],
      ],
      [
        ['p', 'frame-label', '別紙2'],
        ['h1', '', 'テスト計画 事業の実績'],
        ['p', 'subtitle a-right', '令和5年度末時点'],
        ['p', 'subtitle a-right', '（単位：千円）'],
      ],
    ]);
    const style = findFirst(parseHtml(page), 'style')!.text;
    expect(style).toMatch(/\.frame-label \{ text-align: right;/);
    expect(style).toMatch(/\.a-right \{ text-align: right; \}/);
    // The comparison notices a missing label.
    const unlabelled = framedModel();
    delete unlabelled.frame;
    expect(htmlDifferences(renderHtml([unlabelled]), [framedModel()])).toContain(
      'table 1 frame: 3 lines ≠ 4',
    );
  });

  it('repeats the 新旧対照表’s 変更後 | 変更前 and column header rows, not its section rows', () => {
    const model = buildRevisionTable(loadPlan('revision-sample.plan.json'));
    const page = renderHtml([model]);
    expect(htmlDifferences(page, [model])).toEqual([]);
    const outer = findAll(parseHtml(page), 'table').find((t) => t.attrs.class === 'framed')!;
    const heads = findAll(outer, 'thead').map((h) =>
      findAll(h, 'tr').map((tr) => tr.children.map((c) => c.text)),
    );
    // The outer table's head: 変更後 | 変更前; the table nested under the section rows: the columns.
    expect(heads[0]).toEqual([['変更後', '変更前']]);
    expect(heads[1]![0]!.slice(0, 3)).toEqual(['指標', '事業開始前 (現時点)', '1年目']);
    expect(heads[1]![1]![0]).toBe('H30年度 増加分');
    const sections = findAll(outer.children.find((c) => c.tag === 'tbody')!, 'tr').map(
      (tr) => tr.children[0]!.text,
    );
    expect(sections).toEqual(['1～3 (略)', '4 地域再生計画の目標', '【数値目標】']);
    const style = findFirst(parseHtml(page), 'style')!.text;
    expect(style).toMatch(/tr\.nest \{ break-inside: auto;/);
  });
});
