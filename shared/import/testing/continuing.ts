import { PROJECT_TITLE } from './published.ts';
import type { Typed, TypedSheet } from './typed.ts';

/**
 * Continuing projects typed by the rules of docs/domain.md §8–§9 (the published sample has only 【新規】
 * ones): `令和5年度当初値`, a joint project's share `仙台市 10,000千円`, departments joined by a
 * space, unknown baselines `(※1)件` / `(※1)億円`, markers on actuals and targets, notes `(※1)…`,
 * `※2…` and a row without a marker; and the faults an import must name: a missing reason (E25),
 * a 達成度 that does not follow (F24), a cell outside the layout (G24).
 */
export const CONTINUING_FOLLOW_UP = '目標値達成に向けて必要な工夫を行い、3年目の事業に取り組んでいく。';
const SENTENCE =
  '1事業については、KPIを達成した。他の1事業については、一部KPIを達成できなかった（実績値が未確定のものを除く）。';

export function continuing(): TypedSheet {
  const rows: Typed[][] = [
    [{ text: PROJECT_TITLE, span: [1, 6] }],
    ['令和5年度末時点'],
    [],
    [
      { text: '継続2事業（2年目） (計画期間：令和4～6年度)', span: [1, 2] },
      null,
      { text: SENTENCE + CONTINUING_FOLLOW_UP, span: [1, 4] },
    ],
    [],
    [{ text: '4 定禅寺通活性化推進事業【2年目】', span: [1, 6] }],
    [
      '計画期間',
      '令和4～6年度',
      '担当課',
      '都市整備局定禅寺通活性化室 まちづくり政策局政策企画課',
      '事業規模 (令和5年度交付対象事業費)',
      '仙台市 10,000千円',
    ],
    ['事業概要', { text: '定禅寺通の歩行者空間を活用し、賑わいを創出する。', span: [1, 5] }],
    [
      '令和5年度の主な取組',
      { text: '・社会実験を2回実施した。\n・沿道事業者との協議会を設立した。', span: [1, 5] },
    ],
    [{ text: '注', span: [4, 1] }, '指標', '令和5年度当初値', '目標値(増分)', '実績値(増分)', '達成度'],
    [null, '① 通りの歩行者通行量', '12,000人', '1,000', '1,234(※2)', '123.4%'],
    [null, '② 沿道の新規出店数', '(※1)件', '(※)', '3', '—%'],
    [null, '③ 関連イベントの経済波及効果', '(※1)億円', '2', '3', '150.0%'],
    [{ text: '(※1) 令和4年度は調査を行っていない。', span: [1, 6] }],
    [{ text: '※2速報値による。', span: [1, 6] }],
    [{ text: '※目標値は令和6年度に設定する。', span: [1, 6] }],
    [{ text: '（詳細は計画変更の際に定める）', span: [1, 6] }],
    [],
    [{ text: '5 広瀬川創生事業', span: [1, 6] }],
    ['計画期間', '令和4～6年度', '担当課', '建設局百年の杜推進課、環境局環境共生課', '事業規模', '5,000千円'],
    ['事業概要', { text: '広瀬川の水辺を市民が親しめる場にする。', span: [1, 5] }],
    ['令和5年度の主な取組', { text: '水辺の清掃活動を支援した。', span: [1, 5] }],
    [null, '指標', '令和5年度当初値', '目標値(増分)', '実績値(増分)', '達成度'],
    [null, '① 川沿いのイベント参加者数', '1,500人', '500', '450', '95.0%', 'メモ: 要確認'],
    [null, '② 水辺の利用満足度', '60.5%', '2.0', '(※3)', '-%'],
    [null, '③ 河川敷の利用者数', '120,000人', '30,000(※4)', '31,000', '103.3%'],
    [null, '④ 周辺地区の人口の社会増減', '△25人', '50', '60', '120.0%'],
    [{ text: '(※4) 目標値は計画変更後の値。', span: [1, 6] }],
  ];
  return { name: '進捗状況', rows };
}
