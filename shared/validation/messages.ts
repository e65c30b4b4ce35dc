import type { Message } from '../problem.ts';
import { codePointLabel, type RefusedChar } from '../text/integrity.ts';
import type { FieldLabel } from './field-labels.ts';

/**
 * Every message the validators give, in one place: Japanese first (the users' language), English second.
 * Each names the field or the item concerned and says what to do about it, not only what is wrong.
 */
const fy = (year: number) => ({ ja: `${year}年度`, en: `FY${year}` });
const range = (start: number, end: number) => ({ ja: `${start}～${end}年度`, en: `FY${start}-FY${end}` });
const q = (text: string) => text.slice(0, 60);

/** What the refused character is, in words a reader can act on. */
function charName(c: RefusedChar): Message {
  switch (c.kind) {
    case 'lone_surrogate':
      return {
        ja: '壊れた文字（対になっていないサロゲート）',
        en: 'a broken character (unpaired surrogate)',
      };
    case 'line_break':
      return c.codePoint === 0x09 ? { ja: 'タブ', en: 'a tab' } : { ja: '改行', en: 'a line break' };
    case 'carriage_return':
      return { ja: '復帰（CR）', en: 'a carriage return (CR)' };
    case 'bidi':
      return { ja: '文字の向きを変える制御文字', en: 'a bidirectional control' };
    case 'separator':
      return { ja: '行・段落の区切り文字', en: 'a line or paragraph separator' };
    case 'control':
      return { ja: '制御文字', en: 'a control character' };
  }
}

/** What to do about it: a line break in a one-line field is kept out, anything else removed. */
function charAdvice(c: RefusedChar): Message {
  if (c.kind === 'line_break')
    return {
      ja: 'この項目は1行で入力してください。改行やタブを削除してください',
      en: 'This field is one line: remove it.',
    };
  if (c.kind === 'lone_surrogate')
    return { ja: 'その文字を削除して入力し直してください', en: 'Delete that character and type it again.' };
  return { ja: 'その文字を削除してください', en: 'Remove it.' };
}

