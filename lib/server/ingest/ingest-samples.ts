import "server-only";
import { randomBytes } from "node:crypto";
import type { CheckOutcome } from "@/lib/domain/ingest/check-outcome";
import { contentHash } from "@/lib/domain/ingest/content-hash";
import { detectContentType } from "@/lib/domain/ingest/content-type";
import { checkExactDuplicate, checkNearDuplicate, closestNearDuplicate, imageSimilarityFingerprint, type StoredSimilarity } from "@/lib/domain/ingest/duplicates";
import { checkLabels } from "@/lib/domain/ingest/label-validator";
import { maxUploadBytes } from "@/lib/domain/ingest/limits";
import { refusal, type IngestRefusal } from "@/lib/domain/ingest/reasons";
import { sampleIdAt } from "@/lib/domain/ingest/sample-id";
import { checkSize } from "@/lib/domain/ingest/size-check";
import { checkPendingCap } from "@/lib/domain/ingest/upload-quotas";
import { AppError } from "@/lib/errors";
import type { UploadItemResult, UploadResponse } from "@/lib/schemas/upload-result";
import type { SessionUser } from "@/lib/server/auth/session";
import { getCampaign, type CampaignDetail } from "@/lib/server/campaigns/get-campaign";
import type { StorageProvider } from "@/lib/server/storage/storage-provider";
import { probeImage } from "./image-probe";
import { nearDuplicateCandidates, pendingSampleCount, samplesByContentHash, type NewSample } from "./sample-rows";
import { storeSamples, type StoreOutcome } from "./store-samples";
import { checkTextItems } from "./text-check-pool";

export type IngestItem = {
  line: number;
  labels: unknown;
  text?: string;
  file?: { name: string; bytes: Uint8Array; tooLarge: boolean; size: number };
};

type Prepared = NewSample & { line: number };

/** Runs every per-item check of an image that needs no database: size, real type, labels, decoding, hashes. */
async function prepareImage(campaign: CampaignDetail, item: IngestItem): Promise<CheckOutcome<Prepared>> {
  const dataType = campaign.dataType;
  const bytes = item.file ? item.file.bytes : new TextEncoder().encode(item.text ?? "");
  const sizeBytes = item.file ? item.file.size : bytes.length;
  if (item.file?.tooLarge) return { ok: false, refusal: refusal("FILE_TOO_LARGE", { dataType, sizeBytes, maxBytes: maxUploadBytes(dataType) }) };
  const size = checkSize(dataType, sizeBytes);
  if (!size.ok) return size;
  const type = await detectContentType(dataType, bytes, { fileName: item.file?.name });
  if (!type.ok) return type;
  const labels = checkLabels(campaign.labelSchema, item.labels);
  if (!labels.ok) return labels;

  const base = { line: item.line, id: newSampleId(), sizeBytes, labels: labels.value, originalName: item.file?.name ?? null, nearDuplicateOfId: null };
  const image = await probeImage(bytes);
  if (!image.ok) return image;
  const fingerprint = imageSimilarityFingerprint(image.value.dHash);
  return {
    ok: true,
    value: {
      ...base,
      contentHash: contentHash({ dataType: "IMAGE", bytes }),
      mimeType: image.value.mimeType,
      textContent: null,
      bytes,
      width: image.value.width,
      height: image.value.height,
      similarityHash: fingerprint.similarityHash,
      bandKeys: fingerprint.bandKeys,
      checks: { contentType: image.value.mimeType, sizeBytes, width: image.value.width, height: image.value.height },
    },
  };
}

/**
 * Every per-item check that needs no database, for each item in order. A text campaign's items are checked on the
 * text-check worker threads (text-check-pool.ts); images are probed here (sharp decodes on its own threads).
 */
async function prepareAll(campaign: CampaignDetail, items: readonly IngestItem[]): Promise<CheckOutcome<Prepared>[]> {
  if (campaign.dataType !== "TEXT") {
    const outcomes: CheckOutcome<Prepared>[] = [];
    for (const item of items) outcomes.push(await prepareImage(campaign, item));
    return outcomes;
  }
  const rules = { labelSchema: campaign.labelSchema, textMinLength: campaign.textMinLength, textMaxLength: campaign.textMaxLength };
  const checked = await checkTextItems(rules, items);
  // One draw of randomness for the whole upload's ids, not one call per item.
  const random = randomBytes(10 * checked.length);
  const now = Date.now();
  return checked.map((outcome, i): CheckOutcome<Prepared> => {
    if (!outcome.ok) return outcome;
    const text = outcome.value;
    const id = sampleIdAt(now, random.subarray(10 * i, 10 * i + 10));
    return { ok: true, value: { ...text, line: items[i]!.line, id, bytes: null, width: null, height: null, nearDuplicateOfId: null, checks: { ...text.checks } } };
  });
}

function newSampleId(): string {
  return sampleIdAt(Date.now(), randomBytes(10));
}

