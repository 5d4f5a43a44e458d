import "server-only";
import type { StoredSimilarity } from "@/lib/domain/ingest/duplicates";
import { bandRowId } from "@/lib/domain/ingest/sample-id";
import { Prisma } from "@/lib/generated/prisma/client";
import type { TSampleLabels } from "@/lib/schemas/label-schema";
import { db, type Db } from "@/lib/server/db";
import { inChunks, parameterList, rowsPerStatement, valueTuples } from "@/lib/server/sql-batches";

// The upload path's reads and writes of Sample and SampleBand, one statement per few thousand rows instead of
// Prisma's per-row work (an upload of 500 texts writes 500 samples and 8,000 band rows). Profiling showed
// createMany spending ~4 ms per item in the query compiler and row mapping; plain multi-row SQL spends a
// fraction of that. See the README, "Uploading samples", for the figures.

/** A checked item ready to be written: the Sample row's fields and its LSH band keys. */
export type NewSample = {
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

export type SampleOwner = { campaignId: string; contributorId: string; requiredReviews: number };

/** The sample of this campaign holding each content hash, for those that have one. */
export async function samplesByContentHash(campaignId: string, hashes: readonly string[]): Promise<Map<string, string>> {
  const byHash = new Map<string, string>();
  for (const chunk of inChunks([...new Set(hashes)], rowsPerStatement(1) - 1)) {
    const rows = await db.$queryRaw<{ id: string; contentHash: string }[]>`
      SELECT "id", "contentHash" FROM "Sample" WHERE "campaignId" = ${campaignId} AND "contentHash" IN (${parameterList(chunk)})`;
    for (const row of rows) byHash.set(row.contentHash, row.id);
  }
  return byHash;
}

/**
 * Samples of the campaign sharing any of these LSH band keys, by key, oldest first: an indexed lookup on
 * SampleBand (campaignId, bandKey), never a scan, and one query per few thousand keys for a whole upload.
 * `client` is for the bench, which times this very query against indexes of other sizes.
 */
export async function nearDuplicateCandidates(campaignId: string, bandKeys: readonly string[], client: Db = db): Promise<Map<string, StoredSimilarity[]>> {
  const byBand = new Map<string, StoredSimilarity[]>();
  const rows: { bandKey: string; sampleId: string; similarityHash: string | null; createdAt: Date }[] = [];
  for (const chunk of inChunks([...new Set(bandKeys)], rowsPerStatement(1) - 1)) {
    rows.push(
      ...(await client.$queryRaw<typeof rows>`
        SELECT b."bandKey" AS "bandKey", s."id" AS "sampleId", s."similarityHash" AS "similarityHash", s."createdAt" AS "createdAt"
        FROM "SampleBand" b JOIN "Sample" s ON s."id" = b."sampleId"
        WHERE b."campaignId" = ${campaignId} AND b."bandKey" IN (${parameterList(chunk)})`),
    );
  }
  rows.sort((a, b) => new Date(a.createdAt).getTime() - new Date(b.createdAt).getTime() || (a.sampleId < b.sampleId ? -1 : a.sampleId > b.sampleId ? 1 : 0));
  for (const row of rows) {
    if (!row.similarityHash) continue;
    const list = byBand.get(row.bandKey) ?? [];
    list.push({ sampleId: row.sampleId, similarityHash: row.similarityHash });
    byBand.set(row.bandKey, list);
  }
  return byBand;
}

const SAMPLE_COLUMNS = Prisma.sql`("id", "campaignId", "contributorId", "status", "requiredReviews", "contentHash", "mimeType", "sizeBytes", "textContent", "width", "height", "labels", "blobKey", "originalName", "similarityHash", "nearDuplicateOfId", "checks", "createdAt")`;
const SAMPLE_COLUMN_COUNT = 18;

function sampleValues(owner: SampleOwner, item: NewSample, createdAt: Date): unknown[] {
  return [
    item.id,
    owner.campaignId,
    owner.contributorId,
    "PENDING_REVIEW",
    owner.requiredReviews,
    item.contentHash,
    item.mimeType,
    item.sizeBytes,
    item.textContent,
    item.width,
    item.height,
    // Json columns take their JSON text (SQLite stores it as TEXT; PostgreSQL casts the parameter to jsonb).
    JSON.stringify(item.labels),
    item.bytes ? item.contentHash : null,
    item.originalName,
    item.similarityHash,
    item.nearDuplicateOfId,
    JSON.stringify(item.checks),
    createdAt,
  ];
}

/**
 * Inserts the samples and their band rows inside the caller's transaction and returns the ids it inserted. A
 * sample whose content another upload stored since the duplicate check is skipped (ON CONFLICT DO NOTHING, in
 * both SQLite and PostgreSQL) together with its bands, so that race costs that item, not the whole batch.
 */
export async function insertSamples(tx: Prisma.TransactionClient, owner: SampleOwner, items: readonly NewSample[]): Promise<Set<string>> {
  const inserted = new Set<string>();
  const createdAt = new Date();
  for (const chunk of inChunks(items, rowsPerStatement(SAMPLE_COLUMN_COUNT))) {
    const rows = await tx.$queryRaw<{ id: string }[]>`
      INSERT INTO "Sample" ${SAMPLE_COLUMNS} VALUES ${valueTuples(chunk.map((item) => sampleValues(owner, item, createdAt)))}
      ON CONFLICT ("campaignId", "contentHash") DO NOTHING RETURNING "id"`;
    for (const row of rows) inserted.add(row.id);
  }
  const bands = items.filter((item) => inserted.has(item.id)).flatMap((item) => item.bandKeys.map((bandKey, band) => [bandRowId(item.id, band), owner.campaignId, bandKey, item.id]));
  for (const chunk of inChunks(bands, rowsPerStatement(4))) {
    await tx.$executeRaw`INSERT INTO "SampleBand" ("id", "campaignId", "bandKey", "sampleId") VALUES ${valueTuples(chunk)}`;
  }
  return inserted;
}

/** Which of these blob keys no sample refers to any more (in any campaign: blobs are shared by content). */
export async function unreferencedBlobKeys(keys: readonly string[]): Promise<string[]> {
  const referenced = new Set<string>();
  for (const chunk of inChunks([...new Set(keys)], rowsPerStatement(1))) {
    const rows = await db.$queryRaw<{ blobKey: string }[]>`SELECT DISTINCT "blobKey" AS "blobKey" FROM "Sample" WHERE "blobKey" IN (${parameterList(chunk)})`;
    for (const row of rows) referenced.add(row.blobKey);
  }
  return keys.filter((key) => !referenced.has(key));
}
