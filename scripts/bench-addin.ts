/// <reference types="office-js" />
/**
 * `npm run bench:addin`: the add-in's budgets, measured.
 * - time to build the 1,000-KPI-row sheet model and its write plan (median of runs);
 * - the write: syncs and the bytes of each request, through the fake Excel (must stay < 5 MB);
 * - the gzipped size of what taskpane.html loads up front (must stay ≤ 150 KB).
 * Exits 1 when a budget is exceeded.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import { translator } from '../addin/src/app/i18n.ts';
import { buildModel } from '../addin/src/app/sheet-model.ts';
import { buildWritePlan } from '../addin/src/app/write-plan.ts';
import { writeSheet } from '../addin/src/excel/adapter.ts';
import { fakeExcelRun } from '../addin/test-support/fake-excel.ts';
import { FakeWorkbook } from '../addin/test-support/fake-workbook.ts';
import { sampleSheet } from '../addin/test-support/sample-sheet.ts';

const ROWS = 1000;
const RUNS = 7;
const REQUEST_LIMIT = 5 * 1024 * 1024;
const BUNDLE_LIMIT = 150 * 1024;
const root = resolve(import.meta.dirname, '..');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const t = translator('ja');
const data = sampleSheet({ kpis: ROWS });
const times: number[] = [];
let plan = buildWritePlan(buildModel(data), t);
for (let i = 0; i < RUNS; i++) {
  const start = performance.now();
  plan = buildWritePlan(buildModel(data), t);
  times.push(performance.now() - start);
}
const book = new FakeWorkbook();
await writeSheet(fakeExcelRun(book), plan, { notes: true });
const largest = Math.max(...book.syncs.map((s) => s.bytes));
const planned = plan.chunks.reduce((sum, c) => sum + c.bytes, 0);

await build({ configFile: join(root, 'addin/vite.config.ts'), logLevel: 'silent' });
const dist = join(root, 'dist/addin');
const html = readFileSync(join(dist, 'taskpane.html'), 'utf8');
const refs = [...html.matchAll(/<(?:script[^>]*\bsrc|link[^>]*\bhref)="(\/assets\/[^"]+)"/g)].map(
  (m) => m[1]!,
);
const files = refs.map((ref) => {
  const bytes = readFileSync(join(dist, ref));
  return { ref, raw: bytes.length, gz: gzipSync(bytes, { level: 9 }).length };
});
const initial = files.reduce((sum, f) => sum + f.gz, 0);

console.log(
  `sheet model + write plan, ${ROWS} KPI rows (${plan.body.values.length} sheet rows): median ${median(times).toFixed(1)} ms over ${RUNS} runs`,
);
console.log(
  `write: ${book.syncCount} syncs, ${plan.chunks.length} chunk(s); planned body ${kb(planned)}; largest request ${kb(largest)} (limit ${kb(REQUEST_LIMIT)})`,
);
for (const f of files) console.log(`  ${f.ref}: ${kb(f.raw)} raw, ${kb(f.gz)} gzipped`);
console.log(
  `task pane initial load (taskpane.html's scripts and styles): ${kb(initial)} gzipped (limit ${kb(BUNDLE_LIMIT)})`,
);

let failed = false;
if (largest >= REQUEST_LIMIT) failed = true;
if (initial > BUNDLE_LIMIT) failed = true;
if (book.syncCount > 3) failed = true;
if (failed) {
  console.error('over budget');
  process.exit(1);
}