function refusedResult(line: number, r: IngestRefusal, duplicateOf?: string): UploadItemResult {
  return { line, status: "refused", code: r.code, message: r.message, httpStatus: r.status, ...(duplicateOf ? { duplicateOf } : {}) };
}

/**
 * Ingests a batch of items into a campaign. Every item is atomic: it is stored whole (row, LSH bands, blob) or not
 * at all, and the answer says which made it. Checks run before any write; the lookups and the writes are batched
 * for the whole upload (store-samples.ts: blobs first, all rows in one transaction, split in halves on failure).
 */
export async function ingestSamples(
  actor: SessionUser,
  campaignId: string,
  items: readonly IngestItem[],
  deps: { storage: StorageProvider },
): Promise<UploadResponse> {
  const campaign = await getCampaign({ id: campaignId }, actor);
  if (campaign.status !== "OPEN") throw new AppError("CONFLICT", `This campaign is ${campaign.status.toLowerCase()}: it does not accept uploads.`);

  const results = new Map<number, UploadItemResult>();
  const prepared: Prepared[] = [];
  for (const [i, outcome] of (await prepareAll(campaign, items)).entries()) {
    const line = items[i]!.line;
    if (outcome.ok) prepared.push(outcome.value);
    else results.set(line, refusedResult(line, outcome.refusal));
  }

  // Every lookup is one query (or a few) for the whole upload, never one per item.
  const existing = samplesByContentHash(campaign.id, prepared.map((p) => p.contentHash));
  const candidates = nearDuplicateCandidates(campaign.id, prepared.flatMap((p) => p.bandKeys));
  const pending = pendingSampleCount(campaign.id, actor.id);

  // Items are decided in manifest order, each against the campaign and against the items accepted before it in
  // this upload, so an upload cannot slip in two copies (exact or near) of one text.
  const accepted: Prepared[] = [];
  const acceptedByHash = new Map<string, string>();
  const acceptedByBand = new Map<string, StoredSimilarity[]>();
  for (const item of prepared) {
    const duplicateOf = existing.get(item.contentHash) ?? acceptedByHash.get(item.contentHash) ?? null;
    const exact = checkExactDuplicate(duplicateOf);
    if (!exact.ok) {
      results.set(item.line, refusedResult(item.line, exact.refusal, duplicateOf ?? undefined));
      continue;
    }
    const pool = new Map<string, StoredSimilarity>();
    // Stored samples first (oldest first), then this upload's, so a tie goes to the earliest.
    for (const key of item.bandKeys) for (const c of candidates.get(key) ?? []) pool.set(c.sampleId, c);
    for (const key of item.bandKeys) for (const c of acceptedByBand.get(key) ?? []) pool.set(c.sampleId, c);
    const match = closestNearDuplicate(campaign.dataType, item.similarityHash, [...pool.values()]);
    const near = checkNearDuplicate(match, campaign.nearDuplicatePolicy);
    if (!near.ok) {
      results.set(item.line, refusedResult(item.line, near.refusal, match?.sampleId));
      continue;
    }
    const cap = checkPendingCap(pending + accepted.length, campaign.maxPendingPerContributor);
    if (!cap.ok) {
      results.set(item.line, refusedResult(item.line, cap.refusal));
      continue;
    }
    item.nearDuplicateOfId = near.value.nearDuplicateOfId;
    if (match && item.nearDuplicateOfId) item.checks.nearDuplicate = { of: match.sampleId, similarity: match.similarity };
    accepted.push(item);
    acceptedByHash.set(item.contentHash, item.id);
    const own = { sampleId: item.id, similarityHash: item.similarityHash };
    for (const key of item.bandKeys) {
      const list = acceptedByBand.get(key);
      if (list) list.push(own);
      else acceptedByBand.set(key, [own]);
    }
  }

  const owner = { campaignId: campaign.id, contributorId: actor.id, requiredReviews: campaign.reviewsPerItem };
  const outcomes = await storeSamples(owner, accepted, deps.storage);
  for (const item of accepted) results.set(item.line, storedResult(item, outcomes.get(item.id)!));
  const ordered = [...results.values()].sort((a, b) => a.line - b.line);
  const queued = ordered.filter((r) => r.status === "queued").length;
  return { queued, refused: ordered.length - queued, results: ordered };
}

function storedResult(item: Prepared, outcome: StoreOutcome): UploadItemResult {
  switch (outcome.kind) {
    case "stored":
      return { line: item.line, status: "queued", sampleId: item.id, ...(item.nearDuplicateOfId ? { flaggedNearDuplicateOf: item.nearDuplicateOfId } : {}) };
    case "duplicate":
      // Another upload stored the same content between our duplicate check and our insert.
      return refusedResult(item.line, refusal("DUPLICATE_CONTENT", {}));
    case "failed":
      console.error("[ingest] storing an item failed", outcome.error);
      return { line: item.line, status: "refused", code: "STORE_FAILED", message: "This item could not be stored; nothing of it was kept. Please try again.", httpStatus: 500 };
  }
}
