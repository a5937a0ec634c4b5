/**
 * A small RFC 4180 CSV reader and writer. Hand-written rather than a dependency because an
 * import needs what generic parsers do not give: a malformed record (an unbalanced quote, text
 * after a closing quote) is reported with its row number and skipped, and reading resumes at the
 * next line, so one broken row costs that row, not the whole file.
 */

/** One record of the file. `row` counts records as a spreadsheet shows them (the header is 1). */
export interface CsvRecord {
  row: number;
  /** Physical line the record starts on (differs from `row` after multi-line quoted fields). */
  line: number;
  fields: string[];
}

export interface CsvSyntaxError {
  row: number;
  line: number;
  message: string;
  /** The record's first field when it was read before the problem (the Handle, in an import). */
  firstField: string | null;
}

export interface ParsedCsv {
  records: CsvRecord[];
  errors: CsvSyntaxError[];
}

/** Parse a whole CSV text (header included). Blank lines are skipped; a leading BOM is ignored. */
export function parseCsv(input: string): ParsedCsv {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const records: CsvRecord[] = [];
  const errors: CsvSyntaxError[] = [];
  const n = text.length;
  let i = 0;
  let line = 1;
  let row = 0;

  while (i < n) {
    const recordStart = i;
    const recordLine = line;
    const fields: string[] = [];
    let problem: string | null = null;

    // Read fields until the end of the record (an unquoted newline) or of the text.
    for (;;) {
      let value = '';
      if (text[i] === '"') {
        i++;
        let closed = false;
        while (i < n) {
          const c = text[i]!;
          if (c === '"') {
            if (text[i + 1] === '"') {
              value += '"';
              i += 2;
              continue;
            }
            i++;
            closed = true;
            break;
          }
          if (c === '\n') line++;
          value += c;
          i++;
        }
        if (!closed) {
          problem = 'unterminated quoted field (unbalanced quote)';
          break;
        }
        const next = text[i];
        if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
          problem = 'unexpected text after a closing quote (unbalanced quote)';
          break;
        }
      } else {
        // Unquoted: up to the next comma or line end. A stray quote inside is kept as text.
        let j = i;
        while (j < n) {
          const c = text.charCodeAt(j);
          if (c === 44 /* , */ || c === 10 /* \n */ || c === 13 /* \r */) break;
          j++;
        }
        value = text.slice(i, j);
        i = j;
      }
      fields.push(value);
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === '\r') i++;
      if (text[i] === '\n') {
        i++;
        line++;
      }
      break;
    }

    row++;
    if (problem) {
      errors.push({ row, line: recordLine, message: problem, firstField: fields[0] ?? null });
      // Resynchronise at the line after the one this record started on.
      const nl = text.indexOf('\n', recordStart);
      i = nl === -1 ? n : nl + 1;
      line = recordLine + 1;
      continue;
    }
    if (fields.length === 1 && fields[0] === '') {
      row--; // a blank line is not a record
      continue;
    }
    records.push({ row, line: recordLine, fields });
  }
  return { records, errors };
}

/** One CSV field, quoted when it must be. */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const s = String(value);
  return /[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function csvLine(values: readonly (string | number | null | undefined)[]): string {
  return values.map(csvField).join(',') + '\n';
}
