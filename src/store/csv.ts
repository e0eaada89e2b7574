/**
 * RFC 4180 CSV rows (csv-stringify) with formula injection neutralised first: token names are
 * attacker-chosen, and a spreadsheet runs a cell that starts with = + - @ (or tab / CR), even after
 * leading whitespace.
 */
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";

const FORMULA_START = /^[\s]*[=+\-@\t\r]/;
// csv-stringify quotes the record delimiter (CRLF) but not a lone CR or LF; both break a record for most readers.
const STRINGIFY_OPTIONS = { record_delimiter: "windows", quoted_match: /[\r\n]/ } as const;

/** A cell a spreadsheet will show as text: dangerous starts get a leading `'`. */
export function neutralise(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** One CSV record ending in CRLF; every cell is neutralised, then quoted as RFC 4180 requires. */
export function csvRow(cells: readonly (string | number | bigint | null)[]): string {
  return stringify([cells.map((c) => neutralise(c === null ? "" : String(c)))], STRINGIFY_OPTIONS);
}

/** How many records a CSV text holds (a header counts as one). */
export function countCsvRecords(text: string): number {
  return (parse(text, { relax_column_count: true, skip_empty_lines: true }) as unknown[]).length;
}
