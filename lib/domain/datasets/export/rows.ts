// One exported row per sample of a version, in position order. The same columns in every format, so that a
// Parquet, JSONL or CSV download of a version carries exactly the same facts, and the verifier can rebuild every
// Merkle leaf (sample id, content sha256, labels, contributor) from any of them.
import { canonicalLabelJson } from "@/lib/domain/datasets/merkle-leaf";
import { formatCsvRow } from "@/lib/domain/manifest/csv";
import { mediaPath } from "./layout";

/** What a version's rows look like: text or a media file, one label or a list of labels. */
export type RowShape = { media: boolean; multiLabel: boolean };

/** A frozen membership row joined with what the buyer receives of the sample. */
export type ExportSource = {
  sampleId: string;
  labelJson: string;
  contentSha256: string;
  contributor: string;
  posterior: number | null;
  /** Text samples: the stored text. Media samples: null. */
  text: string | null;
  mimeType: string;
};

export type ExportRow = {
  sample_id: string;
  text?: string;
  file?: string;
  label?: string;
  labels?: string[];
  contributor: string;
  posterior: number | null;
  content_sha256: string;
};

export function columnNames(shape: RowShape): string[] {
  return ["sample_id", shape.media ? "file" : "text", shape.multiLabel ? "labels" : "label", "contributor", "posterior", "content_sha256"];
}

export function exportRow(source: ExportSource, shape: RowShape): ExportRow {
  const labels: unknown = JSON.parse(source.labelJson);
  const row: ExportRow = { sample_id: source.sampleId, contributor: source.contributor, posterior: source.posterior, content_sha256: source.contentSha256 };
  if (shape.media) row.file = mediaPath(source.contentSha256, source.mimeType);
  else {
    if (source.text === null) throw new Error(`sample ${source.sampleId} of a text dataset has no text`);
    row.text = source.text;
  }
  if (shape.multiLabel) {
    if (!Array.isArray(labels)) throw new Error(`sample ${source.sampleId} has one label in a multi-label dataset`);
    row.labels = labels.map(String);
  } else {
    if (typeof labels !== "string") throw new Error(`sample ${source.sampleId} has a label list in a single-label dataset`);
    row.label = labels;
  }
  // Keys in column order, so JSONL lines read the same way as the CSV header.
  return Object.fromEntries(columnNames(shape).map((c) => [c, row[c as keyof ExportRow]])) as ExportRow;
}

/** The leaf's label JSON back from a row: the canonical form, so a re-ordered list still matches its leaf. */
export function rowLabelJson(row: Pick<ExportRow, "label" | "labels">): string {
  if (row.labels !== undefined) return canonicalLabelJson(row.labels);
  if (row.label !== undefined) return canonicalLabelJson(row.label);
  throw new Error("the row has neither label nor labels");
}

/** Multi-labels in a CSV cell, separated by "|" as in the upload manifest. */
export const CSV_LABEL_SEPARATOR = "|";

export function jsonlLine(row: ExportRow): string {
  return `${JSON.stringify(row)}\n`;
}

export function csvHeader(shape: RowShape): string {
  return formatCsvRow(columnNames(shape));
}

export function csvLine(row: ExportRow, shape: RowShape): string {
  return formatCsvRow(
    columnNames(shape).map((c) => {
      const v = row[c as keyof ExportRow];
      if (v === null || v === undefined) return "";
      if (Array.isArray(v)) return v.join(CSV_LABEL_SEPARATOR);
      return String(v);
    }),
  );
}

/** A CSV record (header already matched) back to a row; the inverse of csvLine. */
export function rowFromCsv(header: string[], fields: string[]): ExportRow {
  const get = (name: string) => fields[header.indexOf(name)];
  const row: ExportRow = { sample_id: get("sample_id") ?? "", contributor: get("contributor") ?? "", posterior: get("posterior") ? Number(get("posterior")) : null, content_sha256: get("content_sha256") ?? "" };
  if (header.includes("file")) row.file = get("file");
  if (header.includes("text")) row.text = get("text");
  if (header.includes("labels")) row.labels = (get("labels") ?? "") === "" ? [] : (get("labels") ?? "").split(CSV_LABEL_SEPARATOR);
  if (header.includes("label")) row.label = get("label");
  return row;
}
