import "server-only";
import { randomBytes } from "node:crypto";
import type { CheckOutcome } from "@/lib/domain/ingest/check-outcome";
import { checkExactDuplicate, checkNearDuplicate, closestNearDuplicate, type StoredSimilarity } from "@/lib/domain/ingest/duplicates";
import { refusal, type IngestRefusal } from "@/lib/domain/ingest/reasons";
import { sampleIdAt } from "@/lib/domain/ingest/sample-id";
import { checkPendingCap } from "@/lib/domain/ingest/upload-quotas";
import { AppError } from "@/lib/errors";
import type { UploadItemResult, UploadResponse } from "@/lib/schemas/upload-result";
import type { SessionUser } from "@/lib/server/auth/session";
import { getCampaign, type CampaignDetail } from "@/lib/server/campaigns/get-campaign";
import type { StorageProvider } from "@/lib/server/storage/storage-provider";
import { decodeImage, type ImageDecoder } from "./image-probe";
import { prepareImages, type Prepared, type PrepareOutcome } from "./prepare-images";
import { nearDuplicateCandidates, pendingSampleCount, samplesByContentHash } from "./sample-rows";
import { storeSamples, type StoreOutcome } from "./store-samples";
import { checkTextItems } from "./text-check-pool";
import { keepOwnDuplicateLinks } from "./own-duplicates";

export type IngestItem = {
  line: number;
  labels: unknown;
  text?: string;
  file?: { name: string; bytes: Uint8Array; tooLarge: boolean; size: number };
};

/**
 * Every per-item check that needs no database, for each item in order. A text campaign's items are checked on the
 * text-check worker threads (text-check-pool.ts); images in prepare-images.ts (sharp decodes on its own threads).
 */
async function prepareAll(campaign: CampaignDetail, items: readonly IngestItem[], decode: ImageDecoder): Promise<PrepareOutcome[]> {
  if (campaign.dataType !== "TEXT") return prepareImages(campaign, items, decode);
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
  deps: { storage: StorageProvider; decodeImage?: ImageDecoder },
): Promise<UploadResponse> {
  const campaign = await getCampaign({ id: campaignId }, actor);
  if (campaign.status !== "OPEN") throw new AppError("CONFLICT", `This campaign is ${campaign.status.toLowerCase()}: it does not accept uploads.`);

  const results = new Map<number, UploadItemResult>();
  const prepared: Prepared[] = [];
  for (const [i, outcome] of (await prepareAll(campaign, items, deps.decodeImage ?? decodeImage)).entries()) {
    const line = items[i]!.line;
    if (outcome.ok) prepared.push(outcome.value);
    else results.set(line, refusedResult(line, outcome.refusal, "duplicateOf" in outcome ? outcome.duplicateOf : undefined));
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

  const owner = { campaignId: campaign.id, contributorId: actor.id, requiredReviews: campaign.reviewsPerItem, maxPending: campaign.maxPendingPerContributor };
  const outcomes = await storeSamples(owner, accepted, deps.storage);
  for (const item of accepted) results.set(item.line, storedResult(item, outcomes.get(item.id)!, campaign.maxPendingPerContributor));
  const ordered = keepOwnDuplicateLinks(actor.id, [...results.values()].sort((a, b) => a.line - b.line));
  const queued = ordered.filter((r) => r.status === "queued").length;
  return { queued, refused: ordered.length - queued, results: ordered };
}

function storedResult(item: Prepared, outcome: StoreOutcome, maxPending: number): UploadItemResult {
  switch (outcome.kind) {
    case "stored":
      return { line: item.line, status: "queued", sampleId: item.id, ...(item.nearDuplicateOfId ? { flaggedNearDuplicateOf: item.nearDuplicateOfId } : {}) };
    case "duplicate":
      // Another upload stored the same content between our duplicate check and our insert.
      return refusedResult(item.line, refusal("DUPLICATE_CONTENT", {}));
    case "capped":
      // Concurrent uploads of this contributor filled the cap between our early count and our insert.
      return refusedResult(item.line, refusal("PENDING_CAP_REACHED", { pending: outcome.pending, maxPending }));
    case "failed":
      console.error("[ingest] storing an item failed", outcome.error);
      return { line: item.line, status: "refused", code: "STORE_FAILED", message: "This item could not be stored; nothing of it was kept. Please try again.", httpStatus: 500 };
  }
}
