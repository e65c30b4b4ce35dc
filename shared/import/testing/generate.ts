import fc from 'fast-check';
import { fiscalYearLabel } from '../../notation/index.ts';
import {
  type Actual,
  type BudgetEntry,
  type Comparator,
  type Cycle,
  type Department,
  type Footnote,
  type Goal,
  type Indicator,
  PLAN_FORMAT,
  type PlanFile,
  type PlanVersion,
  type Project,
  type SubmissionState,
  type SubmissionStatus,
} from '../../schema/index.ts';

/**
 * Plans that use every notation of docs/domain.md, for the round-trip property test: indicator
 * kinds, units with a scale, △ negatives, thresholds (超, 以上, 以上を維持, 累計…以上), cumulative
 * windows, markers of every style with the note under the table in another style, unknown
 * baselines with a marker and a unit, several departments with either separator, 【新規】/【n年目】
 * projects, long texts, notes without a marker, markers on targets and budgets, 未確定 blocks, the
 * frames, a 新旧対照表 and a budget table.
 *
 * Each plan is in the form the tables print it back (docs/domain.md §9.6 "canonical form"): a fact
 * the tables do not print is left at what an import gives (no period label on a project's baseline
 * unless the 新旧対照表 prints one, `direction` from the kind, a budget's label always set…), so an
 * import of its xlsx must give the plan back exactly, and of its CSV the plan without its identity.
 */

type G = fc.GeneratorValue;

const int = (g: G, min: number, max: number): number => g(fc.integer, { min, max });
const bool = (g: G): boolean => g(fc.boolean);
const pick = <T>(g: G, list: readonly T[]): T => list[int(g, 0, list.length - 1)]!;
const some = <T>(g: G, list: readonly T[], min: number, max: number): T[] =>
  g(fc.shuffledSubarray, [...list], { minLength: min, maxLength: Math.min(max, list.length) });

// Words that make names and sentences: none starts or ends a text with a marker, a bracket, a digit
// or a sign that notation would read as something else.
const WORDS = [
  '地域',
  '活性化',
  '推進',
  '東北',
  '交流',
  '拠点',
  '観光',
  '子育て',
  '支援',
  '商店街',
  'にぎわい',
  'オウンドメディア',
  'PV',
  'ICT',
  'データ連携',
  '市民',
  '企業',
  '創業',
  '防災',
  '環境',
  '脱炭素',
  '人材',
  '定着',
  '利用者',
  '事業者',
  '広域',
  '連携',
  'まちづくり',
  '・',
  'と',
  'の',
  'による',
  '（試行）',
  'Ａ地区',
] as const;
const FIRST = WORDS.filter((w) => !['・', 'と', 'の', 'による', '（試行）'].includes(w));

function words(g: G, min: number, max: number): string {
  const n = int(g, min, max);
  const out = [pick(g, FIRST)];
  for (let i = 1; i < n; i++) out.push(pick(g, WORDS));
  let text = out.join('');
  while (/[・とのによる]$/u.test(text) || text.endsWith('）')) text = `${text}${pick(g, FIRST)}`;
  return text;
}

/** A sentence (ends with 。), perhaps long. */
const sentence = (g: G, long = false): string => `${words(g, 2, long ? 60 : 8)}を実施した。`;

/** Text of several lines, each a sentence. */
const paragraph = (g: G, lines: number): string =>
  Array.from({ length: int(g, 1, lines) }, () => sentence(g, bool(g))).join('\n');

const UNITS = [
  '人',
  '件',
  '社',
  '回',
  '会員',
  '自治体',
  'PV',
  '人泊',
  '万人',
  '百万円',
  '億円',
  '万t-CO2',
  '千円',
  '',
];
const RATE = '%';

/** A decimal as entered: at most 12 significant digits (Excel keeps 15), perhaps negative, perhaps with decimals. */
function decimal(g: G, min: number, max: number, decimals = 0): string {
  const n = int(g, min, max);
  const places = decimals > 0 ? int(g, 0, decimals) : 0;
  if (places === 0) return String(n);
  const frac = String(int(g, 0, 10 ** places - 1)).padStart(places, '0');
  if (n === 0 && /^0+$/.test(frac)) return '0';
  return `${n < 0 ? '-' : ''}${Math.abs(n)}.${frac}`;
}

