/**
 * CSV for people's spreadsheets (exports): RFC 4180 quoting, and a cell that starts like a formula
 * (`=`, `+`, `-`, `@`, but not a negative number) defused with a leading `'`, so a spreadsheet
 * never runs merchant or shopper text as a formula.
 */
export function csvCell(value: unknown): string {
  const s = value === null || value === undefined ? '' : String(value);
  const safe = /^[=+\-@]/.test(s) && !/^-?\d/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** One CSV record, ended by CRLF as RFC 4180 says. */
export function csvRow(values: readonly unknown[]): string {
  return values.map(csvCell).join(',') + '\r\n';
}
