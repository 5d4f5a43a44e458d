import "server-only";
import { directConnection, newRowId, sqliteDateTime, statement, writeTransaction } from "@/lib/server/sqlite-direct";
import { readConnection } from "@/lib/server/read-connection";
import type { DecidedSample, FlagRow } from "./flag-reversals";

// The rows a background fit's reconcile reads and writes for a whole campaign (see consensus-fit.ts): its waiting
// and decided samples (hundreds of thousands at scale), the flags already recorded and the new ones. Through SQLite's
// own driver (read-connection.ts, sqlite-direct.ts for the writes): through Prisma each row costs an object of its
// client, and each flag written a query compiled with its whole JSON. Plain SQL, quoted identifiers. "flagged" is
// tested as a bare boolean: `= 1` would lead SQLite's planner to the index on flagged, every flag of every campaign,
// instead of the sample's own decisions.

/** Waiting samples (gold items never wait: they are never decided). */
export function readPendingSamples(campaignId: string): { id: string; requiredReviews: number }[] {
  return readConnection()
    .prepare<[string], { id: string; requiredReviews: number }>(
      `SELECT s."id", s."requiredReviews" FROM "Sample" AS s
       WHERE s."campaignId" = ? AND s."status" = 'PENDING_REVIEW' AND NOT EXISTS (SELECT 1 FROM "GoldItem" AS g WHERE g."sampleId" = s."id")`,
    )
    .all(campaignId);
}

/**
 * Escalated samples nobody has taken up yet (no admin resolved them, no appeal names them): a newer model may decide
 * them, so each fit tries again.
 */
export function readEscalatedSamples(campaignId: string): string[] {
  return readConnection()
    .prepare<[string], string>(
      `SELECT s."id" FROM "Sample" AS s
       WHERE s."campaignId" = ? AND s."status" = 'ESCALATED' AND NOT EXISTS (SELECT 1 FROM "Appeal" AS a WHERE a."sampleId" = s."id")`,
    )
    .pluck(true)
    .all(campaignId);
}

/** The campaign's decided samples, status by status (so no status is read per row), one at a time. */
export function* readDecidedSamples(campaignId: string): Generator<DecidedSample> {
  const connection = readConnection();
  const accepted = connection.prepare<[string], [string, string | null]>(`SELECT "id", "consensusLabel" FROM "Sample" WHERE "campaignId" = ? AND "status" = 'ACCEPTED'`).raw(true);
  for (const [id, consensusLabel] of accepted.iterate(campaignId)) yield { id, status: "ACCEPTED", consensusLabel };
  const rejected = connection.prepare<[string], string>(`SELECT "id" FROM "Sample" WHERE "campaignId" = ? AND "status" = 'REJECTED'`).pluck(true);
  for (const id of rejected.iterate(campaignId)) yield { id, status: "REJECTED", consensusLabel: null };
}

/** Keys bound per lookup: one prepared shape, the last chunk padded with repeats (IN ignores them). */
const KEYS_PER_LOOKUP = 500;

/** "sampleId:outcome" of every flagged decision of these samples. */
export function flaggedOutcomes(sampleIds: readonly string[]): Set<string> {
  const seen = new Set<string>();
  if (sampleIds.length === 0) return seen;
  const lookup = statement(
    `SELECT "sampleId", "outcome" FROM "ConsensusDecision" WHERE "sampleId" IN (${Array.from({ length: KEYS_PER_LOOKUP }, () => "?").join(", ")}) AND "flagged"`,
    readConnection(),
  ).raw(true);
  for (let start = 0; start < sampleIds.length; start += KEYS_PER_LOOKUP) {
    const chunk = sampleIds.slice(start, start + KEYS_PER_LOOKUP);
    while (chunk.length < KEYS_PER_LOOKUP) chunk.push(chunk[0]!);
    for (const [sampleId, outcome] of lookup.iterate(...chunk) as IterableIterator<[string, string]>) seen.add(`${sampleId}:${outcome}`);
  }
  return seen;
}

/**
 * Writes flagged decisions in one short write transaction, each unless the sample got a flag with that outcome since
 * `flaggedOutcomes` was read (another fitter's reconcile). Ids are UUIDv7, as samples' (time-ordered, so the inserts
 * append to the primary-key index). Returns how many were written.
 */
export async function insertFlags(flags: readonly FlagRow[]): Promise<number> {
  if (flags.length === 0) return 0;
  const now = new Date();
  const createdAt = sqliteDateTime(now);
  const ids = flags.map(() => newRowId(now.getTime()));
  const inputs = flags.map((f) => JSON.stringify(f.inputs));
  return writeTransaction((connection) => {
    const insert = statement(
      `INSERT INTO "ConsensusDecision" ("id", "sampleId", "outcome", "posterior", "label", "reviews", "flagged", "inputs", "createdAt")
       SELECT ?, ?, ?, ?, ?, ?, 1, ?, ?
       WHERE NOT EXISTS (SELECT 1 FROM "ConsensusDecision" WHERE "sampleId" = ? AND "outcome" = ? AND "flagged")`,
      connection,
    );
    let written = 0;
    flags.forEach((f, i) => {
      written += insert.run(ids[i], f.sampleId, f.outcome, f.posterior, f.label, f.reviews, inputs[i], createdAt, f.sampleId, f.outcome).changes;
    });
    return written;
  }, directConnection());
}