// --- markers: each key once per block, printed in one style, perhaps another under the table ---

const KEYS = ['※', '※1', '※2', '※3', '※4', '※5', '※6', '※7', '注1', '注2', '注3'] as const;

function styles(key: string): string[] {
  const wide = key.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
  const out = [`(${key})`, `（${wide}）`];
  if (key.startsWith('※')) out.push(key, `〔${key}〕`, `[${key}]`);
  return out;
}

class Markers {
  readonly #free: string[];
  constructor(g: G) {
    this.#free = some(g, KEYS, KEYS.length, KEYS.length);
  }
  /**
   * A new marker, and perhaps another style of it for the note under the table. `bracketed`: one
   * printed before a unit (`(※1)億円`), where a bare `※2万人` would read as ※ and 2万人.
   */
  take(g: G, note = false, bracketed = false): { marker: string; noteMarker?: string } | null {
    const key = this.#free.pop();
    if (key === undefined) return null;
    const all = styles(key);
    const marker = pick(g, bracketed ? all.filter((m) => !m.startsWith('※')) : all);
    const other = all.filter((m) => m !== marker);
    // A bare marker under the table needs the note to start with no digit: the sentences do.
    return note && bool(g) && other.length > 0 ? { marker, noteMarker: pick(g, other) } : { marker };
  }
}

const noteOf = (g: G, m: { marker: string; noteMarker?: string }): Footnote => ({
  marker: m.marker,
  ...(m.noteMarker ? { noteMarker: m.noteMarker } : {}),
  text: paragraph(g, 2),
});

// --- period labels ---

const eraYear = (fy: number) => fy - 2018;
function yearLabel(g: G, fy: number): string {
  const short = fiscalYearLabel(fy, 'era-short');
  return pick(g, [short, fiscalYearLabel(fy, 'era-long'), `${short}末`, short.replace(/年度$/, '年')]);
}

export interface GeneratedOptions {
  /** Print a 新旧対照表: a version 1 to compare with, every project target labelled. */
  revision: boolean;
  /** Budget rows for the report year. */
  budget: boolean;
}

interface Context {
  fy: number;
  revision: boolean;
  departments: Department[];
  statuses: Map<string, SubmissionStatus | 'none'>;
  current: Actual[];
  previous: Actual[];
  /** The label each year's project targets print in the 新旧対照表. */
  yearLabels: Map<number, string>;
  baselineLabel: string | undefined;
}

