// CSV for `pulse export`, safe to open in a spreadsheet: a text cell that a spreadsheet would read as
// a formula (it starts with = + - @, a tab or a carriage return) gets a leading apostrophe, so a
// customer's comment such as `=HYPERLINK(...)` is shown as text and never run (OWASP "CSV injection").
// Numbers are written as numbers: -3 is a value, not a formula.

export type CsvValue = string | number | boolean | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: CsvValue): string {
  if (value === undefined) return '';
  if (typeof value !== 'string') return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The header line and one line per row, CRLF-terminated as RFC 4180 asks. */
export function csv(headers: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  return [headers, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
