import "server-only";
import type { StoredSimilarity } from "@/lib/domain/ingest/duplicates";
import { bandRowId } from "@/lib/domain/ingest/sample-id";
import type { TSampleLabels } from "@/lib/schemas/label-schema";
import { db } from "@/lib/server/db";
import { inChunks, parameterList, rowsPerStatement } from "@/lib/server/sql-batches";
import { directConnection, sqliteDateTime, type DirectConnection, type DirectStatement } from "@/lib/server/sqlite-direct";

// The upload path's reads and writes of Sample and SampleBand (an upload of 500 texts writes 500 samples and 8,000
// band rows), on the direct connection with statements prepared once (see sqlite-direct.ts for why not Prisma).
// See the README, "Uploading samples", for the figures.

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

/** `maxPending`: Campaign.maxPendingPerContributor, enforced inside the insert transaction (insertSamples). */
export type SampleOwner = { campaignId: string; contributorId: string; requiredReviews: number; maxPending: number };

/** What one insert transaction did: the ids it inserted, and those it refused because the pending cap was full. */
export type InsertResult = { inserted: Set<string>; capped: Set<string>; pending: number };

/** The sample of this campaign holding each content hash, for those that have one. */
export function samplesByContentHash(campaignId: string, hashes: readonly string[], connection: DirectConnection = directConnection()): Map<string, string> {
  const byHash = new Map<string, string>();
  const query = statementsOf(connection).sampleByHash;
  for (const chunk of paddedChunks([...new Set(hashes)], LOOKUP_KEYS_PER_STATEMENT)) {
    for (const row of query.all(campaignId, ...chunk) as { id: string; contentHash: string }[]) byHash.set(row.contentHash, row.id);
  }
  return byHash;
}

/**
 * Samples of the campaign sharing any of these LSH band keys, by key, oldest first: an indexed lookup on
 * SampleBand (campaignId, bandKey), never a scan, and one query per thousand keys for a whole upload.
 * `connection` is for the bench, which times this very query against indexes of other sizes.
 */
export function nearDuplicateCandidates(campaignId: string, bandKeys: readonly string[], connection: DirectConnection = directConnection()): Map<string, StoredSimilarity[]> {
  const byBand = new Map<string, StoredSimilarity[]>();
  const rows: { bandKey: string; sampleId: string; similarityHash: string | null; createdAt: string }[] = [];
  const query = statementsOf(connection).candidatesByBand;
  for (const chunk of paddedChunks([...new Set(bandKeys)], LOOKUP_KEYS_PER_STATEMENT)) {
    for (const row of query.all(campaignId, ...chunk) as typeof rows) rows.push(row);
  }
  const time = new Map(rows.map((row) => [row.createdAt, new Date(row.createdAt).getTime()]));
  rows.sort((a, b) => time.get(a.createdAt)! - time.get(b.createdAt)! || (a.sampleId < b.sampleId ? -1 : a.sampleId > b.sampleId ? 1 : 0));
  for (const row of rows) {
    if (!row.similarityHash) continue;
    const list = byBand.get(row.bandKey) ?? [];
    list.push({ sampleId: row.sampleId, similarityHash: row.similarityHash });
    byBand.set(row.bandKey, list);
  }
  return byBand;
}

/** How many samples of this contributor wait for review in the campaign (the pending cap's count). */
export function pendingSampleCount(campaignId: string, contributorId: string, connection: DirectConnection = directConnection()): number {
  const row = statementsOf(connection).pendingCount.get(campaignId, contributorId) as { count: number };
  return row.count;
}

const SAMPLE_COLUMNS = `("id", "campaignId", "contributorId", "status", "requiredReviews", "contentHash", "mimeType", "sizeBytes", "textContent", "width", "height", "labels", "blobKey", "originalName", "similarityHash", "nearDuplicateOfId", "checks", "createdAt")`;

/** Keys bound per lookup statement; the last chunk is padded with repeats, so each lookup has one prepared shape. */
const LOOKUP_KEYS_PER_STATEMENT = 500;

