import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { main } from '../cli/main.ts';
import { memoryIo } from '../cli/test-io.ts';
import { Activity, Department, Footnote } from '../schema/index.ts';
import { validateCellInput } from '../validation/cell-input.ts';
import { validateCycleValues } from '../validation/cycle-values.ts';
import { validatePlanFile } from '../validation/plan-file.ts';
import { samplePlan, samplePlanJson, setAt } from '../validation/test-support.ts';
import { codePointLabel, refusedChar } from './integrity.ts';

const utf8RoundTrip = (s: string) => new TextDecoder().decode(new TextEncoder().encode(s));
/** An independent check for lone surrogates: encodeURIComponent throws on them. */
const wellFormed = (s: string) => {
  try {
    encodeURIComponent(s);
    return true;
  } catch {
    return false;
  }
};

describe('refusedChar', () => {
  it.each([
    ['X\ud800Y', 'lone_surrogate', 0xd800, 2],
    ['\udc00', 'lone_surrogate', 0xdc00, 1],
    ['😀\ud83d', 'lone_surrogate', 0xd83d, 2], // a high surrogate cut off at the end
    ['a\u0000', 'control', 0x00, 2],
    ['取組\u0007', 'control', 0x07, 3],
    ['\u000b', 'control', 0x0b, 1], // vertical tab (a line break pasted from Word / PowerPoint)
    ['\u001b[31m', 'control', 0x1b, 1],
    ['DEL\u007f', 'control', 0x7f, 4],
    ['\u0085', 'control', 0x85, 1], // NEL, a C1 control
    ['\u009f', 'control', 0x9f, 1],
    ['a\r\nb', 'carriage_return', 0x0d, 2],
    ['abc\u202edcba', 'bidi', 0x202e, 4],
    ['\u202a', 'bidi', 0x202a, 1],
    ['\u2066x\u2069', 'bidi', 0x2066, 1],
    ['one\u2028two', 'separator', 0x2028, 4],
    ['\u2029', 'separator', 0x2029, 1],
  ])('%j: %s %s at %i (in single- and multi-line text)', (text, kind, codePoint, position) => {
    expect(refusedChar(text, 'single')).toEqual({ kind, codePoint, position });
    expect(refusedChar(text, 'multi')).toEqual({ kind, codePoint, position });
  });

  it('tab and line feed: refused in one-line text, allowed in multi-line text', () => {
    expect(refusedChar('事業\t名', 'single')).toEqual({ kind: 'line_break', codePoint: 9, position: 3 });
    expect(refusedChar('事業\n名', 'single')).toEqual({ kind: 'line_break', codePoint: 10, position: 3 });
    expect(refusedChar('・説明会\n・\t相談会', 'multi')).toBeNull();
    expect(refusedChar('line\r', 'multi')?.kind).toBe('carriage_return');
  });

  it.each([
    '',
    '文化観光局東北連携推進室',
    '△1.4',
    '(※1) 速報値',
    '😀👨‍👩‍👧🇯🇵', // astral pairs, ZWJ sequences, flags
    '𠮷野家', // an astral kanji
    'e\u0301 が\u3099', // combining marks
    'é\u200e\u200fשלום', // LRM / RLM marks and RTL text are not overrides
    '\ufeff\ufffd', // BOM inside text and the replacement character itself are plain characters
    '\u00a0\u3000', // the spaces people actually paste
  ])('%j is allowed', (text) => {
    expect(refusedChar(text, 'single')).toBeNull();
  });

  it('counts positions in characters, not UTF-16 units', () => {
    expect(refusedChar('😀😀\u0007')?.position).toBe(3);
  });

  it('every string it allows survives UTF-8 exactly; every lone surrogate is caught', () => {
    // Plain booleans, not expect(), inside the property: thousands of runs stay fast.
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (s) => {
        const found = refusedChar(s, 'multi');
        return (found !== null || utf8RoundTrip(s) === s) && (wellFormed(s) || found !== null);
      }),
      { numRuns: 1000 },
    );
    // Surrogate halves mixed with whole characters: refused exactly when one is left unpaired.
    const halves = fc.array(
      fc.oneof(
        fc.integer({ min: 0xd800, max: 0xdfff }).map((u) => String.fromCharCode(u)),
        fc.constantFrom('a', 'あ', '😀', '𠮷'),
      ),
      { maxLength: 8 },
    );
    fc.assert(
      fc.property(halves, (parts) => {
        const s = parts.join('');
        const found = refusedChar(s, 'single');
        return wellFormed(s) ? found === null : found?.kind === 'lone_surrogate';
      }),
      { numRuns: 1000 },
    );
  });

  it('names code points as Unicode does', () => {
    expect(codePointLabel(7)).toBe('U+0007');
    expect(codePointLabel(0x202e)).toBe('U+202E');
    expect(codePointLabel(0x1f600)).toBe('U+1F600');
  });
});