function projectIndicator(
  g: G,
  ctx: Context,
  p: Project,
  number: number,
  markers: Markers,
  notes: Footnote[],
): Indicator {
  // A qualitative KPI is known by its result in words: one whose sheet was not submitted has none.
  const reports = ctx.statuses.get(p.departmentIds[0]!) !== 'none';
  const kinds = [
    'increment',
    'increment',
    'threshold',
    'not_set',
    ...(reports ? ['qualitative'] : []),
  ] as const;
  const kind = pick(g, kinds as readonly Indicator['kind'][]);
  const unit = pick(g, [...UNITS, RATE]);
  const id = `${p.id}-kpi${number}`;
  const name = words(g, 1, bool(g) ? 40 : 6);
  const footnotes: Footnote[] = [];
  for (let i = int(g, 0, 2); i > 0; i--) {
    const m = markers.take(g, true);
    if (m) footnotes.push(noteOf(g, m));
  }
  const decimals = unit === RATE ? 1 : 0;
  const ind: Indicator = {
    id,
    number,
    name,
    unit,
    kind,
    direction: 'higher_is_better',
    baseline: null,
    targets: [],
    footnotes,
  };
  // The project table prints the unit only with the baseline (or a bound): a KPI has one.
  // In a 新旧対照表 a KPI with no target prints its baseline or nothing but its name, which reads
  // like a section row: a plan with one gives such a KPI a known baseline.
  const figureless = ctx.revision && (kind === 'not_set' || kind === 'qualitative');
  const unknown = !figureless && bool(g) && bool(g) ? markers.take(g, true, true) : null;
  if (unknown) {
    ind.baseline = {
      value: null,
      marker: unknown.marker,
      missingReason: paragraph(g, 2),
      ...(unknown.noteMarker ? { noteMarker: unknown.noteMarker } : {}),
    };
  } else {
    const marker = bool(g) && bool(g) ? markers.take(g) : null;
    ind.baseline = {
      value: decimal(g, -500, 10_000_000, decimals),
      ...(ctx.revision && ctx.baselineLabel ? { period: ctx.baselineLabel } : {}),
      ...(marker ? { marker: marker.marker } : {}),
    };
  }
  const years = ctx.revision
    ? Array.from({ length: p.period.endFy - p.period.startFy + 1 }, (_, i) => p.period.startFy + i)
    : [ctx.fy];
  if (kind === 'qualitative') {
    // No target (perhaps a note where it would print); the result in words. Its status prints nowhere.
    if (bool(g)) ind.note = pick(g, ['定性評価', '―']);
  } else if (kind === 'not_set') {
    ind.note = pick(g, ['※今後の趨勢を見極めて改めて設定', '(※)', '未設定', '設定予定']);
  } else if (kind === 'threshold') {
    const comparator = pick(g, ['>=', '>', '<=', '<'] as Comparator[]);
    const maintain = bool(g);
    ind.threshold = { comparator, maintain };
    if (comparator.startsWith('<')) ind.direction = 'lower_is_better';
    if (!maintain && bool(g)) ind.window = { ...p.period };
    ind.targets = [{ fiscalYear: ctx.fy, value: decimal(g, 0, 100_000, decimals) }];
  } else {
    ind.targets = years.map((fy) => ({ fiscalYear: fy, value: decimal(g, -1000, 1_000_000, decimals) }));
  }
  for (const t of ind.targets) {
    const label = ctx.yearLabels.get(t.fiscalYear);
    if (ctx.revision && label) t.period = label;
    if (t.fiscalYear !== ctx.fy || !bool(g) || !bool(g)) continue;
    const m = markers.take(g);
    if (!m) continue;
    t.marker = m.marker;
    notes.push({ marker: m.marker, text: paragraph(g, 1) });
  }
  projectActual(g, ctx, p, ind, markers);
  return ind;
}

function projectActual(g: G, ctx: Context, p: Project, ind: Indicator, markers: Markers): void {
  const status = ctx.statuses.get(p.departmentIds[0]!);
  const roll = int(g, 0, 9);
  if (ind.kind === 'qualitative') {
    ctx.current.push({
      indicatorId: ind.id,
      value: null,
      basis: 'year',
      text: paragraph(g, 3),
      footnotes: [],
    });
    return;
  }
  if (roll === 0 || status === 'none') return;
  if (roll === 1) {
    const m = markers.take(g, true);
    if (!m) return;
    ctx.current.push({
      indicatorId: ind.id,
      value: null,
      marker: m.marker,
      ...(m.noteMarker ? { noteMarker: m.noteMarker } : {}),
      missingReason: paragraph(g, 2),
      basis: 'year',
      footnotes: [],
    });
    return;
  }
  const value = decimal(g, -1000, 2_000_000, ind.unit === RATE ? 1 : 0);
  const m = roll === 2 ? markers.take(g, true) : null;
  ctx.current.push({
    indicatorId: ind.id,
    value,
    basis: 'year',
    ...(m ? { marker: m.marker } : {}),
    footnotes: m && bool(g) ? [noteOf(g, m)] : [],
  });
}

const DEPARTMENTS = [
  '文化観光局東北連携推進室',
  '太白区長町地域活性化推進室',
  '泉区泉中央地区活性化推進室',
  'まちづくり政策局政策企画課',
  '経済局産業政策部',
  '環境局環境共生課',
  '建設局百年の杜推進課',
];

