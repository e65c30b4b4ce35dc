import { describe, expect, it } from 'vitest';
import { sheetDifferences } from './testing/expect-xlsx.ts';
import { framedModel, HOSTILE_NAMES, projectLikeModel, revisionLikeModel } from './testing/models.ts';
import { readXlsx } from './testing/xlsx-reader.ts';
import { renderXlsx } from './xlsx.ts';

const created = new Date('2024-03-31T00:00:00Z');

describe('renderXlsx', () => {
  it('writes one sheet per table, equal cell by cell to the model', async () => {
    const models = [projectLikeModel(), revisionLikeModel()];
    const sheets = await readXlsx(await renderXlsx(models, { created }));
    expect(sheets.map((s) => s.name)).toEqual(['進捗状況', '新旧対照表']);
    expect(sheetDifferences(sheets[0]!, models[0]!)).toEqual([]);
    expect(sheetDifferences(sheets[1]!, models[1]!)).toEqual([]);
  });

  it('prints the frame: the 別紙 label right-aligned on row 1, each subtitle line a merged row', async () => {
    const models = [framedModel(), framedModel(true)];
    const sheets = await readXlsx(await renderXlsx(models, { created }));
    // (The second sheet of one kind is named `進捗状況 (2)`.)
    const second = { ...sheets[1]!, name: '進捗状況' };
    expect(sheetDifferences(sheets[0]!, models[0]!)).toEqual([]);
    expect(sheetDifferences(second, models[1]!)).toEqual([]);
    const line = (s: number, r: number) => {
      const c = sheets[s]!.cells.get(`A${r}`)!;
      return [c.value, c.horizontal];
    };
    expect([1, 2, 3, 4].map((r) => line(0, r))).toEqual([
      ['別紙2', 'right'],
      ['テスト計画 事業の実績', null],
      ['令和5年度末時点', null],
      ['（単位：千円）', null],
    ]);
    expect([3, 4].map((r) => line(1, r)[1])).toEqual(['right', 'right']);
    expect(sheets[0]!.merges.slice(0, 4)).toEqual(['A1:F1', 'A2:F2', 'A3:F3', 'A4:F4']);
    // Print titles: the title lines, not the label.
    expect(sheets[0]!.printTitles).toBe("'進捗状況'!$2:$4");
    // The comparison notices a frame line that lost its alignment.
    const left = framedModel(true);
    delete left.frame!.subtitleAlign;
    expect(sheetDifferences(second, left)).toContain('A3: aligned right, want not right');
  });

  it('the comparison notices a changed value, a lost merge and a lost underline', async () => {
    const model = revisionLikeModel();
    const sheets = await readXlsx(await renderXlsx([model], { created }));
    const changed = revisionLikeModel();
    const row = changed.blocks[0]!.rows[2]!;
    row[1] = { ...row[1]!, text: '11', number: '11' };
    row[2] = { ...row[2]!, underline: false };
    changed.blocks[0]!.rows[0] = [
      { text: '変更後', role: 'header', colSpan: 3 },
      { text: '', role: 'header' },
      { text: '変更前', role: 'header', colSpan: 4 },
    ];
    const diffs = sheetDifferences(sheets[0]!, changed);
    expect(diffs).toContain('C5: underline true ≠ false');
    expect(diffs).toContain('B5: stored 10 ≠ 11');
    expect(diffs).toContain('merge A3:C3 missing');
    expect(diffs).toContain('merge A3:D3 unexpected');
  });

  it('underlines the changed cells on both halves of the 新旧対照表 and nothing else', async () => {
    const sheets = await readXlsx(await renderXlsx([revisionLikeModel()], { created }));
    const underlined = [...sheets[0]!.cells.values()].filter((c) => c.underline).map((c) => c.address);
    expect(underlined.sort()).toEqual(['C5', 'D5', 'G5', 'H5']);
  });

  it('stores formula-like texts as plain strings, never as formulas', async () => {
    const sheets = await readXlsx(await renderXlsx([projectLikeModel()], { created }));
    const cells = [...sheets[0]!.cells.values()];
    expect(cells.filter((c) => c.formula !== null)).toEqual([]);
    const texts = cells.map((c) => c.value);
    expect(texts).toContain(`② ${HOSTILE_NAMES[0]}`);
    expect(texts).toContain(`③ ${HOSTILE_NAMES[1]}`);
    expect(texts).toContain(`※2${HOSTILE_NAMES[3]} 脚注`);
    for (const c of cells) if (c.value.startsWith('=')) expect(c.type).toBe('s');
  });

  it('writes numbers as numbers, with the format that prints them as the table does', async () => {
    const sheets = await readXlsx(await renderXlsx([projectLikeModel()], { created }));
    const cells = sheets[0]!.cells;
    const actual = [...cells.values()].find((c) => c.value === '-25');
    expect(actual).toMatchObject({ type: 'n', numFmt: '#,##0;"△"#,##0' });
    const percent = [...cells.values()].find((c) => c.value === '481.6');
    expect(percent).toMatchObject({ type: 'n', numFmt: '0.0"%";"△"0.0"%"' });
  });

  it('sets A4 landscape, fit to one page wide, repeated title rows, widths and a Japanese font', async () => {
    const sheets = await readXlsx(await renderXlsx([projectLikeModel(), revisionLikeModel()], { created }));
    const [projects, revision] = sheets;
    expect(projects!.pageSetup).toMatchObject({
      paperSize: '9',
      orientation: 'landscape',
      fitToWidth: '1',
      fitToHeight: '0',
      fitToPage: '1',
    });
    expect(projects!.printTitles).toBe("'進捗状況'!$1:$2");
    // A single block: its header rows (変更後/変更前 and the column names) repeat on every page.
    expect(revision!.printTitles).toBe("'新旧対照表'!$1:$4");
    expect(projects!.columnWidths).toEqual([13, 41, 15, 15, 15, 11]);
    expect(projects!.cells.get('A1')!.fontName).toBe('Yu Gothic');
    expect(projects!.cells.get('A1')!.bold).toBe(true);
  });

  it('wraps long texts and the cells the model marks as wrapped', async () => {
    const sheets = await readXlsx(await renderXlsx([projectLikeModel()], { created }));
    const overview = [...sheets[0]!.cells.values()].find((c) => c.value.startsWith('長い説明文'));
    expect(overview!.wrap).toBe(true);
    const period = [...sheets[0]!.cells.values()].find((c) => c.value === '令和5～7年度');
    expect(period!.wrap).toBe(false);
  });

  it('gives each sheet a distinct name when two tables are of one kind', async () => {
    const sheets = await readXlsx(await renderXlsx([revisionLikeModel(), revisionLikeModel()], { created }));
    expect(sheets.map((s) => s.name)).toEqual(['新旧対照表', '新旧対照表 (2)']);
  });
});
