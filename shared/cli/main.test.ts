import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import pkg from '../../package.json' with { type: 'json' };
import { buildExportModels } from '../render/export.ts';
import { PlanFile } from '../schema/index.ts';
import { samplePlanJson } from '../validation/test-support.ts';
import { main } from './main.ts';
import { memoryIo } from './test-io.ts';

const DEMO = readFileSync(new URL('../../data/sendai-2023.plan.json', import.meta.url), 'utf8');
const SAMPLE = JSON.stringify(samplePlanJson());
const broken = samplePlanJson();
(broken.plan as Record<string, unknown>).title = '';
(broken.projects as Record<string, unknown>[])[0]!.departmentIds = ['d-gone'];

const FILES = {
  'demo.json': DEMO,
  'sample.json': SAMPLE,
  'broken.json': JSON.stringify(broken),
  'bom.json': `\uFEFF${SAMPLE}`,
  'text.json': '{"format": "shinchoku/plan@1",',
};

async function run(...argv: string[]) {
  const { io, out, disk } = memoryIo(FILES);
  const code = await main(argv, io);
  return { code, ...out, disk };
}

/** A failure is exactly one line on stderr, Japanese then English, and no stack trace. */
function expectOneLine(stderr: string, ...fragments: string[]) {
  expect(stderr).toMatch(/^shinchoku: [^\n]+ \/ [^\n]+\n$/);
  expect(stderr).not.toMatch(/\bat .+:\d+:\d+/);
  for (const f of fragments) expect(stderr).toContain(f);
}

