// The near-duplicate lookup against a SQLite index of 10,000 and of 100,000 samples, and its precision and recall.
//
// The index is filled directly with better-sqlite3 (fast, untimed) with the product's real fingerprints; the
// timed lookups are the product's own: nearDuplicateCandidates from lib/server/ingest/sample-rows.ts (SampleBand by
// (campaignId, bandKey) joined to the sample's similarityHash, one prepared IN list per 500 keys), then
// closestNearDuplicate + checkNearDuplicate over the candidates, as ingest-samples.ts does.
import { randomUUID } from "node:crypto";
import Database from "better-sqlite3";
import { contentHash } from "../../../lib/domain/ingest/content-hash";
import { TEXT_MIME_TYPE } from "../../../lib/domain/ingest/content-type";
import { checkNearDuplicate, closestNearDuplicate, type SimilarityFingerprint, type StoredSimilarity } from "../../../lib/domain/ingest/duplicates";
import type { PrismaClient } from "../../../lib/generated/prisma/client";
import { nearDuplicateCandidates } from "../../../lib/server/ingest/sample-rows";
import { createContributor, createTextCampaign } from "./db";
import type { GeneratedText } from "./texts";

/** `connection`: a better-sqlite3 connection of the file, for the product's lookup (as the app's ingest connection). */
export type IndexedDb = { db: PrismaClient; connection: Database.Database; file: string; campaignId: string; ids: string[] };

/** Creates a contributor and a campaign with Prisma, then writes the samples and their bands in one transaction. */
export async function fillIndex(db: PrismaClient, file: string, texts: readonly GeneratedText[], fingerprints: readonly SimilarityFingerprint[]): Promise<IndexedDb> {
  const user = await createContributor(db, "index filler");
  const campaign = await createTextCampaign(db, "near-duplicate index", 1_000_000);
  const sqlite = new Database(file);
  // A throwaway file: no durability needed while filling, and a cache that holds the indexes (1.6 M band rows).
  sqlite.pragma("synchronous = OFF");
  sqlite.pragma("cache_size = -1000000");
  sqlite.pragma("temp_store = MEMORY");
  const sample = sqlite.prepare(
    `INSERT INTO "Sample" ("id", "campaignId", "contributorId", "status", "contentHash", "mimeType", "sizeBytes", "textContent", "labels", "similarityHash", "checks", "createdAt")
     VALUES (?, ?, ?, 'PENDING_REVIEW', ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const band = sqlite.prepare(`INSERT INTO "SampleBand" ("id", "campaignId", "bandKey", "sampleId") VALUES (?, ?, ?, ?)`);
  const ids = texts.map(() => randomUUID());
  const start = Date.now() - texts.length * 1000;
  const insert = sqlite.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const { text, label } = texts[i]!;
      const bytes = Buffer.byteLength(text);
      const checks = JSON.stringify({ contentType: TEXT_MIME_TYPE, sizeBytes: bytes, characters: text.length });
      const createdAt = new Date(start + i * 1000).toISOString().replace("Z", "+00:00");
      sample.run(ids[i], campaign.id, user.id, contentHash({ dataType: "TEXT", text }), TEXT_MIME_TYPE, bytes, text, JSON.stringify(label), fingerprints[i]!.similarityHash, checks, createdAt);
      for (const key of fingerprints[i]!.bandKeys) band.run(randomUUID(), campaign.id, key, ids[i]);
    }
  });
  // Secondary indexes are dropped for the fill and built again after it, with their own DDL: sorting once is
  // much faster than 1.6 M random B-tree inserts, and the schema ends up exactly as migrated.
  const indexes = sqlite
    .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('Sample', 'SampleBand') AND sql IS NOT NULL`)
    .all() as { name: string; sql: string }[];
  for (const index of indexes) sqlite.exec(`DROP INDEX "${index.name}"`);
  for (let i = 0; i < texts.length; i += 10_000) insert(i, Math.min(texts.length, i + 10_000));
  for (const index of indexes) sqlite.exec(index.sql);
  sqlite.pragma("wal_checkpoint(TRUNCATE)");
  sqlite.close();
  return { db, connection: new Database(file, { readonly: true }), file, campaignId: campaign.id, ids };
}

