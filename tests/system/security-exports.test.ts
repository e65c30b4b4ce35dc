import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCsv, readHtml, readXlsx } from './harness/documents.ts';
import { FORMULAS, formulaPlan, IMG, markupPlan, SCRIPT } from './harness/hostile-plans.ts';
import { call } from './harness/http.ts';
import { type LocalWorker, startLocalWorker } from './harness/local-worker.ts';

/**
 * The official exports of plans whose texts are markup or spreadsheet formulas, imported through
 * the API and exported through the API: CSV cells neutralised, xlsx cells text (never formulas),
 * HTML showing every text field as text and creating no element from it.
 */
const FY = 2023;
let w: LocalWorker;
let coordinator: string;

const exportOf = (planId: string, table: string, format: string, include = 'approved') =>
  call(
    w.baseUrl,
    'GET',
    `/api/plans/${planId}/cycles/${FY}/export?table=${table}&format=${format}&include=${include}`,
    {
      token: coordinator,
    },
  );

async function importPlan(plan: unknown): Promise<void> {
  const res = await call(w.baseUrl, 'POST', '/api/plans', { token: w.user('demo-admin').token, body: plan });
  expect(res.status, res.text.slice(0, 1500)).toBe(201);
}

beforeAll(async () => {
  w = await startLocalWorker();
  coordinator = w.user('demo-coordinator').token;
  await importPlan(formulaPlan('formula-plan'));
  await importPlan(markupPlan('markup-plan').plan);
});

afterAll(async () => {
  await w?.stop();
});

describe('formula injection', () => {
  const FORMULA_START = /^[=+\-@\t\r]/;

  it('neutralises every CSV cell that a spreadsheet would evaluate, and still shows the text', async () => {
    for (const table of ['projects', 'goals']) {
      const res = await exportOf('formula-plan', table, 'csv', 'all');
      expect(res.status, res.text.slice(0, 300)).toBe(200);
      const cells = readCsv(res.bytes).flat();
      const dangerous = cells.filter((c) => FORMULA_START.test(c));
      expect(dangerous, `${table}: cells a spreadsheet would run`).toEqual([]);
      if (table !== 'projects') continue;
      for (const formula of FORMULAS) {
        const shown = cells.filter((c) => c.includes(formula));
        expect(shown.length, `${formula} is printed`).toBeGreaterThan(0);
        // Where the text begins a cell it carries the apostrophe that makes it text.
        expect(cells).toContain(`'${formula}`);
      }
    }
  });

  it('writes the same texts into xlsx as text cells, with no formula anywhere', async () => {
    for (const table of ['projects', 'goals']) {
      const res = await exportOf('formula-plan', table, 'xlsx', 'all');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('spreadsheetml');
      const cells = await readXlsx(res.bytes);
      expect(cells.length).toBeGreaterThan(table === 'projects' ? 40 : 0);
      expect(
        cells.filter((c) => c.formula !== null),
        `${table}: formulas`,
      ).toEqual([]);
      const formulaLike = cells.filter((c) => FORMULA_START.test(c.text));
      for (const c of formulaLike) expect(['inlineStr', 's'], `${c.ref} "${c.text}"`).toContain(c.type);
      if (table !== 'projects') continue;
      for (const formula of FORMULAS) {
        const holding = cells.filter((c) => c.text.includes(formula));
        expect(holding.length, `${formula} is in the workbook`).toBeGreaterThan(0);
        expect(formulaLike.map((c) => c.text)).toContain(formula);
      }
    }
  });
});

describe('HTML export escaping', () => {
  const { texts } = markupPlan('markup-plan');
  let pages: { table: string; html: string; facts: ReturnType<typeof readHtml> }[] = [];

  beforeAll(async () => {
    pages = [];
    for (const table of ['projects', 'goals'])
      for (const include of ['approved', 'all']) {
        const res = await exportOf('markup-plan', table, 'html', include);
        expect(res.status, res.text.slice(0, 300)).toBe(200);
        expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
        pages.push({ table, html: res.text, facts: readHtml(res.text) });
      }
  });

  it('creates no script, img or event handler from any text field', () => {
    for (const { table, facts } of pages) {
      expect(facts.elements.has('script'), table).toBe(false);
      expect(facts.elements.has('img'), table).toBe(false);
      expect(facts.elements.has('iframe'), table).toBe(false);
      expect(
        [...facts.attributes].filter((a) => a.startsWith('on')),
        table,
      ).toEqual([]);
      expect(facts.attributes.has('src'), table).toBe(false);
    }
  });

  it('shows the markup of every text field as text', () => {
    const all = pages.map((p) => p.facts.text).join('\n');
    for (const [field, text] of Object.entries(texts))
      expect(all.includes(text), `${field}: ${text} is shown as text`).toBe(true);
    // The payloads themselves, literally, as text nodes: escaped once, not twice (no "&lt;" shown).
    expect(all).toContain(SCRIPT);
    expect(all).toContain(IMG);
    expect(all).not.toContain('&lt;');
    expect(all).not.toContain('&quot;');
  });

  it('escapes the markup in the page source itself', () => {
    for (const { table, html } of pages) {
      expect(html, table).not.toContain('<script>');
      expect(html, table).not.toContain('<img');
      expect(html, table).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    }
  });
});
