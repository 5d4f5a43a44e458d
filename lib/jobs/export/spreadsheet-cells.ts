import type { ExportRow } from "@/lib/domain/datasets/export/rows";

/**
 * The `csv-safe` download: CSV cells a spreadsheet would run as a formula (=, +, -, @, tab, carriage return: OWASP's
 * list for CSV injection) get a leading apostrophe, which spreadsheets show as text. A cell already starting with an
 * apostrophe gets one too, so that the verifier can undo it exactly and check each text against its content_sha256.
 */
const NEEDS_QUOTE = /^[=+\-@\t\r']/;

const quoteCell = (cell: string) => (NEEDS_QUOTE.test(cell) ? `'${cell}` : cell);
const unquoteCell = (cell: string) => (cell.startsWith("'") ? cell.slice(1) : cell);

function mapCells(row: ExportRow, cell: (value: string) => string): ExportRow {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    out[key] = typeof value === "string" ? cell(value) : Array.isArray(value) ? value.map((v) => (typeof v === "string" ? cell(v) : v)) : value;
  }
  return out as ExportRow;
}

/** A row as the csv-safe download writes it. */
export const spreadsheetSafeRow = (row: ExportRow): ExportRow => mapCells(row, quoteCell);

/** A csv-safe row back as it was hashed. */
export const unSpreadsheetSafeRow = (row: ExportRow): ExportRow => mapCells(row, unquoteCell);