export const messages = {
  // --- the shape of the file (zod issues) ---
  'schema.missing': (f: FieldLabel): Message => ({
    ja: `${f.ja}がありません。入力してください`,
    en: `${f.en} is missing. Add it.`,
  }),
  'schema.wrong_type': (f: FieldLabel, expected: Message): Message => ({
    ja: `${f.ja}：${expected.ja}で入力してください`,
    en: `${f.en}: enter ${expected.en}.`,
  }),
  'schema.decimal': (f: FieldLabel, suggestion?: string): Message => ({
    ja: `${f.ja}：数値を半角で入力してください（例: 1161000）${suggestion ? `。"${suggestion}" と書けば読めます` : ''}`,
    en: `${f.en}: write the number in ASCII digits as text, e.g. "1161000"${suggestion ? ` (here: "${suggestion}")` : ''}.`,
  }),
  'schema.fiscal_year': (f: FieldLabel, suggestion?: number): Message => ({
    ja: `${f.ja}：年度は西暦の数値で入力してください（例: 2023）${suggestion ? `。ここでは ${suggestion} です` : ''}`,
    en: `${f.en}: write the fiscal year as a Western-calendar number, e.g. 2023${suggestion ? ` (here: ${suggestion})` : ''}.`,
  }),
  'schema.integer': (f: FieldLabel): Message => ({
    ja: `${f.ja}：整数で入力してください`,
    en: `${f.en}: enter a whole number.`,
  }),
  'schema.id': (f: FieldLabel): Message => ({
    ja: `${f.ja}：IDは半角英数字で始め、英数字と「_」「.」「-」だけで書いてください（例: p-001）`,
    en: `${f.en}: an ID starts with a letter or digit and uses only letters, digits, "_", "." and "-" (e.g. p-001).`,
  }),
  'schema.option': (f: FieldLabel, options: readonly string[]): Message => ({
    ja: `${f.ja}：次のいずれかを指定してください: ${options.join(', ')}`,
    en: `${f.en}: use one of ${options.join(', ')}.`,
  }),
  'schema.format': (expected: string): Message => ({
    ja: `このファイルは Shinchoku の計画ファイルではありません。"format": "${expected}" と書いてください`,
    en: `This is not a Shinchoku plan file. Set "format": "${expected}".`,
  }),
  'schema.empty': (f: FieldLabel): Message => ({
    ja: `${f.ja}が空です。入力してください`,
    en: `${f.en} is empty. Fill it in.`,
  }),
  'schema.too_small': (f: FieldLabel, min: string, what: Message): Message => ({
    ja: `${f.ja}：${what.ja}${min}以上にしてください`,
    en: `${f.en}: ${what.en} must be at least ${min}.`,
  }),
  'schema.too_big': (f: FieldLabel, max: string, what: Message): Message => ({
    ja: `${f.ja}：${what.ja}${max}以下にしてください`,
    en: `${f.en}: ${what.en} must be at most ${max}.`,
  }),
  'schema.unknown_key': (f: FieldLabel): Message => ({
    ja: `${f.ja}という項目はこの形式にありません。綴りを確かめるか、削除してください`,
    en: `${f.en} is not a field of this format. Check the spelling or remove it.`,
  }),
  'schema.period_order': (f: FieldLabel): Message => ({
    ja: `${f.ja}：開始年度が終了年度より後になっています。startFy ≦ endFy にしてください`,
    en: `${f.en}: the start year is after the end year. Make startFy ≤ endFy.`,
  }),
  'schema.invalid': (f: FieldLabel, detail: string): Message => ({
    ja: `${f.ja}：値が正しくありません（${q(detail)}）`,
    en: `${f.en}: invalid value (${q(detail)}).`,
  }),
  /** A character shared/text/integrity.ts refuses: stored text must read back exactly as it was sent. */
  'text.refused_char': (f: FieldLabel, c: RefusedChar): Message => ({
    ja: `${f.ja}に使えない文字（${charName(c).ja} ${codePointLabel(c.codePoint)}、${c.position}文字目）が含まれています。${charAdvice(c).ja}`,
    en: `${f.en} contains ${charName(c).en} (${codePointLabel(c.codePoint)}, character ${c.position}) that cannot be stored. ${charAdvice(c).en}`,
  }),
  'internal.unexpected': (): Message => ({
    ja: 'データを読み取れませんでした。JSON の形を確かめてください',
    en: 'The data could not be read. Check its JSON structure.',
  }),

  // --- references between parts of the plan ---
  'id.duplicate': (kind: Message, id: string): Message => ({
    ja: `${kind.ja}のID「${q(id)}」が重複しています。別のIDにしてください`,
    en: `${kind.en} ID "${q(id)}" is used twice. Give each one its own ID.`,
  }),
  'number.duplicate': (kind: Message, n: number): Message => ({
    ja: `${kind.ja}の番号 ${n} が重複しています。表の番号が重なります`,
    en: `${kind.en} number ${n} is used twice; the printed numbering would repeat.`,
  }),
  'cycle.duplicate': (year: number): Message => ({
    ja: `報告年度 ${fy(year).ja} が2回あります。1つにまとめてください`,
    en: `Report cycle ${fy(year).en} appears twice. Merge them into one.`,
  }),
  'cycle.fiscal_year': (): Message => ({
    ja: '報告年度が正しくありません。西暦の年度（例: 2023）を指定してください',
    en: 'The report cycle year is invalid. Give a fiscal year such as 2023.',
  }),
  'version.duplicate': (v: number): Message => ({
    ja: `過去の版 ${v} が2回あります。版の番号を見直してください`,
    en: `Previous version ${v} appears twice. Check the version numbers.`,
  }),
  'version.not_earlier': (v: number, current: number): Message => ({
    ja: `過去の版 ${v} が現在の版 ${current} より前ではありません。版の番号を見直してください`,
    en: `Previous version ${v} is not earlier than the current version ${current}. Check the version numbers.`,
  }),
  'ref.unknown_department': (id: string): Message => ({
    ja: `担当課「${q(id)}」が departments にありません。担当課を登録するか、IDを直してください`,
    en: `Department "${q(id)}" is not in departments. Add it or correct the ID.`,
  }),
  'ref.unknown_indicator': (id: string): Message => ({
    ja: `指標「${q(id)}」は計画にありません。指標IDを確かめてください`,
    en: `Indicator "${q(id)}" is not in the plan. Check the indicator ID.`,
  }),
  'ref.unknown_project': (id: string): Message => ({
    ja: `事業「${q(id)}」は計画にありません。事業IDを確かめてください`,
    en: `Project "${q(id)}" is not in the plan. Check the project ID.`,
  }),
  'ref.unknown_budget': (id: string): Message => ({
    ja: `再掲元の予算「${q(id)}」が budgets にありません。再掲元の事業のIDを指定してください`,
    en: `The repeated budget entry "${q(id)}" is not in budgets. Give the ID of the entry this row repeats.`,
  }),
  'target.duplicate': (name: string, year: number): Message => ({
    ja: `指標「${q(name)}」の ${fy(year).ja} の目標値が2つあります。1つにしてください`,
    en: `Indicator "${q(name)}" has two targets for ${fy(year).en}. Keep one.`,
  }),
  'target.outside_period': (name: string, year: number, start: number, end: number): Message => ({
    ja: `指標「${q(name)}」の目標値の年度 ${fy(year).ja} が期間（${range(start, end).ja}）の外です。年度を確かめてください`,
    en: `Indicator "${q(name)}": the target year ${fy(year).en} is outside the period ${range(start, end).en}. Check the year.`,
  }),
  'window.outside_period': (name: string, start: number, end: number): Message => ({
    ja: `指標「${q(name)}」の累計の期間が期間（${range(start, end).ja}）に収まっていません。累計の期間を確かめてください`,
    en: `Indicator "${q(name)}": the cumulative window is not within ${range(start, end).en}. Check the window.`,
  }),
  'indicator.window_required': (name: string): Message => ({
    ja: `指標「${q(name)}」は累計の指標です。累計の期間（window: 開始年度と終了年度）を入力してください`,
    en: `Indicator "${q(name)}" is cumulative. Add its window (startFy and endFy).`,
  }),
  'indicator.threshold_required': (name: string): Message => ({
    ja: `指標「${q(name)}」は閾値の指標です。比較（以上・超・以下・未満）を指定してください`,
    en: `Indicator "${q(name)}" is a threshold. Add its comparator (>=, >, <=, <).`,
  }),
  'indicator.direction_mismatch': (name: string): Message => ({
    ja: `指標「${q(name)}」は削減の指標ですが「高いほど良い」になっています。direction を lower_is_better にしてください`,
    en: `Indicator "${q(name)}" is a reduction but marked higher-is-better. Set direction to lower_is_better.`,
  }),
  'budget.negative': (f: FieldLabel): Message => ({
    ja: `${f.ja}がマイナスです。金額を確かめてください`,
    en: `${f.en} is negative. Check the amount.`,
  }),

  // --- values reported in a cycle ---
  'actual.duplicate': (name: string, year: number): Message => ({
    ja: `指標「${q(name)}」の ${fy(year).ja} の実績値が2つあります。1つにしてください`,
    en: `Indicator "${q(name)}" has two actuals in ${fy(year).en}. Keep one.`,
  }),
  'actual.missing_reason': (name: string): Message => ({
    ja: `指標「${q(name)}」の実績値がありません。値を入力するか、実績値がない理由を書いてください`,
    en: `Indicator "${q(name)}" has no actual. Enter the value or give the reason it is missing.`,
  }),
  'actual.reason_without_missing': (name: string): Message => ({
    ja: `指標「${q(name)}」は実績値があるのに、実績値がない理由が書かれています。理由を消すか、値を確かめてください`,
    en: `Indicator "${q(name)}" has an actual and also a reason for a missing one. Remove the reason or check the value.`,
  }),
  'actual.status_not_qualitative': (name: string): Message => ({
    ja: `指標「${q(name)}」は定性の指標ではないので、達成状況は選べません。実績値を入力してください`,
    en: `Indicator "${q(name)}" is not qualitative, so it takes no status. Enter the actual instead.`,
  }),
  'actual.text_not_qualitative': (name: string): Message => ({
    ja: `指標「${q(name)}」は定性の指標ではありません。実績の文章は表に出ません。補足は注記に書いてください`,
    en: `Indicator "${q(name)}" is not qualitative; its result text is not printed. Put remarks in a footnote.`,
  }),
  'actual.qualitative_empty': (name: string): Message => ({
    ja: `指標「${q(name)}」（定性）の達成状況も実績の文章もありません。どちらかを入力してください`,
    en: `Qualitative indicator "${q(name)}" has neither a status nor a result text. Enter one of them.`,
  }),
  'actual.to_date_not_cumulative': (name: string): Message => ({
    ja: `指標「${q(name)}」は累計の指標ではないので、累計値（to_date）として報告できません。その年度の値を入力してください`,
    en: `Indicator "${q(name)}" is not cumulative, so it cannot be reported as a running total (to_date). Enter the year's value.`,
  }),
  'actual.outside_period': (name: string, year: number, start: number, end: number): Message => ({
    ja: `指標「${q(name)}」の実績値の年度 ${fy(year).ja} は事業の計画期間（${range(start, end).ja}）の外です。年度を確かめてください`,
    en: `Indicator "${q(name)}": ${fy(year).en} is outside the project period ${range(start, end).en}. Check the year.`,
  }),
  'marker.invalid': (f: FieldLabel, marker: string): Message => ({
    ja: `${f.ja}「${q(marker)}」は注記記号として読めません。(※)、(※1)、〔※〕、（注１）のように書いてください`,
    en: `${f.en} "${q(marker)}" is not a footnote marker. Write it like (※), (※1), 〔※〕 or （注１）.`,
  }),
  'footnote.empty_text': (marker: string): Message => ({
    ja: `注記「${q(marker)}」の本文が空です。説明を書いてください`,
    en: `Footnote "${q(marker)}" has no text. Write the explanation.`,
  }),
  'activity.duplicate': (projectId: string): Message => ({
    ja: `事業「${q(projectId)}」の主な取組が2つあります。1つにまとめてください`,
    en: `Project "${q(projectId)}" has its activities twice. Merge them into one.`,
  }),
  'achievement.zero_target': (): Message => ({
    ja: '目標値(増分)が0のため達成度は算出できません。目標値を確認してください',
    en: 'The target increment is 0, so 達成度 cannot be computed. Check the target.',
  }),
  'achievement.no_target': (name: string, year: number): Message => ({
    ja: `指標「${q(name)}」に ${fy(year).ja} の目標値がないため達成度は算出できません。目標値を確認してください`,
    en: `Indicator "${q(name)}" has no target for ${fy(year).en}, so 達成度 cannot be computed. Check the targets.`,
  }),

  'achievement.no_baseline': (name: string): Message => ({
    ja: `指標「${q(name)}」は削減の指標ですが当初値がないため達成度は算出できません。当初値を入力してください`,
    en: `Indicator "${q(name)}" is a reduction without a baseline, so 達成度 cannot be computed. Add the baseline.`,
  }),

  // --- a value typed or pasted into a sheet cell ---
  /** `detail` is notation's own explanation of what in the text could not be read. */
  'cell.not_a_number': (f: FieldLabel, detail: Message): Message => ({
    ja: `${f.ja}：${detail.ja}`,
    en: `${f.en}: ${detail.en}`,
  }),
  'cell.unit_mismatch': (typed: string, unit: string): Message => ({
    ja: `単位が違います。この指標の単位は「${q(unit)}」です（入力された単位: 「${q(typed)}」）`,
    en: `Wrong unit: this indicator is in "${q(unit)}", not "${q(typed)}".`,
  }),
  'value.rate_over_100': (f: FieldLabel): Message => ({
    ja: `${f.ja}が100%を超えています。割合の指標なら値を確かめてください（増加率などはこのままで構いません）`,
    en: `${f.en} exceeds 100%. If this is a share, check the value (growth rates may exceed 100).`,
  }),
  'cell.wrong_type': (f: FieldLabel): Message => ({
    ja: `${f.ja}：この入力は読めません。文字か数値を入力してください`,
    en: `${f.en}: this input cannot be read. Enter text or a number.`,
  }),
  'cell.status_unknown': (options: readonly string[]): Message => ({
    ja: `達成状況は次から選んでください: ${options.join('、')}`,
    en: `Choose the status from: ${options.join(', ')}.`,
  }),
  'cell.too_long': (f: FieldLabel, max: number): Message => ({
    ja: `${f.ja}が長すぎます。${max}文字以内にしてください`,
    en: `${f.en} is too long. Keep it within ${max} characters.`,
  }),
} satisfies Record<string, (...args: never[]) => Message>;

export type ProblemCode = keyof typeof messages;
export const PROBLEM_CODES = Object.keys(messages) as ProblemCode[];

/** Codes that flag something to check rather than something wrong: the data is still accepted. */
export const WARNING_CODES: ReadonlySet<ProblemCode> = new Set<ProblemCode>([
  'number.duplicate',
  'indicator.direction_mismatch',
  'actual.reason_without_missing',
  'actual.text_not_qualitative',
  'actual.outside_period',
  'achievement.zero_target',
  'achievement.no_target',
  'achievement.no_baseline',
  'value.rate_over_100',
]);
