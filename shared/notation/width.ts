/**
 * Full-width (全角) to ASCII for the characters that carry meaning in numbers, units and labels.
 * Japanese text, △ and ～ are left alone: they are notation, not width variants.
 */
const SYMBOLS: Readonly<Record<string, string>> = {
  '，': ',',
  '．': '.',
  '％': '%',
  '＋': '+',
  '－': '-',
  '（': '(',
  '）': ')',
  '［': '[',
  '］': ']',
  '／': '/',
  '：': ':',
  '\u3000': ' ',
};

const FULL_WIDTH_ALNUM = /[０-９Ａ-Ｚａ-ｚ]/g;
const FULL_WIDTH_SYMBOL = /[，．％＋－（）［］／：\u3000]/g;

export function normalizeWidth(text: string): string {
  return text
    .replace(FULL_WIDTH_ALNUM, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .replace(FULL_WIDTH_SYMBOL, (ch) => SYMBOLS[ch] ?? ch);
}
