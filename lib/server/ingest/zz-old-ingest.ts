import "server-only";
import { randomUUID } from "node:crypto";
import type { CheckOutcome } from "@/lib/domain/ingest/check-outcome";
import { contentHash } from "@/lib/domain/ingest/content-hash";
import { detectContentType } from "@/lib/domain/ingest/content-type";
import { checkExactDuplicate, checkNearDuplicate, closestNearDuplicate, imageSimilarityFingerprint, textSimilarityFingerprint, type StoredSimilarity } from "@/lib/domain/ingest/duplicates";
import { checkLabels } from "@/lib/domain/ingest/label-validator";
import { maxUploadBytes } from "@/lib/domain/ingest/limits";
import { refusal, type IngestRefusal } from "@/lib/domain/ingest/reasons";
import { checkSize } from "@/lib/domain/ingest/size-check";
import { checkTextBytes } from "@/lib/domain/ingest/text-content";
import { checkPendingCap } from "@/lib/domain/ingest/upload-quotas";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import type { TSampleLabels } from "@/lib/schemas/label-schema";
import type { UploadItemResult, UploadResponse } from "@/lib/schemas/upload-result";
import type { SessionUser } from "@/lib/server/auth/session";
import { getCampaign, type CampaignDetail } from "@/lib/server/campaigns/get-campaign";
import { db } from "@/lib/server/db";
import type { StorageProvider } from "@/lib/server/storage/storage-provider";
import { probeImage } from "@/lib/server/ingest/image-probe";

export type IngestItem = {
  line: number;
  labels: unknown;
  text?: string;
  file?: { name: string; bytes: Uint8Array; tooLarge: boolean; size: number };
};

type Prepared = {
  line: number;
  id: string;
  contentHash: string;
  mimeType: string;
  sizeBytes: number;
  textContent: string | null;
  bytes: Uint8Array | null;
  width: number | null;
  height: number | null;
  labels: TSampleLabels;
  originalName: string | null;
  similarityHash: string;
  bandKeys: string[];
  checks: Record<string, unknown>;
  nearDuplicateOfId: string | null;
};

const IN_CHUNK = 500;

