import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import { parquetMetadata, parquetReadObjects } from "hyparquet";
import type { ExportFormat } from "@/lib/domain/datasets/export/layout";
import { rowFromCsv, type ExportRow } from "@/lib/domain/datasets/export/rows";
import { parseCsv } from "@/lib/domain/manifest/csv";

/** A data row, or a line that could not be read as one (the verifier reports it with its file and line). */
export type ReadRow = { row: ExportRow; line: number } | { error: string; line: number };

const PARQUET_ROWS_PER_READ = 10_000;

/** The rows of one data file of a download, in order, whatever its format. */
export async function* readExportRows(format: ExportFormat, stream: Readable): AsyncGenerator<ReadRow> {
  if (format === "jsonl") {
    let line = 0;
    for await (const text of createInterface({ input: stream, crlfDelay: Infinity })) {
      line += 1;
      if (text === "") continue;
      try {
        yield { row: JSON.parse(text) as ExportRow, line };
      } catch {
        yield { error: "is not valid JSON", line };
      }
    }
    return;
  }
  const bytes = await readAll(stream);
  if (format === "csv") {
    let rows;
    try {
      rows = parseCsv(bytes.toString("utf8"));
    } catch (error) {
      yield { error: (error as Error).message, line: 0 };
      return;
    }
    const [header, ...data] = rows;
    if (!header) return;
    for (const r of data) yield { row: rowFromCsv(header.fields, r.fields), line: r.line };
    return;
  }
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  let total: number;
  try {
    total = Number(parquetMetadata(file).num_rows);
  } catch (error) {
    yield { error: `is not a readable Parquet file (${(error as Error).message})`, line: 0 };
    return;
  }
  for (let start = 0; start < total; start += PARQUET_ROWS_PER_READ) {
    const objects = await parquetReadObjects({ file, rowStart: start, rowEnd: Math.min(total, start + PARQUET_ROWS_PER_READ) });
    let i = start;
    for (const o of objects) yield { row: o as unknown as ExportRow, line: ++i };
  }
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
