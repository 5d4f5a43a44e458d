import type { TLabelSchema, TSampleLabels } from "@/lib/schemas/label-schema";
import type { CheckOutcome } from "./check-outcome";
import { textContentHashOfFingerprint } from "./content-hash";
import { detectContentType } from "./content-type";
import { textSimilarityOfFingerprint } from "./duplicates";
import { checkLabels } from "./label-validator";
import { maxUploadBytes } from "./limits";
import { refusal } from "./reasons";
import { checkSize } from "./size-check";
import { checkTextBytes } from "./text-content";
import { textFingerprint } from "./text-fingerprint";

// Every check of one item of a text campaign that needs neither the database nor the clock: size, real type, labels,
// text rules, then the content hash and the MinHash fingerprint. Pure and self-contained (its inputs and outputs are
// plain data), so the upload service can run it on worker threads (lib/server/ingest/text-check-pool.ts).

/** The campaign settings the checks read. */
export type TextItemRules = { labelSchema: TLabelSchema; textMinLength: number; textMaxLength: number };

/** A manifest line: typed text, or an uploaded file (already cut off and marked `tooLarge` past the size limit). */
export type TextItemInput = {
  labels: unknown;
  text?: string;
  file?: { name: string; bytes: Uint8Array; tooLarge: boolean; size: number };
};

/** A text item that passed: the Sample row's content fields and its LSH band keys. */
export type CheckedTextItem = {
  contentHash: string;
  mimeType: string;
  sizeBytes: number;
  textContent: string;
  labels: TSampleLabels;
  originalName: string | null;
  similarityHash: string;
  bandKeys: string[];
  checks: { contentType: string; sizeBytes: number; characters: number };
};

const encoder = new TextEncoder();

export async function checkTextItem(rules: TextItemRules, item: TextItemInput): Promise<CheckOutcome<CheckedTextItem>> {
  const bytes = item.file ? item.file.bytes : encoder.encode(item.text ?? "");
  const sizeBytes = item.file ? item.file.size : bytes.length;
  if (item.file?.tooLarge) return { ok: false, refusal: refusal("FILE_TOO_LARGE", { dataType: "TEXT", sizeBytes, maxBytes: maxUploadBytes("TEXT") }) };
  const size = checkSize("TEXT", sizeBytes, item.file ? "file" : "line");
  if (!size.ok) return size;
  const type = await detectContentType("TEXT", bytes, { fileName: item.file?.name, sentAs: item.file ? "file" : "line" });
  if (!type.ok) return type;
  const labels = checkLabels(rules.labelSchema, item.labels);
  if (!labels.ok) return labels;
  const text = checkTextBytes(bytes, { minLength: rules.textMinLength, maxLength: rules.textMaxLength });
  if (!text.ok) return text;

  // One fingerprint for both hashes (contentHash and minHashSignature would each compute it).
  const fingerprint = textFingerprint(text.value.text);
  const similarity = textSimilarityOfFingerprint(fingerprint);
  return {
    ok: true,
    value: {
      contentHash: textContentHashOfFingerprint(fingerprint),
      mimeType: type.value.mimeType,
      sizeBytes,
      textContent: text.value.text,
      labels: labels.value,
      originalName: item.file?.name ?? null,
      similarityHash: similarity.similarityHash,
      bandKeys: similarity.bandKeys,
      checks: { contentType: type.value.mimeType, sizeBytes, characters: text.value.length },
    },
  };
}