type Candidates = Map<string, StoredSimilarity[]>;

/**
 * How candidates are fetched. "in_list" is the product's query (nearDuplicateCandidates, portable SQL); "json_each"
 * is the SQLite-only alternative measured for comparison: one raw query with the keys as one JSON parameter.
 */
export type LookupVia = "in_list" | "json_each";

export const PRODUCT_LOOKUP: LookupVia = "in_list";

function candidatesOf(index: IndexedDb, bandKeys: readonly string[], via: LookupVia): Candidates {
  if (via === "in_list") return nearDuplicateCandidates(index.campaignId, bandKeys, index.connection);
  const byBand: Candidates = new Map();
  const unique = [...new Set(bandKeys)];
  if (unique.length === 0) return byBand;
  // On the same better-sqlite3 connection as the product's query, so the two differ only in how keys are bound.
  const rows = index.connection
    .prepare(
      `SELECT b."bandKey" AS "bandKey", s."id" AS "sampleId", s."similarityHash" AS "similarityHash"
       FROM "SampleBand" b JOIN "Sample" s ON s."id" = b."sampleId"
       WHERE b."campaignId" = ? AND b."bandKey" IN (SELECT value FROM json_each(?))`,
    )
    .all(index.campaignId, JSON.stringify(unique)) as { bandKey: string; sampleId: string; similarityHash: string | null }[];
  for (const row of rows) {
    if (!row.similarityHash) continue;
    const list = byBand.get(row.bandKey) ?? [];
    list.push({ sampleId: row.sampleId, similarityHash: row.similarityHash });
    byBand.set(row.bandKey, list);
  }
  return byBand;
}

export type Decision = { candidates: number; candidateIds: string[]; matchId: string | null; similarity: number | null; refused: boolean };

/** ingest-samples.ts's per-item decision: the pool of candidates over the item's bands, the closest, the policy. */
function decide(item: SimilarityFingerprint, candidates: Candidates): Decision {
  const pool = new Map<string, StoredSimilarity>();
  for (const key of item.bandKeys) for (const c of candidates.get(key) ?? []) pool.set(c.sampleId, c);
  const match = closestNearDuplicate("TEXT", item.similarityHash, [...pool.values()]);
  const outcome = checkNearDuplicate(match, "REFUSE");
  return { candidates: pool.size, candidateIds: [...pool.keys()], matchId: match?.sampleId ?? null, similarity: match?.similarity ?? null, refused: !outcome.ok };
}

/** One item checked on its own, as a one-item upload does: one indexed query for its 16 band keys, then decide. */
export async function checkOne(index: IndexedDb, item: SimilarityFingerprint, via: LookupVia = PRODUCT_LOOKUP): Promise<Decision> {
  return decide(item, candidatesOf(index, item.bandKeys, via));
}

/** A whole batch checked as one upload of it does: the band keys of all items in chunked queries, then decide each. */
export async function checkBatch(index: IndexedDb, items: readonly SimilarityFingerprint[], via: LookupVia = PRODUCT_LOOKUP): Promise<Decision[]> {
  const candidates = candidatesOf(index, items.flatMap((item) => item.bandKeys), via);
  return items.map((item) => decide(item, candidates));
}

export type LookupTiming = { msPerItem: number; batchMsPerItem: number; meanCandidates: number; refused: number };

/** Times the query items one by one, then as one batch. */
export async function timeLookups(index: IndexedDb, items: readonly SimilarityFingerprint[], via: LookupVia = PRODUCT_LOOKUP): Promise<LookupTiming> {
  let candidates = 0;
  let refused = 0;
  const started = performance.now();
  for (const item of items) {
    const decision = await checkOne(index, item, via);
    candidates += decision.candidates;
    if (decision.refused) refused++;
  }
  const single = (performance.now() - started) / items.length;
  const batchStarted = performance.now();
  await checkBatch(index, items, via);
  const batch = (performance.now() - batchStarted) / items.length;
  return { msPerItem: single, batchMsPerItem: batch, meanCandidates: candidates / items.length, refused };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