describe('the rule inside the schemas', () => {
  it('one-line and multi-line fields', () => {
    expect(Department.safeParse({ id: 'd', name: '課\n名' }).success).toBe(false);
    expect(Department.safeParse({ id: 'd', name: '経済局産業政策課' }).success).toBe(true);
    expect(Activity.safeParse({ projectId: 'p1', text: '・説明会\n・\t相談会' }).success).toBe(true);
    expect(Activity.safeParse({ projectId: 'p1', text: 'X\ud800Y' }).success).toBe(false);
    expect(Footnote.safeParse({ marker: '(※)', text: '速報値\n令和6年3月時点' }).success).toBe(true);
    expect(Footnote.safeParse({ marker: '(\u202e※)', text: '速報値' }).success).toBe(false);
  });

  it('a plan file (the CLI and the import) names the field, the character and what to do', () => {
    const json = samplePlanJson();
    setAt(json, ['projects', 0, 'name'], '東北連携\u202e事業');
    const result = validatePlanFile(json);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([
      {
        code: 'text.refused_char',
        severity: 'error',
        path: 'projects[0].name',
        message: {
          ja: '事業名に使えない文字（文字の向きを変える制御文字 U+202E、5文字目）が含まれています。その文字を削除してください',
          en: 'Project name contains a bidirectional control (U+202E, character 5) that cannot be stored. Remove it.',
        },
      },
    ]);
  });

  it('a line break in a one-line field says the field is one line', () => {
    const json = samplePlanJson();
    setAt(json, ['departments', 0, 'name'], '文化観光局\n東北連携推進室');
    const [p] = validatePlanFile(json).problems;
    expect(p?.message.ja).toBe(
      '担当課名に使えない文字（改行 U+000A、6文字目）が含まれています。この項目は1行で入力してください。改行やタブを削除してください',
    );
  });

  it('a save names the sheet cell: 主な取組, a footnote, a qualitative result', () => {
    const plan = samplePlan();
    const problems = validateCycleValues(
      plan,
      2023,
      [
        {
          indicatorId: 'p1-k1',
          value: '5',
          basis: 'year',
          footnotes: [{ marker: '(※)', text: '速報\u0000値' }],
        },
        { indicatorId: 'p1-k2', value: null, basis: 'year', text: '協議\u0085済', footnotes: [] },
      ],
      [{ projectId: 'p1', text: '・主な取組\u0007' }],
    );
    const refused = problems.filter((p) => p.code === 'text.refused_char');
    expect(refused.map((p) => [p.path, p.cell])).toEqual([
      ['actuals[0].footnotes[0].text', { indicatorId: 'p1-k1', field: 'footnotes' }],
      ['actuals[1].text', { indicatorId: 'p1-k2', field: 'text' }],
      ['activities[0].text', { projectId: 'p1', field: 'activities' }],
    ]);
    expect(refused[2]?.message.ja).toBe(
      '主な取組に使えない文字（制御文字 U+0007、6文字目）が含まれています。その文字を削除してください',
    );
  });

  it('a reason typed into a cell is refused on the cell, before anything is sent', () => {
    const indicator = samplePlan().projects[0]!.indicators[2]!;
    const r = validateCellInput(indicator, 'missingReason', '集計\u0008中');
    expect(r).toEqual({
      ok: false,
      problem: expect.objectContaining({
        code: 'text.refused_char',
        cell: { indicatorId: indicator.id, field: 'missingReason' },
      }),
    });
    expect(validateCellInput(indicator, 'missingReason', '集計中\n（3月公表）')).toMatchObject({ ok: true });
  });

  it('shinchoku validate reports it on one line per problem and exits non-zero', async () => {
    const json = samplePlanJson();
    setAt(json, ['cycles', 0, 'activities', 0, 'text'], '・発信\u001b');
    const { io, out } = memoryIo({ 'plan.json': JSON.stringify(json) });
    expect(await main(['validate', 'plan.json'], io)).not.toBe(0);
    expect(out.stdout + out.stderr).toContain('cycles[0].activities[0].text');
    expect(out.stdout + out.stderr).toContain('制御文字 U+001B');
  });

  it('shinchoku validate refuses a file that is not UTF-8 rather than reading U+FFFD into it', async () => {
    const text = JSON.stringify(samplePlanJson());
    const { io, out, disk } = memoryIo();
    const at = text.indexOf('・');
    const bytes = new TextEncoder().encode(text.slice(0, at));
    disk.set('latin1.json', new Uint8Array([...bytes, 0xe9, ...new TextEncoder().encode(text.slice(at))]));
    expect(await main(['validate', 'latin1.json'], io)).toBe(1);
    expect(out.stderr).toContain('latin1.json は UTF-8 として読めない文字を含んでいます');
  });
});
