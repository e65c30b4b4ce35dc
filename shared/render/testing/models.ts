import type { TableModel } from '../../tables/types.ts';

/**
 * Hand-made table models for the renderer tests: spans in both directions, numbers with formats,
 * footnotes, underlined (changed) cells, and texts that try to be markup or formulas.
 */

export const HOSTILE_NAMES = [
  '=HYPERLINK("http://evil.example/","click")',
  '+1',
  '-1',
  '@SUM(A1:A2)',
  '\t=1+1',
  '\r=1+1',
  '<script>alert("x")</script> & "引用" \'単\'',
] as const;

export function projectLikeModel(): TableModel {
  return {
    kind: 'projects',
    title: 'テスト計画 事業の実績',
    subtitle: '令和5年度末時点',
    columnWidths: [12, 40, 14, 14, 14, 10],
    summary: [
      {
        id: 'cohort-summary',
        columns: 6,
        rows: [
          [
            { text: '新規1事業 (計画期間：令和5～7年度)', role: 'label', colSpan: 2, wrap: true },
            { text: 'KPIを達成した（実績値が未確定のものを除く）。', role: 'text', colSpan: 4 },
          ],
        ],
        footnotes: [],
      },
    ],
    blocks: [
      {
        id: 'project-p1',
        heading: `1 ${HOSTILE_NAMES[6]}【新規】`,
        columns: 6,
        rows: [
          [
            { text: '計画期間', role: 'label' },
            { text: '令和5～7年度', role: 'value', align: 'center' },
            { text: '担当課', role: 'label' },
            { text: '文化観光局東北連携推進室', role: 'text', wrap: true },
            { text: '事業規模 (令和5年度交付対象事業費)', role: 'label', wrap: true },
            { text: '28,218千円', role: 'value', number: '28218', numberFormat: '#,##0"千円"' },
          ],
          [
            { text: '事業概要', role: 'label' },
            { text: `${'長い説明文です。'.repeat(20)}`, role: 'text', colSpan: 5, wrap: true },
          ],
          [
            { text: '令和5年度の主な取組', role: 'label', wrap: true },
            { text: '・一つ目の取組\n・二つ目の取組', role: 'text', colSpan: 5, wrap: true },
          ],
          [
            { text: 'KPI', role: 'header', rowSpan: 4 },
            { text: '指標', role: 'header' },
            { text: '当初値', role: 'header' },
            { text: '目標値(増分)', role: 'header' },
            { text: '実績値(増分)', role: 'header' },
            { text: '達成度', role: 'header' },
          ],
          kpi(
            'i1',
            '① オウンドメディア等のPV数',
            ['0PV', '0', '#,##0"PV";"△"#,##0"PV"'],
            '30,000',
            '144,476',
            '481.6',
          ),
          kpi(
            'i2',
            `② ${HOSTILE_NAMES[0]}`,
            ['56,677人', '56677', '#,##0"人";"△"#,##0"人"'],
            '58,566',
            '△25',
            '-8.3',
          ),
          [
            { text: `③ ${HOSTILE_NAMES[1]}`, role: 'label', ref: { indicatorId: 'i3', field: 'name' } },
            { text: '100%', role: 'value', number: '100', numberFormat: '#,##0"%";"△"#,##0"%"' },
            { text: '0', role: 'value', number: '0', numberFormat: '#,##0;"△"#,##0' },
            { text: '(※)', role: 'value', align: 'center', ref: { indicatorId: 'i3', field: 'actual' } },
            { text: '—%', role: 'value', align: 'center', ref: { indicatorId: 'i3', field: 'achievement' } },
          ],
        ],
        footnotes: [
          { marker: '※', text: '仙台市地下鉄の前年度乗車人数の公表時期が10月以降となっているため。' },
          { marker: '※2', text: `${HOSTILE_NAMES[3]} 脚注` },
        ],
      },
    ],
    footnotes: [{ marker: '（注１）', text: '金額は千円単位' }],
    problems: [],
  };
}

function kpi(
  id: string,
  name: string,
  baseline: [string, string, string],
  target: string,
  actual: string,
  percent: string,
): TableModel['blocks'][number]['rows'][number] {
  const plain = (text: string) => text.replace(/,/g, '').replace('△', '-');
  const fmt = '#,##0;"△"#,##0';
  return [
    { text: name, role: 'label', wrap: true, ref: { indicatorId: id, field: 'name' } },
    { text: baseline[0], role: 'value', number: baseline[1], numberFormat: baseline[2] },
    { text: target, role: 'value', number: plain(target), numberFormat: fmt },
    { text: actual, role: 'value', number: plain(actual), numberFormat: fmt },
    {
      text: `${percent.startsWith('-') ? '△' : ''}${percent.replace('-', '')}%`,
      role: 'value',
      number: percent,
      numberFormat: '0.0"%";"△"0.0"%"',
      ref: { indicatorId: id, field: 'achievement' },
    },
  ];
}

export function revisionLikeModel(): TableModel {
  const head = (text: string, colSpan = 1) => ({ text, role: 'header' as const, colSpan });
  const v = (text: string, underline = false) => ({
    text,
    role: 'value' as const,
    number: text.replace(/,/g, ''),
    numberFormat: '#,##0;"△"#,##0',
    ...(underline ? { underline: true } : {}),
  });
  return {
    kind: 'revision',
    title: '新旧対照表',
    columnWidths: [30, 10, 10, 10, 30, 10, 10, 10],
    summary: [],
    blocks: [
      {
        id: 'revision',
        columns: 8,
        rows: [
          [head('変更後', 4), head('変更前', 4)],
          [
            head('指標'),
            head('H30'),
            head('H31'),
            head('累計'),
            head('指標'),
            head('H30'),
            head('H31'),
            head('累計'),
          ],
          [
            { text: '企業数', role: 'label' },
            v('10'),
            v('25', true),
            v('35', true),
            { text: '企業数', role: 'label' },
            v('10'),
            v('20', true),
            v('30', true),
          ],
        ],
        footnotes: [],
      },
    ],
    footnotes: [],
    problems: [],
  };
}

/**
 * The project-like model in a published frame: the 別紙2 label above the title, two subtitle lines;
 * with `right`, the subtitle lines on the right (as the budget table's `（単位：千円）`).
 */
export function framedModel(right = false): TableModel {
  return {
    ...projectLikeModel(),
    subtitle: '令和5年度末時点\n（単位：千円）',
    frame: { label: '別紙2', ...(right ? { subtitleAlign: 'right' as const } : {}) },
  };
}
