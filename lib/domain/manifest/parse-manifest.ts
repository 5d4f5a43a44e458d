// A bulk upload's manifest (JSONL or CSV) turned into items, or one precise error that names the line. The manifest
// is checked whole before anything is stored, so a bad manifest leaves nothing behind.
import { MAX_ITEMS_PER_UPLOAD } from "@/lib/domain/ingest/limits";
import { CsvError, parseCsv } from "./csv";

export type ManifestItem = { line: number; file?: string; text?: string; labels: string | string[] };
export type ManifestFormat = "jsonl" | "csv";
/** `tooManyItems`: the request carries more items than one may; the message is a whole sentence then. */
export type ManifestProblem = { line: number | null; message: string; tooManyItems?: true };
export type ManifestResult = { ok: true; items: ManifestItem[] } | { ok: false; problem: ManifestProblem };


// A plain file name: no directories, no "..", no control characters; what a browser or curl sends for a picked file.
const SAFE_NAME = /^[^/\\\x00-\x1f]{1,255}$/;

export function isSafeFileName(name: string): boolean {
  return SAFE_NAME.test(name) && name !== "." && name !== "..";
}

function fail(line: number | null, message: string): ManifestResult {
  return { ok: false, problem: { line, message } };
}

function toItem(line: number, raw: unknown): ManifestItem | string {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return "each line must be a JSON object";
  const { file, text, labels } = raw as Record<string, unknown>;
  if (file !== undefined && typeof file !== "string") return '"file" must be a string';
  if (text !== undefined && typeof text !== "string") return '"text" must be a string';
  if ((file === undefined) === (text === undefined)) return 'give either "file" or "text", not both or neither';
  if (typeof labels !== "string" && !(Array.isArray(labels) && labels.every((l) => typeof l === "string"))) {
    return '"labels" must be a string or an array of strings';
  }
  if (file !== undefined && !isSafeFileName(file)) return `"${file}" is not a plain file name (no folders, no "..")`;
  return { line, ...(file !== undefined ? { file } : { text: text as string }), labels: labels as string | string[] };
}

function parseJsonl(source: string): ManifestResult {
  const items: ManifestItem[] = [];
  const lines = source.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i]?.trim() ?? "";
    if (text === "") continue;
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      return fail(i + 1, `line ${i + 1} of the manifest is not valid JSON`);
    }
    const item = toItem(i + 1, raw);
    if (typeof item === "string") return fail(i + 1, `line ${i + 1} of the manifest: ${item}`);
    items.push(item);
  }
  return { ok: true, items };
}

function parseCsvManifest(source: string): ManifestResult {
  let rows;
  try {
    rows = parseCsv(source);
  } catch (error) {
    if (error instanceof CsvError) return fail(error.line, `the manifest's ${error.message}`);
    throw error;
  }
  const [header, ...body] = rows;
  if (!header) return fail(null, "the manifest is empty");
  const columns = header.fields.map((f) => f.trim().toLowerCase());
  const at = (name: string) => columns.indexOf(name);
  if (at("labels") < 0 || (at("file") < 0 && at("text") < 0)) return fail(1, 'the CSV header must name a "labels" column and a "file" or "text" column');
  const items: ManifestItem[] = [];
  for (const row of body) {
    if (row.fields.length !== columns.length) return fail(row.line, `line ${row.line} of the manifest has ${row.fields.length} fields, the header has ${columns.length}`);
    const value = (name: string) => (at(name) >= 0 ? row.fields[at(name)] || undefined : undefined);
    const labelsCell = value("labels") ?? "";
    const raw = { file: value("file"), text: value("text"), labels: labelsCell.includes("|") ? labelsCell.split("|").map((l) => l.trim()) : labelsCell };
    const item = toItem(row.line, raw);
    if (typeof item === "string") return fail(row.line, `line ${row.line} of the manifest: ${item}`);
    items.push(item);
  }
  return { ok: true, items };
}

/**
 * Parses and cross-checks a manifest against the names of the files that came with it: every named file must be
 * there, no item may appear twice, and no uploaded file may go unnamed.
 */
export function parseManifest(source: string, format: ManifestFormat, uploadedFiles: readonly string[]): ManifestResult {
  const parsed = format === "csv" ? parseCsvManifest(source) : parseJsonl(source);
  if (!parsed.ok) return parsed;
  const { items } = parsed;
  if (items.length === 0) return fail(null, "the manifest names no items");
  if (items.length > MAX_ITEMS_PER_UPLOAD) {
    const message = `This upload holds ${items.length} items; one request may carry at most ${MAX_ITEMS_PER_UPLOAD}. Split it into several requests.`;
    return { ok: false, problem: { line: null, message, tooManyItems: true } };
  }

  const files = new Set(uploadedFiles);
  const seen = new Map<string, number>();
  for (const item of items) {
    const key = item.file !== undefined ? `file:${item.file}` : `text:${item.text}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) return fail(item.line, `lines ${earlier} and ${item.line} of the manifest are the same item`);
    seen.set(key, item.line);
    if (item.file !== undefined && !files.has(item.file)) return fail(item.line, `line ${item.line} names "${item.file}", but no file of that name was uploaded`);
  }
  for (const name of files) {
    if (!seen.has(`file:${name}`)) return fail(null, `the file "${name}" was uploaded but the manifest does not name it`);
  }
  return { ok: true, items };
}