describe('shinchoku --help / --version / usage', () => {
  it('prints help and the package version', async () => {
    const help = await run('--help');
    expect(help).toMatchObject({ code: 0, stderr: '' });
    expect(help.stdout).toContain('shinchoku export <plan.json> --table <table>');
    expect(help.stdout).toContain('md    Markdown');
    expect((await run('export', 'x.json', '-h')).stdout).toBe(help.stdout);
    expect(await run('--version')).toMatchObject({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
  });

  it.each([
    [[], 'validate'],
    [['check', 'a.json'], '「check」'],
    [['--bogus'], '--bogus'],
    [['validate'], 'plan.json'],
    [['validate', 'a.json', 'b.json'], 'b.json'],
    [['validate', '--strict', 'demo.json'], '--strict'],
    [['export', 'demo.json'], '--table'],
    [['export', 'demo.json', '--table'], '--table の値がありません'],
    [['export', 'demo.json', '--table', '--format', 'md'], '--table'],
    [['export', 'demo.json', '--table', 'projects', '--table', 'goals'], '2回'],
    [['export', 'demo.json', '--table', 'kpi'], 'projects, goals, revision, budget'],
    [['export', 'demo.json', '--table', 'projects', '--format', 'docx'], 'md, csv, json, txt'],
    [['export', 'demo.json', '--table', 'projects', '--format', 'xlsx'], '--out'],
    [['export', 'demo.json', '--table', 'projects', '--format', 'pdf'], '--out'],
    [['export', 'demo.json', '--table', 'projects', '--year', 'R5'], '--year 2023'],
    [['export', 'demo.json', '--table', 'projects', '--include', 'some'], 'approved, all'],
    [['validate', 'missing.json'], 'missing.json が見つかりません'],
    [['validate', 'dir/'], 'EISDIR'],
  ])('%j is a usage error: exit 2, one line', async (argv, fragment) => {
    const r = await run(...argv);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expectOneLine(r.stderr, fragment);
  });
});

describe('shinchoku validate', () => {
  it('a valid plan: OK, exit 0', async () => {
    expect(await run('validate', 'sample.json')).toMatchObject({ code: 0, stdout: 'OK\n', stderr: '' });
    expect((await run('validate', 'bom.json')).code).toBe(0);
  });

  it('warnings follow OK, one per line: severity, path, Japanese, English', async () => {
    const r = await run('validate', 'demo.json');
    expect(r.code).toBe(0);
    const [ok, ...lines] = r.stdout.trimEnd().split('\n');
    expect(ok).toBe('OK');
    for (const line of lines) {
      const [severity, path, ja, en] = line.split('\t');
      expect(severity).toBe('warning');
      expect(path).toMatch(/^[a-z]/);
      expect(ja).toMatch(/[ぁ-ん]/);
      expect(en).toMatch(/[A-Za-z]/);
    }
  });

  it('an invalid plan: every problem on its own line and the count, exit 1', async () => {
    const r = await run('validate', 'broken.json');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(
      'error\tplan.title\t計画名が空です。入力してください\tPlan title is empty. Fill it in.\n' +
        'エラー 1件、警告 0件 / 1 error, 0 warnings\n',
    );
  });

  it('references are checked once the shape is right', async () => {
    const { io, out } = memoryIo({ 'p.json': JSON.stringify({ ...broken, plan: samplePlanJson().plan }) });
    expect(await main(['validate', 'p.json'], io)).toBe(1);
    expect(out.stdout).toContain(
      'error\tprojects[0].departmentIds[0]\t担当課「d-gone」が departments にありません',
    );
  });

  it('a file that is not JSON: one line, exit 1', async () => {
    const r = await run('validate', 'text.json');
    expect(r.code).toBe(1);
    expectOneLine(r.stderr, 'text.json は JSON として読めません');
  });
});

describe('shinchoku export', () => {
  it('Markdown of the latest cycle to stdout, with the published figures', async () => {
    const r = await run('export', 'demo.json', '--table', 'projects', '--format', 'md');
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toContain('| ① オウンドメディア等のPV数 | 0PV | 30,000 | 144,476 | 481.6% |');
    expect(r.stdout).toContain('令和5年度末時点');
    expect((await run('export', 'demo.json', '--table=projects')).stdout).toBe(r.stdout);
  });

  it('JSON is the table model itself, as the worker builds it', async () => {
    const r = await run('export', 'demo.json', '--table', 'goals', '--format', 'json', '--year', '2023');
    expect(r.code).toBe(0);
    const plan = PlanFile.parse(JSON.parse(DEMO));
    const [model] = buildExportModels(plan, ['goals'], { fiscalYear: 2023 });
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(JSON.stringify(model)));
  });

  it('CSV to a file with --out; an earlier cycle with --year', async () => {
    const r = await run(
      'export',
      'demo.json',
      '--table',
      'goals',
      '--format',
      'csv',
      '--year',
      '2022',
      '--out',
      'goals.csv',
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('goals.csv に書き出しました / Wrote goals.csv\n');
    const csv = r.disk.get('goals.csv') as string;
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv).toContain('令和4年度');
  });

  it('a binary format is written with --out', async () => {
    const r = await run('export', 'demo.json', '--table', 'projects', '--format', 'xlsx', '--out', 'p.xlsx');
    expect(r.code).toBe(0);
    const bytes = r.disk.get('p.xlsx');
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(new TextDecoder().decode((bytes as Uint8Array).subarray(0, 2))).toBe('PK');
  });

  it('the budget table takes the budget year; the revision table needs an earlier version', async () => {
    const r = await run('export', 'sample.json', '--table', 'budget', '--format', 'txt');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('28,218');
    const noRevision = await run('export', 'sample.json', '--table', 'revision');
    expect(noRevision.code).toBe(1);
    expectOneLine(noRevision.stderr, 'previousVersions');
    const wrongYear = await run('export', 'sample.json', '--table', 'budget', '--year', '2021');
    expect(wrongYear.code).toBe(1);
    expectOneLine(wrongYear.stderr, '2021年度の予算がありません（ある年度: 2023）');
  });

  it.each([
    [
      ['export', 'demo.json', '--table', 'projects', '--year', '2030'],
      '2030年度の報告年度がありません（ある年度: 2022, 2023）',
    ],
    [['export', 'broken.json', '--table', 'projects'], 'エラー1件。最初のもの: plan.title 計画名が空です'],
    [['export', 'text.json', '--table', 'projects'], 'JSON'],
    [['export', 'demo.json', '--table', 'projects', '--out', '/readonly/x.md'], 'EACCES'],
  ])('%j: the data cannot be used, exit 1, one line', async (argv, fragment) => {
    const r = await run(...argv);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expectOneLine(r.stderr, fragment);
  });

  it('a plan without cycles has no project table', async () => {
    const { io, out } = memoryIo({ 'p.json': JSON.stringify({ ...samplePlanJson(), cycles: [] }) });
    expect(await main(['export', 'p.json', '--table', 'projects'], io)).toBe(1);
    expectOneLine(out.stderr, 'cycles');
  });
});

describe('failures nobody planned for', () => {
  it('an exception anywhere becomes one line and exit 1', async () => {
    const { io, out } = memoryIo(FILES);
    io.stdout = () => {
      throw new TypeError('stdout closed');
    };
    expect(await main(['validate', 'sample.json'], io)).toBe(1);
    expectOneLine(out.stderr, '予期しないエラー', 'stdout closed');
    io.stderr = () => {
      throw new Error('stderr closed too');
    };
    expect(await main(['validate', 'sample.json'], io)).toBe(1);
  });
});
