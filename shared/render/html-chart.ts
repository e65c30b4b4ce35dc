import type { TableModel } from '../tables/types.ts';
import { type KpiAchievement, type ProjectAchievements, projectAchievements } from './achievements.ts';
import { escapeHtml } from './html-escape.ts';
import { textWidth } from './layout.ts';

/**
 * The 達成度 of each KPI per project as horizontal bars with a dashed 100% line. Each chart is an
 * SVG with role="img", a <title> and a <desc> that list every figure as printed, so a screen
 * reader gets the same information as the bars; every bar also carries its value as text.
 */

const WIDTH = 760;
const LABEL = 300;
const VALUE = 70;
const BAR_AREA = WIDTH - LABEL - VALUE - 10;
const ROW = 26;
const TOP = 22;
/** Bars longer than this are clipped (and marked ▶) so 1408.0% does not flatten the others. */
const MAX_SCALE = 300;

export function achievementChart(model: TableModel, id: string): string {
  const projects = projectAchievements(model);
  if (projects.length === 0) return '';
  const figures = projects.map((p, i) => projectFigure(p, `${id}-${i + 1}`));
  return [
    `<section class="chart" aria-labelledby="${id}-title">`,
    `<h2 id="${id}-title">KPIの達成度（グラフ）</h2>`,
    '<p>各事業のKPIごとの達成度です。破線は達成度100%を示します。数値は表と同じです。</p>',
    ...figures,
    '</section>',
  ].join('\n');
}

/** The scale of a project's chart: 100% to 300%, in steps of 50. */
function scaleOf(kpis: KpiAchievement[]): number {
  const max = kpis.reduce((m, k) => Math.max(m, k.percent === null ? 0 : Number(k.percent)), 100);
  return Math.min(MAX_SCALE, Math.ceil(max / 50) * 50);
}

function shorten(text: string, width: number): string {
  if (textWidth(text) <= width) return text;
  let out = '';
  for (const ch of text) {
    if (textWidth(`${out}${ch}…`) > width) break;
    out += ch;
  }
  return `${out}…`;
}

function describe(kpi: KpiAchievement): string {
  return kpi.percent === null
    ? `${kpi.name}：${kpi.printed}（算出できません）`
    : `${kpi.name}：${kpi.printed}`;
}

function projectFigure(project: ProjectAchievements, id: string): string {
  const scale = scaleOf(project.kpis);
  const x = (percent: number) => LABEL + (Math.min(percent, scale) / scale) * BAR_AREA;
  const height = TOP + project.kpis.length * ROW + 8;
  const title = `${project.heading} のKPI達成度`;
  const desc = project.kpis.map(describe).join('。');
  const rows = project.kpis.map((kpi, i) => {
    const y = TOP + i * ROW;
    const label = `<text x="${LABEL - 8}" y="${y + 17}" text-anchor="end">${escapeHtml(shorten(kpi.name, 44))}</text>`;
    if (kpi.percent === null) {
      return `<g>${label}<text x="${LABEL + 4}" y="${y + 17}">${escapeHtml(kpi.printed)}（算出できません）</text></g>`;
    }
    const value = Number(kpi.percent);
    const end = x(Math.max(0, value));
    const clipped = value > scale;
    const bar = `<rect class="bar" x="${LABEL}" y="${y + 5}" width="${(end - LABEL).toFixed(1)}" height="${ROW - 10}"/>`;
    const text = `${escapeHtml(kpi.printed)}${clipped ? ' ▶' : ''}`;
    return `<g>${label}${bar}<text x="${(end + 4).toFixed(1)}" y="${y + 17}">${text}</text></g>`;
  });
  const hundred = x(100).toFixed(1);
  const axisBottom = TOP + project.kpis.length * ROW;
  return [
    `<figure aria-labelledby="${id}-cap">`,
    `<figcaption id="${id}-cap">${escapeHtml(project.heading)}</figcaption>`,
    `<svg role="img" aria-labelledby="${id}-t ${id}-d" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}">`,
    `<title id="${id}-t">${escapeHtml(title)}</title>`,
    `<desc id="${id}-d">${escapeHtml(desc)}</desc>`,
    `<line class="axis" x1="${LABEL}" y1="${TOP - 4}" x2="${LABEL}" y2="${axisBottom}"/>`,
    ...rows,
    `<line class="target" x1="${hundred}" y1="${TOP - 6}" x2="${hundred}" y2="${axisBottom + 2}"/>`,
    `<text x="${hundred}" y="${TOP - 9}" text-anchor="middle">100%</text>`,
    '</svg>',
    '</figure>',
  ].join('\n');
}