function project(g: G, ctx: Context, number: number): Project {
  const start = ctx.fy - int(g, 0, 2);
  const period = { startFy: start, endFy: start + int(g, Math.max(0, ctx.fy - start), 2) };
  const departmentIds = some(g, ctx.departments, 1, 3).map((d) => d.id);
  const p: Project = {
    id: `project-${number}`,
    number,
    name: words(g, 2, bool(g) ? 30 : 6),
    period,
    departmentIds,
    ...(departmentIds.length > 1 && bool(g) ? { departmentSeparator: ' ' } : {}),
    indicators: [],
    footnotes: [],
  };
  const markers = new Markers(g);
  const notes: Footnote[] = [];
  if (bool(g)) {
    const m = bool(g) && bool(g) ? markers.take(g) : null;
    p.budget = {
      amount: decimal(g, 0, 99_999_999),
      label: pick(g, [
        '事業規模',
        `事業規模 (${fiscalYearLabel(ctx.fy, 'era-long')}交付対象事業費)`,
        '総事業費',
      ]),
      ...(bool(g) && bool(g) ? { prefix: '仙台市' } : {}),
      ...(m ? { marker: m.marker } : {}),
    };
    if (m) notes.push({ marker: m.marker, text: paragraph(g, 1) });
  }
  if (bool(g)) p.overview = paragraph(g, 4);
  p.indicators = Array.from({ length: int(g, 0, 4) }, (_, i) =>
    projectIndicator(g, ctx, p, i + 1, markers, notes),
  );
  // The project's own notes: a marker of its own, or none; then the notes of the target and budget markers.
  const own: Footnote[] = [];
  if (bool(g)) {
    const m = markers.take(g);
    if (m) own.push({ marker: m.marker, text: paragraph(g, 3) });
  }
  if (bool(g)) own.push({ marker: '', text: paragraph(g, 2) });
  p.footnotes = [...own, ...notes];
  return p;
}

// --- goals ---

/** A note of the goal itself (printed before its indicators'). */
function addNote(goal: Goal, note: Footnote): void {
  goal.footnotes = [...(goal.footnotes ?? []), note];
}

type GoalKind = 'level' | 'rate' | 'reduction' | 'cumulative' | 'threshold' | 'not_set';

function goalIndicator(g: G, ctx: Context, goal: Goal, number: number, markers: Markers): Indicator {
  const kind = pick(g, ['level', 'rate', 'reduction', 'cumulative', 'threshold', 'not_set'] as GoalKind[]);
  const rate = kind === 'rate' || (kind === 'threshold' && bool(g));
  const unit = rate
    ? RATE
    : pick(
        g,
        UNITS.filter((u) => u !== ''),
      );
  const id = `${goal.id}-${number}`;
  const footnotes: Footnote[] = [];
  if (bool(g)) {
    const m = markers.take(g, true);
    if (m) footnotes.push(noteOf(g, m));
  }
  const ind: Indicator = {
    id,
    number,
    name: words(g, 2, bool(g) ? 30 : 6),
    unit,
    kind,
    direction: 'higher_is_better',
    baseline: null,
    targets: [],
    footnotes,
  };
  const fy = ctx.fy;
  const lower = kind === 'reduction' || (kind === 'rate' && bool(g));
  const base = int(g, 100, 100_000);
  const baselineLabel = pick(g, ['H29年度', 'R1年度', 'H27～R1年度(年平均)', 'R2年度当初', `${fy - 6}年度`]);
  // A reduction is known by its target below the baseline: it has one.
  const figureless = ctx.revision && kind === 'not_set';
  const unknown = !lower && !figureless && bool(g) && bool(g) ? markers.take(g, true, true) : null;
  if (unknown)
    ind.baseline = {
      value: null,
      period: baselineLabel,
      marker: unknown.marker,
      missingReason: paragraph(g, 1),
      ...(unknown.noteMarker ? { noteMarker: unknown.noteMarker } : {}),
    };
  else if (bool(g) || lower || figureless)
    ind.baseline = {
      value: rate ? (Math.min(base, 9999) / 10).toFixed(1) : String(base),
      period: baselineLabel,
    };
  const baseValue = ind.baseline?.value == null ? null : Number(ind.baseline.value);
  const figure = (n: number) => (rate ? (n / 10).toFixed(1) : String(n));
  if (kind === 'not_set') {
    ind.note = pick(g, ['※今後の趨勢を見極めて改めて設定', '今後設定']);
  } else {
    // A target below the baseline reads as lower is better (a reduction, or a rate): the others stay above it.
    // In tenths for a rate. A target below the baseline reads as lower is better: the others stay above it.
    const base10 = baseValue === null ? null : Math.round(rate ? baseValue * 10 : baseValue);
    const above = base10 === null ? int(g, 1, 100_000) : base10 + int(g, 0, 500);
    const below = base10 === null ? 0 : Math.max(0, base10 - int(g, 1, 50));
    const value = figure(lower && base10 !== null && base10 > 0 ? below : above);
    if (kind === 'cumulative' || (kind === 'threshold' && bool(g))) {
      const from = Math.max(2019, fy - int(g, 1, 4));
      const to = fy + int(g, 0, 2);
      ind.targets = [{ fiscalYear: to, value, period: `R${eraYear(from)}～${eraYear(to)}年(累計)` }];
      ind.window = { startFy: from, endFy: to };
    } else {
      const year = fy + pick(g, [0, 0, 0, 7]);
      ind.targets = [{ fiscalYear: year, value, period: yearLabel(g, year) }];
    }
    if (kind === 'threshold') {
      const comparator = pick(g, ['>=', '>', '<=', '<'] as Comparator[]);
      const maintain = ind.window ? false : bool(g);
      ind.threshold = { comparator, maintain };
      if (comparator.startsWith('<')) ind.direction = 'lower_is_better';
    } else if (lower) ind.direction = 'lower_is_better';
    if (bool(g) && bool(g)) {
      const m = markers.take(g);
      if (m) {
        ind.targets[0]!.marker = m.marker;
        addNote(goal, { marker: m.marker, text: paragraph(g, 1) });
      }
    }
  }
  goalActuals(g, ctx, ind, markers);
  // The unit prints with a figure: a goal that prints none has none the tables can give back.
  const actual = ctx.current.find((a) => a.indicatorId === ind.id);
  if (ind.baseline === null && ind.targets.length === 0 && (actual === undefined || actual.value === null))
    ind.unit = '';
  return ind;
}

