import "server-only";
import { randomBytes } from "node:crypto";
import type { CheckOutcome } from "@/lib/domain/ingest/check-outcome";
import { sha256Hex } from "@/lib/domain/ingest/content-hash";
import { detectContentType } from "@/lib/domain/ingest/content-type";
import { imageSimilarityFingerprint } from "@/lib/domain/ingest/duplicates";
import { checkLabels } from "@/lib/domain/ingest/label-validator";
import { maxUploadBytes } from "@/lib/domain/ingest/limits";
import { checkPixelBudget } from "@/lib/domain/ingest/pixel-budget";
import { refusal, type IngestRefusal } from "@/lib/domain/ingest/reasons";
import { sampleIdAt } from "@/lib/domain/ingest/sample-id";
import { checkSize } from "@/lib/domain/ingest/size-check";
import type { TSampleLabels } from "@/lib/schemas/label-schema";
import type { CampaignDetail } from "@/lib/server/campaigns/get-campaign";
import type { ImageDecoder, ImageHeader, ImageProbe } from "./image-probe";
import { readImageHeader } from "./image-probe";
import type { IngestItem } from "./ingest-samples";
import { samplesByContentHash, type NewSample } from "./sample-rows";

export type Prepared = NewSample & { line: number };
/** A refusal, with the stored sample an exact duplicate repeats. */
export type PrepareOutcome = CheckOutcome<Prepared> | { ok: false; refusal: IngestRefusal; duplicateOf: string };

type Headed = { item: IngestItem; bytes: Uint8Array; sizeBytes: number; labels: TSampleLabels; hash: string; header: ImageHeader };

/**
 * The per-item checks of an image upload, ordered so that decoding comes last and happens at most once per
 * distinct content: the cheap checks and the header of every item, then the exact duplicates already stored in the
 * campaign (refused without a decode), then the request's pixel budget over the distinct contents left (the whole
 * request refused before any decode), then one decode per distinct content, shared by its copies (which the
 * caller then refuses as duplicates of the first).
 */
export async function prepareImages(campaign: CampaignDetail, items: readonly IngestItem[], decode: ImageDecoder): Promise<PrepareOutcome[]> {
  const outcomes: PrepareOutcome[] = new Array(items.length);
  const headed = new Map<number, Headed>();
  const headers = new Map<string, Promise<CheckOutcome<ImageHeader>>>();
  for (const [i, item] of items.entries()) {
    const early = await cheapChecks(campaign, item);
    if (!early.ok) {
      outcomes[i] = early;
      continue;
    }
    const { bytes, sizeBytes, labels } = early.value;
    const hash = sha256Hex(bytes);
    let header = headers.get(hash);
    if (!header) headers.set(hash, (header = readImageHeader(bytes)));
    const read = await header;
    if (!read.ok) outcomes[i] = read;
    else headed.set(i, { item, bytes, sizeBytes, labels, hash, header: read.value });
  }

  const stored = samplesByContentHash(campaign.id, [...headed.values()].map((h) => h.hash));
  const toDecode = new Map<string, Headed>();
  for (const [i, h] of headed) {
    const duplicateOf = stored.get(h.hash);
    if (duplicateOf !== undefined) {
      outcomes[i] = { ok: false, refusal: refusal("DUPLICATE_CONTENT", {}), duplicateOf };
      headed.delete(i);
    } else if (!toDecode.has(h.hash)) toDecode.set(h.hash, h);
  }
  checkPixelBudget([...toDecode.values()].map((h) => h.header.width * h.header.height));

  const decoded = new Map<string, CheckOutcome<ImageProbe>>();
  for (const [hash, h] of toDecode) decoded.set(hash, await decode(h.bytes, h.header));
  const random = randomBytes(10 * items.length);
  const now = Date.now();
  for (const [i, h] of headed) {
    const image = decoded.get(h.hash)!;
    if (!image.ok) {
      outcomes[i] = image;
      continue;
    }
    const { mimeType, width, height, dHash } = image.value;
    const fingerprint = imageSimilarityFingerprint(dHash);
    outcomes[i] = {
      ok: true,
      value: {
        line: h.item.line,
        id: sampleIdAt(now, random.subarray(10 * i, 10 * i + 10)),
        sizeBytes: h.sizeBytes,
        labels: h.labels,
        originalName: h.item.file?.name ?? null,
        nearDuplicateOfId: null,
        contentHash: h.hash,
        mimeType,
        textContent: null,
        bytes: h.bytes,
        width,
        height,
        similarityHash: fingerprint.similarityHash,
        bandKeys: fingerprint.bandKeys,
        checks: { contentType: mimeType, sizeBytes: h.sizeBytes, width, height },
      },
    };
  }
  return outcomes;
}

/** Size, real type and labels: the checks that need neither the database nor a decoder. */
async function cheapChecks(campaign: CampaignDetail, item: IngestItem): Promise<CheckOutcome<{ bytes: Uint8Array; sizeBytes: number; labels: TSampleLabels }>> {
  const dataType = campaign.dataType;
  const bytes = item.file ? item.file.bytes : new TextEncoder().encode(item.text ?? "");
  const sizeBytes = item.file ? item.file.size : bytes.length;
  if (item.file?.tooLarge) return { ok: false, refusal: refusal("FILE_TOO_LARGE", { dataType, sizeBytes, maxBytes: maxUploadBytes(dataType) }) };
  const size = checkSize(dataType, sizeBytes, item.file ? "file" : "line");
  if (!size.ok) return size;
  const type = await detectContentType(dataType, bytes, { fileName: item.file?.name, sentAs: item.file ? "file" : "line" });
  if (!type.ok) return type;
  const labels = checkLabels(campaign.labelSchema, item.labels);
  if (!labels.ok) return labels;
  return { ok: true, value: { bytes, sizeBytes, labels: labels.value } };
}
