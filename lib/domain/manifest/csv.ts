// RFC 4180 CSV: quoted fields may hold commas, quotes ("") and newlines. Returns rows with the 1-based line on which
// each row starts, so errors can point at the right line.

export type CsvRow = { line: number; fields: string[] };

export function parseCsv(text: string): CsvRow[] {
  const rows: CsvRow[] = [];
  let fields: string[] = [];
  let field = "";
  let inQuotes = false;
  let line = 1;
  let rowStart = 1;
  let rowHasContent = false;
  const endRow = () => {
    fields.push(field);
    if (rowHasContent || fields.length > 1 || field !== "") rows.push({ line: rowStart, fields });
    fields = [];
    field = "";
    rowHasContent = false;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else inQuotes = false;
      } else {
        if (ch === "\n") line++;
        field += ch;
      }
      continue;
    }
    if (ch === '"') {
      inQuotes = true;
      rowHasContent = true;
    } else if (ch === ",") {
      fields.push(field);
      field = "";
      rowHasContent = true;
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      endRow();
      line++;
      rowStart = line;
    } else {
      field += ch;
    }
  }
  if (inQuotes) throw new CsvError(rowStart, "a quoted field is never closed");
  if (field !== "" || fields.length > 0) endRow();
  return rows;
}

export class CsvError extends Error {
  constructor(
    readonly line: number,
    reason: string,
  ) {
    super(`line ${line}: ${reason}`);
  }
}

/** One RFC 4180 record, CRLF-terminated: a field with a comma, quote, CR or LF is quoted, quotes doubled. */
export function formatCsvRow(fields: readonly string[]): string {
  return `${fields.map((f) => (/[",\r\n]/.test(f) ? `"${f.replaceAll('"', '""')}"` : f)).join(",")}\r\n`;
}