function goalActuals(g: G, ctx: Context, ind: Indicator, markers: Markers): void {
  const roll = int(g, 0, 7);
  if (roll === 0) return;
  const summed =
    ind.kind === 'cumulative' ||
    (ind.kind === 'threshold' && ind.window !== undefined && !ind.threshold?.maintain);
  const basis = summed ? 'to_date' : 'year';
  const period = ind.window
    ? `R${eraYear(ind.window.startFy)}～${eraYear(ctx.fy)}年(累計)`
    : pick(g, [
        fiscalYearLabel(ctx.fy),
        `${fiscalYearLabel(ctx.fy - 1)}(速報値)`,
        `${fiscalYearLabel(ctx.fy)}当初`,
      ]);
  if (roll === 1) {
    const m = markers.take(g, true);
    if (!m) return;
    ctx.current.push({
      indicatorId: ind.id,
      value: null,
      marker: m.marker,
      ...(m.noteMarker ? { noteMarker: m.noteMarker } : {}),
      missingReason: paragraph(g, 1),
      period,
      basis,
      footnotes: [],
    });
    return;
  }
  const rate = ind.unit === RATE;
  // Rates with one decimal, as published (`39.2%`): the 前年度比 in points keeps one.
  const tenth = () => (int(g, 0, 9999) / 10).toFixed(1);
  const value = rate ? tenth() : decimal(g, -500, 1_000_000);
  const m = roll === 2 ? markers.take(g, true) : null;
  ctx.current.push({
    indicatorId: ind.id,
    value,
    period,
    basis,
    ...(m ? { marker: m.marker } : {}),
    footnotes: m && bool(g) ? [noteOf(g, m)] : [],
  });
  // The 前年度比 gives the value of the year before.
  if (ind.kind !== 'not_set' && bool(g))
    ctx.previous.push({
      indicatorId: ind.id,
      value: rate ? tenth() : decimal(g, -500, 1_000_000),
      basis,
      footnotes: [],
    });
}

