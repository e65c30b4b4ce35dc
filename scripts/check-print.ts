/**
 * `npm run check:print`: the xlsx exports on paper, as LibreOffice prints them. Every table of
 * every plan in data/ and of the generated plan of tests/print/plans.ts is written as xlsx,
 * converted to PDF by LibreOffice (`soffice --headless --convert-to pdf`, a private profile) and
 * read back page by page with the checks of the print test (tests/print/pages.ts): no block split
 * unless taller than a page, no pair or KPI row split, the column header on every page, no page
 * empty; and the page count LibreOffice made against the layout's own page breaks (more pages
 * would mean rows taller than estimated, or a scale other than the one the layout assumed).
 *
 * Not part of `npm test`: it needs LibreOffice, which does not come from npm. Without it, this
 * says how to install it and exits with 2. `--keep DIR` keeps the xlsx and PDF files in DIR.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { buildExportModels } from '../shared/render/export.ts';
import { layoutSheet } from '../shared/render/sheet-layout.ts';
import { renderXlsx } from '../shared/render/xlsx.ts';
import { checkPrintedTable, readPdf } from '../tests/print/pages.ts';
import { printedPlans } from '../tests/print/plans.ts';

const run = promisify(execFile);

function soffice(): string | null {
  for (const name of ['soffice', 'libreoffice']) {
    try {
      execFileSync('which', [name], { stdio: 'ignore' });
      return name;
    } catch {
      // not this one
    }
  }
  return null;
}

const program = soffice();
if (!program) {
  process.stderr.write(
    'check:print needs LibreOffice (soffice), which npm does not provide. On Debian/Ubuntu:\n' +
      '  apt-get install -y libreoffice-calc-nogui fonts-noto-cjk\n' +
      '(fonts-noto-cjk: a Japanese font, or the text is measured and drawn with another one).\n',
  );
  process.exit(2);
}

const keepAt = process.argv.indexOf('--keep');
const dir = keepAt > 0 ? process.argv[keepAt + 1]! : mkdtempSync(join(tmpdir(), 'shinchoku-check-print-'));
mkdirSync(dir, { recursive: true });
const profile = mkdtempSync(join(tmpdir(), 'shinchoku-lo-profile-'));

const plans = printedPlans();
const jobs = plans.flatMap((printed) =>
  printed.tables.map((table) => {
    const [model] = buildExportModels(printed.plan, [table]);
    return { printed, table, model: model!, base: `${printed.name}-${table}` };
  }),
);
for (const job of jobs) writeFileSync(join(dir, `${job.base}.xlsx`), await renderXlsx([job.model]));

const started = Date.now();
await run(
  program,
  [
    '--headless',
    `-env:UserInstallation=file://${profile}`,
    '--convert-to',
    'pdf',
    '--outdir',
    dir,
    ...jobs.map((j) => join(dir, `${j.base}.xlsx`)),
  ],
  { timeout: 600_000 },
);
process.stdout.write(
  `LibreOffice converted ${jobs.length} workbooks in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
);

let failed = 0;
for (const job of jobs) {
  const layout = layoutSheet(job.model);
  const { pages, numbered } = await readPdf(new Uint8Array(readFileSync(join(dir, `${job.base}.pdf`))));
  // Blocks the layout cuts (taller than a page) must span pages; a sheet of several blocks repeats
  // only its title lines, or a shared header, so a tall block's own header does not repeat.
  const tall = new Set(
    layout.blocks
      .filter((b) => !b.flows && layout.print.breaks.some((r) => r > b.start && r < b.end))
      .map((b) => b.id),
  );
  const titles = layout.print.titleRows;
  const repeatsHeads =
    layout.blocks.every((b) => b.head.start >= titles.start && b.head.end <= titles.end) ||
    layout.blocks.some((b) => b.flows);
  const check = checkPrintedTable(pages, job.model, tall, { continuationHeader: repeatsHeads });
  const expected = layout.print.breaks.length + 1;
  const problems = [...check.problems];
  if (check.pages !== expected)
    problems.push(`LibreOffice made ${check.pages} pages, the layout's breaks ${expected}`);
  if (!numbered.every(Boolean)) problems.push('a page without its number (n / N)');
  const notes =
    check.bareContinuations > 0
      ? ` (${check.bareContinuations} continuation page(s) of a block taller than a page without its own header: Excel repeats one range of rows per sheet)`
      : '';
  process.stdout.write(
    `${problems.length === 0 ? 'ok  ' : 'FAIL'} ${job.base}: ${check.pages} pages, scale ${Math.round(layout.print.scale * 100)}%${notes}\n`,
  );
  for (const p of problems) process.stdout.write(`       ${p}\n`);
  if (problems.length > 0) failed++;
}
rmSync(profile, { recursive: true, force: true });
if (keepAt < 0) rmSync(dir, { recursive: true, force: true });
else process.stdout.write(`files in ${dir}\n`);
process.stdout.write(`${jobs.length - failed} passed, ${failed} failed\n`);
process.exitCode = failed > 0 ? 1 : 0;
