import { describe, expect, it } from 'vitest';
import { fieldLabel } from './field-labels.ts';
import { formatPath } from './path.ts';
import { validatePlanFile } from './plan-file.ts';
import { samplePlanJson, setAt } from './test-support.ts';

function problemsWith(path: (string | number)[], value: unknown) {
  const json = samplePlanJson();
  setAt(json, path, value);
  const result = validatePlanFile(json);
  expect(result.ok).toBe(false);
  return result.problems;
}

describe('formatPath', () => {
  it('writes paths the way they read in a JSON file', () => {
    expect(formatPath(['projects', 0, 'indicators', 1, 'targets', 0, 'value'])).toBe(
      'projects[0].indicators[1].targets[0].value',
    );
    expect(formatPath([])).toBe('');
    expect(formatPath([0, 'a'])).toBe('[0].a');
    expect(formatPath(['plan', '単位', 'a b'])).toBe('plan["単位"]["a b"]');
  });
});

describe('fieldLabel', () => {
  it('names a field by the word on the printed table, depending on where it sits', () => {
    expect(fieldLabel(['projects', 0, 'indicators', 1, 'targets', 0, 'value']).ja).toBe('目標値');
    expect(fieldLabel(['cycles', 0, 'actuals', 3, 'value']).ja).toBe('実績値');
    expect(fieldLabel(['goals', 0, 'indicators', 0, 'baseline', 'value']).ja).toBe('当初値');
    expect(fieldLabel(['projects', 0, 'departmentIds', 2]).ja).toBe('担当課');
    expect(fieldLabel([]).en).toBe('The whole file');
    expect(fieldLabel(['projects', 0, 'constructor']).ja).toBe('「constructor」');
  });
});

describe('zod issues become problems a person can act on', () => {
  it('a target written with separators: path, field and the value to write instead', () => {
    const [p] = problemsWith(['projects', 0, 'indicators', 0, 'targets', 0, 'value'], '1,161,000');
    expect(p).toMatchObject({
      code: 'schema.decimal',
      severity: 'error',
      path: 'projects[0].indicators[0].targets[0].value',
    });
    expect(p!.message.ja).toBe(
      '目標値：数値を半角で入力してください（例: 1161000）。"1161000" と書けば読めます',
    );
    expect(p!.message.en).toContain('(here: "1161000")');
  });

  it('a JSON number where a decimal string belongs, △ and full-width digits', () => {
    expect(problemsWith(['cycles', 0, 'actuals', 0, 'value'], 144476)[0]!.message.ja).toContain('"144476"');
    expect(problemsWith(['cycles', 0, 'actuals', 0, 'value'], '△２５')[0]!.message.ja).toContain('"-25"');
    // Text that is no number gets the instruction without a guess.
    expect(problemsWith(['budgets', 0, 'settlement'], '未定')[0]!.message.ja).not.toContain('と書けば');
  });

  it('an era year where a Western fiscal year belongs suggests the year', () => {
    const [p] = problemsWith(['cycles', 0, 'fiscalYear'], '令和５年度');
    expect(p).toMatchObject({ code: 'schema.fiscal_year', path: 'cycles[0].fiscalYear' });
    expect(p!.message.ja).toContain('ここでは 2023 です');
    expect(problemsWith(['plan', 'period', 'startFy'], 1800)[0]!.code).toBe('schema.fiscal_year');
  });

  it('an unknown key is reported at the key itself, named as written', () => {
    const [p] = problemsWith(['projects', 0, 'budjet'], { amount: '1' });
    expect(p).toMatchObject({ code: 'schema.unknown_key', path: 'projects[0].budjet' });
    expect(p!.message.ja).toBe(
      '「budjet」という項目はこの形式にありません。綴りを確かめるか、削除してください',
    );
  });

  it('a missing field, a wrong kind, the wrong format', () => {
    expect(problemsWith(['projects', 0, 'period'], undefined)[0]).toMatchObject({
      code: 'schema.missing',
      path: 'projects[0].period',
      message: { ja: '計画期間がありません。入力してください' },
    });
    expect(problemsWith(['projects', 0, 'indicators', 0, 'kind'], 'rise')[0]!.message.ja).toContain(
      'increment, cumulative, level, rate, reduction, threshold, qualitative, not_set',
    );
    const wrong = validatePlanFile({ format: 'kpi/1' }).problems;
    expect(wrong[0]).toMatchObject({ code: 'schema.format', path: 'format' });
  });

  it('input that is not an object at all is one problem at the root', () => {
    for (const input of [null, 42, 'plan', [], true]) {
      const result = validatePlanFile(input);
      expect(result).toEqual({
        ok: false,
        problems: [expect.objectContaining({ code: 'schema.wrong_type', path: '' })],
      });
      expect(result.problems[0]!.message.ja).toBe('ファイル全体：{ } で囲んだオブジェクトで入力してください');
    }
  });
});