function goal(g: G, ctx: Context, number: number): Goal {
  const goal: Goal = {
    id: `goal-${number}`,
    number,
    title: words(g, 3, bool(g) ? 40 : 10),
    directions: Array.from({ length: int(g, 0, 3) }, () => words(g, 2, 12)),
    indicators: [],
  };
  const markers = new Markers(g);
  if (bool(g)) {
    const m = markers.take(g);
    if (m) addNote(goal, { marker: m.marker, text: paragraph(g, 2) });
  }
  if (bool(g)) addNote(goal, { marker: '', text: paragraph(g, 1) });
  goal.indicators = Array.from({ length: int(g, 1, 3) }, (_, i) =>
    goalIndicator(g, ctx, goal, i + 1, markers),
  );
  // The goal's own notes print before its indicators': the targets' marker notes follow its own.
  return goal;
}

// --- budgets, versions ---

const SECTIONS = ['（１）ものづくり事業者の経営基盤の強化', '（２）新事業の創出', '（３）人材の育成', ''];

function budgets(g: G, fy: number, projects: Project[]): BudgetEntry[] {
  const sections = some(g, SECTIONS, 1, 3);
  const out: BudgetEntry[] = [];
  let n = 0;
  for (const section of sections) {
    for (let i = int(g, 1, 4); i > 0; i--) {
      n++;
      const reprinted =
        out.length > 0 && bool(g) && bool(g)
          ? pick(
              g,
              out.filter((b) => !b.isReprint),
            )
          : null;
      // A row named like a project is that project's (the import links them by name).
      const free = projects.filter((p) => !out.some((b) => b.name === p.name));
      const linked = free.length > 0 && bool(g) ? pick(g, free) : null;
      const projectId = reprinted ? reprinted.projectId : linked?.id;
      out.push({
        id: `b-${fy}-${String(n).padStart(3, '0')}`,
        fiscalYear: fy,
        section,
        name: reprinted?.name ?? linked?.name ?? `${words(g, 2, 12)}支援事業（予算）`,
        ...(projectId !== undefined ? { projectId } : {}),
        initialBudget: decimal(g, 0, 9_999_999),
        settlement: bool(g) ? decimal(g, 0, 9_999_999) : null,
        description: reprinted?.description ?? paragraph(g, 2),
        department: reprinted?.department ?? (bool(g) ? pick(g, ['新産業振興課', '富県宮城推進室']) : ''),
        isReprint: reprinted !== null,
        ...(reprinted ? { reprintOf: reprinted.id } : {}),
      });
    }
  }
  // Printed section by section: the plan holds them in that order.
  return sections.flatMap((s) => out.filter((b) => b.section === s));
}

/** The version the 新旧対照表 compares with: other targets, a renamed indicator, one only it has. */
function earlierVersion(g: G, plan: PlanFile): PlanVersion {
  const projects = structuredClone(plan.projects).map((p) => {
    for (const ind of p.indicators) {
      for (const t of ind.targets) if (bool(g)) t.value = decimal(g, 0, 50_000);
      if (bool(g) && bool(g)) ind.name = `${ind.name}等`;
    }
    // An indicator the current version dropped (numbered after the others), as the 新旧対照表 prints
    // it: an increment with its unit on a non-zero figure, labels from the header rows.
    const first = p.indicators.find((i) => i.kind === 'increment' && i.unit !== '');
    if (first && bool(g)) {
      const baseline =
        first.baseline?.value == null ? null : { ...first.baseline, value: first.baseline.value };
      delete baseline?.marker;
      p.indicators.push({
        id: `${p.id}-old`,
        number: p.indicators.length + 1,
        name: `${first.name}（旧）`,
        unit: first.unit,
        kind: 'increment',
        direction: 'higher_is_better',
        baseline,
        targets: first.targets.map((t) => ({
          fiscalYear: t.fiscalYear,
          value: t.value === '0' ? '5' : t.value,
          ...(t.period ? { period: t.period } : {}),
        })),
        footnotes: [],
      });
    }
    return p;
  });
  return {
    version: 1,
    label: pick(g, ['令和3年3月31日認定', '平成30年3月30日認定']),
    goals: structuredClone(plan.goals),
    projects,
  };
}

