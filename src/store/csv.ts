/**
 * RFC 4180 CSV cells and rows, with formula injection neutralised: token names are attacker-chosen, and a
 * spreadsheet runs a cell that starts with = + - @ (or tab / CR), even after leading whitespace.
 * Written here rather than with csv-stringify: ten lines, no dependency, and the neutralising rule must
 * sit in front of the quoting anyway.
 */

const FORMULA_START = /^[\s]*[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** A cell a spreadsheet will show as text: dangerous starts get a leading `'`. */
export function neutralise(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** One RFC 4180 field: quoted (quotes doubled) when it holds a quote, comma, CR or LF. */
export function quote(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** One CSV record ending in CRLF; every cell is neutralised and quoted. */
export function csvRow(cells: readonly (string | number | bigint | null)[]): string {
  return `${cells.map((c) => quote(neutralise(c === null ? "" : String(c)))).join(",")}\r\n`;
}

/** How many records a CSV text holds (line breaks outside quotes; a final break is not a record). */
export function countCsvRecords(text: string): number {
  let records = 0;
  let inQuotes = false;
  let lineHasData = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 34) inQuotes = !inQuotes;
    if (!inQuotes && ch === 10) {
      records++;
      lineHasData = false;
    } else if (ch !== 13) lineHasData = true;
  }
  return records + (lineHasData ? 1 : 0);
}
