import { describe, expect, it } from 'vitest';
import { displayNumber, formatShows } from './number-format.ts';

// Expected strings are what Excel displays for these stored values and format codes.
describe('displayNumber', () => {
  it.each([
    ['1161000', '#,##0', '1,161,000'],
    ['1161000', '#,##0;"△"#,##0', '1,161,000'],
    ['-25', '#,##0;"△"#,##0', '△25'],
    ['-25', '#,##0', '-25'],
    ['0', '#,##0"PV";"△"#,##0"PV"', '0PV'],
    ['56677', '#,##0"人";"△"#,##0"人"', '56,677人'],
    ['481.6', '0.0"%";"△"0.0"%"', '481.6%'],
    ['1408', '0.0"%";"△"0.0"%"', '1408.0%'],
    ['-8.3', '0.0"%";"△"0.0"%"', '△8.3%'],
    ['39.2', '#,##0.0"%";"△"#,##0.0"%"', '39.2%'],
    ['10000', '"仙台市 "#,##0"千円"', '仙台市 10,000千円'],
    ['0.05', '0.0', '0.1'],
    ['50.0', 'General', '50'],
    ['481.60', 'General', '481.6'],
  ])('%s as %s shows %s', (stored, format, shown) => {
    expect(displayNumber(stored, format)).toBe(shown);
  });

  it('gives null for a code it does not understand and for a value that is not a decimal', () => {
    expect(displayNumber('1', '0.00E+00')).toBeNull();
    expect(displayNumber('1', 'yyyy/mm/dd')).toBeNull();
    expect(displayNumber('1', '"unterminated')).toBeNull();
    expect(displayNumber('1e5', '#,##0')).toBeNull();
  });

  it('tells whether a number cell would show the printed text', () => {
    expect(formatShows('66', '#,##0"社";"△"#,##0"社"', '66社')).toBe(true);
    expect(formatShows('66', '#,##0"社";"△"#,##0"社"', 'R1～5年(累計) 66社 (+13社)')).toBe(false);
    expect(formatShows('481.6', undefined, '481.6%')).toBe(false);
  });
});