/** A whole plan: projects and goals of one report year (and its 前年度比), perhaps a 新旧対照表 and budgets. */
export function generatePlan(g: G, options: GeneratedOptions): PlanFile {
  const fy = int(g, 2020, 2030);
  const departments = some(g, DEPARTMENTS, 1, 4).map((name, i) => ({ id: `dept-${i + 1}`, name }));
  const statuses = new Map<string, SubmissionStatus | 'none'>();
  for (const d of departments)
    statuses.set(
      d.id,
      pick(g, ['approved', 'approved', 'approved', 'submitted', 'draft', 'returned', 'none'] as const),
    );
  const ctx: Context = {
    fy,
    revision: options.revision,
    departments,
    statuses,
    current: [],
    previous: [],
    yearLabels: new Map(
      Array.from(
        { length: 5 },
        (_, i) =>
          [
            fy - 2 + i,
            pick(g, [fiscalYearLabel(fy - 2 + i, 'era-short'), fiscalYearLabel(fy - 2 + i, 'era-long')]),
          ] as const,
      ),
    ),
    baselineLabel: pick(g, ['事業開始前 (現時点)', 'R2年度', `${fiscalYearLabel(fy - 3, 'era-long')}末`]),
  };
  const numbers = some(g, [1, 2, 3, 4, 5, 7, 12], 1, 4).sort((a, b) => a - b);
  const projects = numbers.map((n) => project(g, ctx, n));
  const goalNumbers = some(g, [1, 2, 3, 4, 6], options.revision ? 0 : 1, 3).sort((a, b) => a - b);
  const goals = goalNumbers.map((n) => goal(g, ctx, n));
  const activities = projects
    .filter((p) => statuses.get(p.departmentIds[0]!) !== 'none' && bool(g))
    .map((p) => ({
      projectId: p.id,
      text: Array.from({ length: int(g, 1, 3) }, () => sentence(g, bool(g))).join('\n'),
    }));
  const submissions: SubmissionState[] = departments.flatMap((d) => {
    const status = statuses.get(d.id)!;
    return status === 'none' ? [] : [{ departmentId: d.id, status }];
  });
  const cycles: Cycle[] = [
    ...(ctx.previous.length > 0
      ? [{ fiscalYear: fy - 1, locked: false, actuals: ctx.previous, activities: [], submissions: [] }]
      : []),
    {
      fiscalYear: fy,
      label: pick(g, [`${fiscalYearLabel(fy, 'era-long')}末時点`, `R${eraYear(fy)}年度末時点`]),
      locked: false,
      actuals: ctx.current,
      activities,
      submissions,
    },
  ];
  const plan: PlanFile = {
    format: PLAN_FORMAT,
    plan: {
      id: 'generated',
      title: `第${int(g, 1, 3)}期${words(g, 2, 10)}総合戦略`,
      period: { startFy: fy - 2, endFy: fy + 2 },
      version: options.revision ? 2 : 1,
      ...(bool(g) ? { issuer: 'まちづくり政策局' } : {}),
      ...(bool(g) ? { periodLabel: `令和${eraYear(fy - 2)}年度から${eraYear(fy + 2)}年度` } : {}),
    },
    departments,
    goals,
    projects,
    cycles,
    budgets: options.budget ? budgets(g, fy, projects) : [],
    previousVersions: [],
  };
  if (bool(g))
    plan.plan.footnotes = [
      { marker: '（注１）', text: paragraph(g, 2) },
      ...(bool(g) ? [{ marker: '', text: sentence(g) }] : []),
    ];
  const cohortPeriods = [
    ...new Map(projects.map((p) => [`${p.period.startFy}-${p.period.endFy}`, p.period])).values(),
  ];
  if (cohortPeriods.length > 0 && bool(g))
    plan.plan.reports = [
      { fiscalYear: fy, cohortNotes: [{ period: { ...pick(g, cohortPeriods) }, text: sentence(g) }] },
    ];
  if (bool(g) && bool(g)) {
    const report = plan.plan.reports?.[0] ?? { fiscalYear: fy };
    report.projects = { label: pick(g, ['別紙3', '']) };
    // The goal table's title names the plan (「…」における): its own wording, the plan's title kept.
    const title = `●「${plan.plan.title}」における${goals.length}つの基本目標の${words(g, 1, 3)}の状況について`;
    if (goals.length > 0) report.goals = { label: '別紙4', lines: [title] };
    plan.plan.reports = [report];
  }
  if (options.revision) plan.previousVersions = [earlierVersion(g, plan)];
  return plan;
}