type Statements = { insertSample: DirectStatement; insertBand: DirectStatement; sampleByHash: DirectStatement; candidatesByBand: DirectStatement; pendingCount: DirectStatement };

// Prepared once per connection: compiling a statement costs more than running it for one row.
const statementCache = new WeakMap<DirectConnection, Statements>();

function statementsOf(connection: DirectConnection): Statements {
  let statements = statementCache.get(connection);
  if (!statements) {
    const keys = Array.from({ length: LOOKUP_KEYS_PER_STATEMENT }, () => "?").join(", ");
    statements = {
      insertSample: connection.prepare<unknown[]>(
        `INSERT INTO "Sample" ${SAMPLE_COLUMNS} VALUES (${Array.from({ length: 18 }, () => "?").join(", ")})
         ON CONFLICT ("campaignId", "contentHash") DO NOTHING RETURNING "id"`,
      ),
      insertBand: connection.prepare<unknown[]>(`INSERT INTO "SampleBand" ("id", "campaignId", "bandKey", "sampleId") VALUES (?, ?, ?, ?)`),
      sampleByHash: connection.prepare<unknown[]>(`SELECT "id", "contentHash" FROM "Sample" WHERE "campaignId" = ? AND "contentHash" IN (${keys})`),
      candidatesByBand: connection.prepare<unknown[]>(
        `SELECT b."bandKey" AS "bandKey", s."id" AS "sampleId", s."similarityHash" AS "similarityHash", s."createdAt" AS "createdAt"
         FROM "SampleBand" b JOIN "Sample" s ON s."id" = b."sampleId"
         WHERE b."campaignId" = ? AND b."bandKey" IN (${keys})`,
      ),
      pendingCount: connection.prepare<unknown[]>(
        `SELECT COUNT(*) AS "count" FROM "Sample" WHERE "campaignId" = ? AND "contributorId" = ? AND "status" = 'PENDING_REVIEW'`,
      ),
    };
    statementCache.set(connection, statements);
  }
  return statements;
}

/** Chunks of exactly `size` values (the last one filled up with its own first value; IN ignores repeats). */
function paddedChunks(values: readonly string[], size: number): string[][] {
  return inChunks(values, size).map((chunk) => (chunk.length === size ? chunk : [...chunk, ...Array.from({ length: size - chunk.length }, () => chunk[0]!)]));
}

/**
 * Inserts the samples and their band rows inside the caller's write transaction (see writeTransaction) and returns
 * the ids it inserted. A sample whose content another upload stored since the duplicate check is skipped (ON CONFLICT
 * DO NOTHING) together with its bands, so that race costs that item, not the whole batch. The contributor's pending
 * count is read here, under the write lock, so concurrent uploads cannot all pass a cap they each read before the
 * other's insert: items past the cap are left out (in order) and reported as capped.
 */
export function insertSamples(connection: DirectConnection, owner: SampleOwner, items: readonly NewSample[]): InsertResult {
  const { insertSample, insertBand, pendingCount } = statementsOf(connection);
  const inserted = new Set<string>();
  const capped = new Set<string>();
  let pending = (pendingCount.get(owner.campaignId, owner.contributorId) as { count: number }).count;
  const createdAt = sqliteDateTime(new Date());
  for (const item of items) {
    if (pending >= owner.maxPending) {
      capped.add(item.id);
      continue;
    }
    const row = insertSample.get(
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
      // Json columns hold their JSON text.
      JSON.stringify(item.labels),
      item.bytes ? item.contentHash : null,
      item.originalName,
      item.similarityHash,
      item.nearDuplicateOfId,
      JSON.stringify(item.checks),
      createdAt,
    );
    if (row === undefined) continue;
    inserted.add(item.id);
    pending++;
    for (let band = 0; band < item.bandKeys.length; band++) insertBand.run(bandRowId(item.id, band), owner.campaignId, item.bandKeys[band], item.id);
  }
  return { inserted, capped, pending };
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