/** Runs every per-item check that needs no database: size, real type, content, labels, hashes. */
async function prepare(campaign: CampaignDetail, item: IngestItem): Promise<CheckOutcome<Prepared>> {
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

  const base = { line: item.line, id: randomUUID(), sizeBytes, labels: labels.value, originalName: item.file?.name ?? null, nearDuplicateOfId: null };
  if (type.value.dataType === "TEXT") {
    const text = checkTextBytes(bytes, { minLength: campaign.textMinLength, maxLength: campaign.textMaxLength });
    if (!text.ok) return text;
    const fingerprint = textSimilarityFingerprint(text.value.text);
    return {
      ok: true,
      value: {
        ...base,
        contentHash: contentHash({ dataType: "TEXT", text: text.value.text }),
        mimeType: type.value.mimeType,
        textContent: text.value.text,
        bytes: null,
        width: null,
        height: null,
        similarityHash: fingerprint.similarityHash,
        bandKeys: fingerprint.bandKeys,
        checks: { contentType: type.value.mimeType, sizeBytes, characters: text.value.length },
      },
    };
  }
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

function chunks<T>(items: readonly T[], size = IN_CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Existing samples of the campaign whose LSH bands meet any of these keys: an index lookup, never a scan. */
async function nearDuplicateCandidates(campaignId: string, bandKeys: string[]): Promise<Map<string, StoredSimilarity[]>> {
  const byBand = new Map<string, StoredSimilarity[]>();
  const unique = [...new Set(bandKeys)];
  for (const keys of chunks(unique)) {
    const rows = await db.sampleBand.findMany({
      where: { campaignId, bandKey: { in: keys } },
      select: { bandKey: true, sample: { select: { id: true, similarityHash: true } } },
    });
    for (const row of rows) {
      if (!row.sample.similarityHash) continue;
      const list = byBand.get(row.bandKey) ?? [];
      list.push({ sampleId: row.sample.id, similarityHash: row.sample.similarityHash });
      byBand.set(row.bandKey, list);
    }
  }
  return byBand;
}

function refusedResult(line: number, r: IngestRefusal, duplicateOf?: string): UploadItemResult {
  return { line, status: "refused", code: r.code, message: r.message, httpStatus: r.status, ...(duplicateOf ? { duplicateOf } : {}) };
}

/**
 * Ingests a batch of items into a campaign. Every item is atomic: it is stored whole (row, LSH bands, blob) or not
 * at all, and the answer says which made it. Checks run before any write; blobs are written before the database
 * transaction and removed again if it fails, so a failure never leaves an orphan file or a half-stored item.
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
  for (const item of items) {
    const outcome = await prepare(campaign, item);
    if (outcome.ok) prepared.push(outcome.value);
    else results.set(item.line, refusedResult(item.line, outcome.refusal));
  }

  // Exact duplicates: within this upload, then against the campaign.
  const existing = new Map<string, string>();
  for (const hashes of chunks([...new Set(prepared.map((p) => p.contentHash))])) {
    const rows = await db.sample.findMany({ where: { campaignId, contentHash: { in: hashes } }, select: { id: true, contentHash: true } });
    for (const row of rows) existing.set(row.contentHash, row.id);
  }
  const candidates = await nearDuplicateCandidates(campaignId, prepared.flatMap((p) => p.bandKeys));
  const pending = await db.sample.count({ where: { campaignId, contributorId: actor.id, status: "PENDING_REVIEW" } });

  const accepted: Prepared[] = [];
  const acceptedByBand = new Map<string, StoredSimilarity[]>();
  for (const item of prepared) {
    const earlierInUpload = accepted.find((a) => a.contentHash === item.contentHash);
    const exact = checkExactDuplicate(existing.get(item.contentHash) ?? earlierInUpload?.id ?? null);
    if (!exact.ok) {
      results.set(item.line, refusedResult(item.line, exact.refusal, existing.get(item.contentHash)));
      continue;
    }
    const pool = new Map<string, StoredSimilarity>();
    for (const key of item.bandKeys) for (const c of [...(candidates.get(key) ?? []), ...(acceptedByBand.get(key) ?? [])]) pool.set(c.sampleId, c);
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
    for (const key of item.bandKeys) acceptedByBand.set(key, [...(acceptedByBand.get(key) ?? []), { sampleId: item.id, similarityHash: item.similarityHash }]);
  }

  for (const stored of await store(actor, campaign, accepted, deps.storage)) results.set(stored.line, stored);
  const ordered = [...results.values()].sort((a, b) => a.line - b.line);
  const queued = ordered.filter((r) => r.status === "queued").length;
  return { queued, refused: ordered.length - queued, results: ordered };
}

/** Writes blobs, then all rows in one transaction; if that fails, items are retried one by one to isolate the cause. */
async function store(actor: SessionUser, campaign: CampaignDetail, items: Prepared[], storage: StorageProvider): Promise<UploadItemResult[]> {
  if (items.length === 0) return [];
  const created: string[] = [];
  try {
    for (const item of items) {
      if (!item.bytes) continue;
      const put = await storage.put(item.contentHash, item.bytes, { contentType: item.mimeType });
      if (put.created) created.push(put.key);
    }
    await insertRows(actor, campaign, items);
    return items.map(queuedResult);
  } catch (error) {
    await Promise.all(created.map((key) => storage.delete(key).catch(() => undefined)));
    if (items.length === 1) return [failedResult(items[0]!, error)];
    const out: UploadItemResult[] = [];
    for (const item of items) out.push(...(await store(actor, campaign, [item], storage)));
    return out;
  }
}

async function insertRows(actor: SessionUser, campaign: CampaignDetail, items: Prepared[]): Promise<void> {
  await db.$transaction(async (tx) => {
    for (const group of chunks(items, 200)) {
      await tx.sample.createMany({
        data: group.map((item) => ({
          id: item.id,
          campaignId: campaign.id,
          contributorId: actor.id,
          status: "PENDING_REVIEW" as const,
          // Review slots start at the campaign's k; disagreement raises them later (lib/server/reviews/decide-sample.ts).
          requiredReviews: campaign.reviewsPerItem,
          contentHash: item.contentHash,
          mimeType: item.mimeType,
          sizeBytes: item.sizeBytes,
          textContent: item.textContent,
          width: item.width,
          height: item.height,
          labels: item.labels as Prisma.InputJsonValue,
          blobKey: item.bytes ? item.contentHash : null,
          originalName: item.originalName,
          similarityHash: item.similarityHash,
          nearDuplicateOfId: item.nearDuplicateOfId,
          checks: item.checks as Prisma.InputJsonValue,
        })),
      });
      await tx.sampleBand.createMany({ data: group.flatMap((item) => item.bandKeys.map((bandKey) => ({ id: randomUUID(), campaignId: campaign.id, bandKey, sampleId: item.id }))) });
    }
  });
}

function queuedResult(item: Prepared): UploadItemResult {
  return { line: item.line, status: "queued", sampleId: item.id, ...(item.nearDuplicateOfId ? { flaggedNearDuplicateOf: item.nearDuplicateOfId } : {}) };
}

function failedResult(item: Prepared, error: unknown): UploadItemResult {
  // Another upload stored the same content between our duplicate check and our insert.
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
    return refusedResult(item.line, refusal("DUPLICATE_CONTENT", {}));
  }
  console.error("[ingest] storing an item failed", error);
  return { line: item.line, status: "refused", code: "STORE_FAILED", message: "This item could not be stored; nothing of it was kept. Please try again.", httpStatus: 500 };
}
