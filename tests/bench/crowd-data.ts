import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Vote } from "../../lib/domain/consensus";

/**
 * Loader for public crowd-labeling benchmarks in the truth-inference layout:
 * answer.csv (question,worker,answer) and truth.csv (question,truth).
 */
export interface CrowdDataset {
  readonly name: string;
  /** Class names; a vote's label and a truth value are indices into it. */
  readonly classes: readonly string[];
  /** One vote per (question, worker): a worker who answered a question twice keeps the last answer. */
  readonly votes: readonly Vote[];
  /** Known answer per question id (often only part of the questions, sometimes some nobody answered). */
  readonly truth: ReadonlyMap<string, number>;
  readonly items: number;
  readonly workers: number;
  /** Earlier answers of a worker to a question they answered again (dropped). */
  readonly replacedAnswers: number;
  /** Rows without a question, worker or answer (answer.csv) or without a truth (truth.csv), skipped. */
  readonly skippedRows: number;
}

/**
 * RFC 4180 CSV: quoted fields may hold commas, doubled quotes and line breaks; CRLF or LF line ends;
 * a UTF-8 byte-order mark is dropped. Blank lines are skipped.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const endRow = () => {
    row.push(field);
    if (row.length > 1 || row[0] !== "") rows.push(row);
    row = [];
    field = "";
  };
  for (; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c !== '"') field += c;
      else if (text[i + 1] === '"') {
        field += '"';
        i++;
      } else quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n") endRow();
    else if (c !== "\r") field += c;
  }
  if (field !== "" || row.length > 0) endRow();
  return rows;
}

/** "1", "1.0" and " 1 " are one class; other strings are kept as written (trimmed). */
export function canonicalLabel(raw: string): string {
  const s = raw.trim();
  const n = Number(s);
  return s !== "" && Number.isFinite(n) ? String(n) : s;
}

/** Numeric classes in numeric order, anything else in code-unit order: stable across runs and machines. */
function sortClasses(labels: Iterable<string>): string[] {
  const unique = [...new Set(labels)];
  const numeric = unique.every((s) => s !== "" && Number.isFinite(Number(s)));
  return numeric ? unique.sort((a, b) => Number(a) - Number(b)) : unique.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function columns(header: string[], wanted: string[], file: string): number[] {
  const names = header.map((h) => h.trim().toLowerCase());
  return wanted.map((name, position) => {
    const at = names.indexOf(name);
    if (at >= 0) return at;
    if (header.length > position) return position;
    throw new Error(`${file} has no column "${name}".`);
  });
}

function readTable(file: string, wanted: string[]): { rows: string[][]; skipped: number } {
  if (!existsSync(file)) throw new Error(`${file} does not exist.`);
  const [header, ...rows] = parseCsv(readFileSync(file, "utf8"));
  if (!header) throw new Error(`${file} is empty.`);
  const at = columns(header, wanted, file);
  const complete = rows.map((r) => at.map((c) => (r[c] ?? "").trim())).filter((r) => r.every((field) => field !== ""));
  return { rows: complete, skipped: rows.length - complete.length };
}

/**
 * Reads a dataset directory. Answers are labels of any kind ("1", "1.0", "cat"); the classes are every
 * label that occurs in either file. A worker who answered a question more than once keeps the last
 * answer in file order (a corrected answer replaces the first; counting both would give that worker
 * two votes on one question, which the engine's independence assumption cannot absorb).
 */
export function loadCrowdDataset(dir: string): CrowdDataset {
  const answers = readTable(path.join(dir, "answer.csv"), ["question", "worker", "answer"]);
  const truths = readTable(path.join(dir, "truth.csv"), ["question", "truth"]);
  const classes = sortClasses([...answers.rows.map((a) => canonicalLabel(a[2]!)), ...truths.rows.map((t) => canonicalLabel(t[1]!))]);
  const classOf = new Map(classes.map((c, k) => [c, k]));
  const latest = new Map<string, Vote>();
  for (const [itemId, reviewerId, answer] of answers.rows) {
    // JSON of the pair: no separator character can make two different pairs collide.
    const key = JSON.stringify([itemId, reviewerId]);
    latest.delete(key);
    latest.set(key, { itemId: itemId!, reviewerId: reviewerId!, label: classOf.get(canonicalLabel(answer!))! });
  }
  const votes = [...latest.values()];
  const truth = new Map(truths.rows.map(([itemId, value]) => [itemId!, classOf.get(canonicalLabel(value!))!]));
  if (votes.length === 0) throw new Error(`${path.join(dir, "answer.csv")} has no answers.`);
  return {
    name: path.basename(path.resolve(dir)),
    classes,
    votes,
    truth,
    items: new Set(votes.map((v) => v.itemId)).size,
    workers: new Set(votes.map((v) => v.reviewerId)).size,
    replacedAnswers: answers.rows.length - votes.length,
    skippedRows: answers.skipped + truths.skipped,
  };
}
