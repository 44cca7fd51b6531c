// `pulse export`: every cell a spreadsheet would run as a formula is written as text.
import { describe, expect, it } from 'vitest';
import { csv, csvCell } from '../../bin/cli/csv.ts';

describe('csvCell', () => {
  it.each([
    ['plain text', 'Lobby was spotless', 'Lobby was spotless'],
    ['a formula', '=HYPERLINK("http://evil.example","click")', `"'=HYPERLINK(""http://evil.example"",""click"")"`],
    ['a plus sign first', '+1 555 0100', "'+1 555 0100"],
    ['a minus sign first', '-2 stars, bins not emptied', `"'-2 stars, bins not emptied"`],
    ['an at sign first', '@SUM(A1:A9)', "'@SUM(A1:A9)"],
    ['a tab first', '\t=1+1', "'\t=1+1"],
    ['a carriage return first', '\r=1+1', "\"'\r=1+1\""],
    ['a formula character later on', 'score = 3', 'score = 3'],
    ['a comma', 'floors, windows', '"floors, windows"'],
    ['a quote', 'they said "fine"', '"they said ""fine"""'],
    ['a line break', 'line one\nline two', '"line one\nline two"'],
    ['leading spaces', '  indented', '"  indented"'],
    ['an empty string', '', ''],
  ])('writes %s safely', (_what, value, written) => {
    expect(csvCell(value)).toBe(written);
  });

  it.each([
    [-3, '-3'],
    [7, '7'],
    [undefined, ''],
    [true, 'true'],
  ])('writes the value %s as it is: a number is no formula', (value, written) => {
    expect(csvCell(value)).toBe(written);
  });
});

describe('csv', () => {
  it('writes a header line and one CRLF-terminated line per row', () => {
    expect(csv(['a', 'b'], [['x', 1], ['=y', undefined]])).toBe("a,b\r\nx,1\r\n'=y,\r\n");
  });
});
