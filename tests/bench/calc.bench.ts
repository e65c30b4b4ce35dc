/**
 * Benchmark of evaluateIndicator: 1,000,000 indicator-years of mixed kinds, held as the worker
 * holds them (schema objects with DecimalString figures, actuals per indicator in a Map), evaluated
 * one by one. Run with `npm run bench` (Node 24 via node_modules/.bin). Target: > 1,000,000/s.
 */
import { availableParallelism, loadavg } from 'node:os';
import { type Achievement, type ActualsByYear, evaluateIndicator } from '../../shared/calc/index.ts';
import type { Actual, Indicator, IndicatorKind } from '../../shared/schema/index.ts';

const YEARS = [2019, 2020, 2021, 2022, 2023] as const;
const INDICATORS = Number(process.env.BENCH_INDICATORS ?? 200_000); // × 5 years = 1,000,000
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

// Deterministic data (xorshift32) so every run measures the same rows.
let seed = 0x2023_0401;
function rand(): number {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) / 0x1_0000_0000;
}
const int = (max: number) => Math.floor(rand() * max);
const oneDecimal = (max: number) => `${int(max)}.${int(10)}`;

const KINDS: [IndicatorKind, number][] = [
  ['increment', 0.5],
  ['cumulative', 0.15],
  ['level', 0.1],
  ['rate', 0.1],
  ['reduction', 0.05],
  ['threshold', 0.05],
  ['qualitative', 0.03],
  ['not_set', 0.02],
];
function pickKind(): IndicatorKind {
  let r = rand();
  for (const [kind, share] of KINDS) {
    r -= share;
    if (r < 0) return kind;
  }
  return 'increment';
}

function figure(kind: IndicatorKind): string {
  if (kind === 'rate') return oneDecimal(100);
  if (kind === 'increment') return String(int(rand() < 0.5 ? 1_000 : 1_000_000));
  return String(int(100_000));
}

function actual(id: string, value: string | null, basis: 'year' | 'to_date' = 'year'): Actual {
  return value === null
    ? { indicatorId: id, value, basis, missingReason: '未公表', footnotes: [] }
    : { indicatorId: id, value, basis, footnotes: [] };
}

function build(i: number): { indicator: Indicator; actuals: ActualsByYear } {
  const id = `ind-${i}`;
  const kind = pickKind();
  const byYear = new Map<number, Actual>();
  const indicator: Indicator = {
    id,
    number: (i % 9) + 1,
    name: `指標${i}`,
    unit: kind === 'rate' ? '%' : '件',
    kind,
    direction: kind === 'reduction' ? 'lower_is_better' : 'higher_is_better',
    baseline: { value: kind === 'reduction' ? String(100_000 + int(100_000)) : figure(kind) },
    targets: [],
    footnotes: [],
  };
  if (kind === 'cumulative' || kind === 'threshold') indicator.window = { startFy: 2019, endFy: 2023 };
  if (kind === 'threshold') indicator.threshold = { comparator: rand() < 0.5 ? '>=' : '>', maintain: false };
  let runningTotal = 0;
  for (const fy of YEARS) {
    // 1% zero targets, 5% missing actuals: the not-computable paths are part of the load.
    const zero = rand() < 0.01;
    if (kind === 'increment' || kind === 'level' || kind === 'rate') {
      indicator.targets.push({ fiscalYear: fy, value: zero ? '0' : figure(kind) });
    }
    const missing = rand() < 0.05;
    if (kind === 'qualitative') {
      byYear.set(fy, { ...actual(id, null), status: rand() < 0.5 ? 'achieved' : 'in_progress' });
    } else if (kind === 'cumulative') {
      runningTotal += int(1_000);
      byYear.set(fy, actual(id, missing ? null : String(runningTotal), 'to_date'));
    } else if (kind !== 'not_set') {
      byYear.set(fy, actual(id, missing ? null : figure(kind)));
    }
  }
  if (kind === 'cumulative' || kind === 'threshold')
    indicator.targets.push({ fiscalYear: 2023, value: '2500' });
  if (kind === 'reduction') indicator.targets.push({ fiscalYear: 2030, value: String(int(50_000)) });
  return { indicator, actuals: byYear };
}

const rows = Array.from({ length: INDICATORS }, (_, i) => build(i));
const count = rows.length * YEARS.length;

function runOnce(): { ms: number; cpuMs: number; met: number; computable: number } {
  let met = 0;
  let computable = 0;
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  for (let i = 0; i < rows.length; i++) {
    const { indicator, actuals } = rows[i]!;
    for (let y = 0; y < YEARS.length; y++) {
      const a: Achievement = evaluateIndicator(indicator, actuals, YEARS[y]!);
      if (a.met === true) met++;
      if (a.computable) computable++;
    }
  }
  const ms = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000, met, computable };
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
console.log(
  `calc bench: ${fmt(count)} indicator-years (${fmt(INDICATORS)} indicators × ${YEARS.length} years), Node ${process.version}`,
);
// Other processes share the 2 cores: the load average and the process CPU time (all threads,
// including the GC's) tell a slow run caused by the machine from one caused by the code.
console.log(
  `load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')} on ${availableParallelism()} cores`,
);
const results: number[] = [];
for (let run = 0; run <= RUNS; run++) {
  const { ms, cpuMs, met, computable } = runOnce();
  const label = run === 0 ? 'warm-up' : `run ${run}`;
  if (run > 0) results.push(ms);
  console.log(
    `${label.padEnd(8)} ${fmt(count)} evaluations in ${ms.toFixed(0)} ms = ${fmt((count / ms) * 1000)} evaluations/s` +
      ` (process CPU ${cpuMs.toFixed(0)} ms; computable ${fmt(computable)}, met ${fmt(met)})`,
  );
}
results.sort((a, b) => a - b);
const median = results[Math.floor(results.length / 2)]!;
const heapMb = process.memoryUsage().heapUsed / 1024 / 1024;
console.log(
  `median   ${fmt((count / median) * 1000)} evaluations/s (${median.toFixed(0)} ms); heap used ${heapMb.toFixed(0)} MB`,
);
