import "server-only";
import type { DataType, SampleStatus, Verdict } from "@/lib/generated/prisma/enums";
import { fromSqliteDateTime, sqliteDateTime, statement, type DirectConnection } from "@/lib/server/sqlite-direct";

// The review loop's reads and writes as plain SQL on the direct connection (sqlite-direct.ts): a claim and a verdict
// are each one synchronous transaction of a few prepared statements, so the write lock is never held across an await.
// Lists of ids are bound as one JSON array and read with json_each (on PostgreSQL: jsonb_array_elements_text).

const IN_JSON = `(SELECT "value" FROM json_each(?))`;

export type ReviewerRow = { campaignId: string; active: boolean; source: string };

/** The user's CampaignReviewer rows (one campaign's, or all). */
export function reviewerRows(connection: DirectConnection, userId: string, campaignId?: string): ReviewerRow[] {
  const rows = (
    campaignId === undefined
      ? statement(`SELECT "campaignId", "active", "source" FROM "CampaignReviewer" WHERE "userId" = ?`, connection).all(userId)
      : statement(`SELECT "campaignId", "active", "source" FROM "CampaignReviewer" WHERE "userId" = ? AND "campaignId" = ?`, connection).all(userId, campaignId)
  ) as { campaignId: string; active: number; source: string }[];
  return rows.map((r) => ({ campaignId: r.campaignId, active: r.active === 1, source: r.source }));
}

/** Open campaigns, oldest first (one of them when `only` is given). */
export function openCampaignIds(connection: DirectConnection, only?: string): string[] {
  const rows = (
    only === undefined
      ? statement(`SELECT "id" FROM "Campaign" WHERE "status" = 'OPEN' ORDER BY "createdAt", "id"`, connection).all()
      : statement(`SELECT "id" FROM "Campaign" WHERE "status" = 'OPEN' AND "id" = ?`, connection).all(only)
  ) as { id: string }[];
  return rows.map((r) => r.id);
}

/** Frees every slot whose lease ran out. */
export function deleteExpiredLeases(connection: DirectConnection, now: Date): void {
  statement(`DELETE FROM "ReviewAssignment" WHERE "status" = 'LEASED' AND "leaseExpiresAt" <= ?`, connection).run(sqliteDateTime(now));
}

export type HeldLease = { id: string; sampleId: string; sampleStatus: SampleStatus; gold: boolean };

/** The reviewer's oldest live lease in these campaigns. */
export function heldLease(connection: DirectConnection, reviewerId: string, campaignIds: readonly string[]): HeldLease | null {
  const row = statement(
    `SELECT a."id", a."sampleId", s."status" AS "sampleStatus",
       EXISTS (SELECT 1 FROM "GoldItem" g WHERE g."sampleId" = a."sampleId") AS "gold"
     FROM "ReviewAssignment" a JOIN "Sample" s ON s."id" = a."sampleId"
     WHERE a."reviewerId" = ? AND a."status" = 'LEASED' AND a."campaignId" IN ${IN_JSON}
     ORDER BY a."createdAt", a."id" LIMIT 1`,
    connection,
  ).get(reviewerId, JSON.stringify(campaignIds)) as { id: string; sampleId: string; sampleStatus: SampleStatus; gold: number } | undefined;
  return row ? { ...row, gold: row.gold === 1 } : null;
}

export function deleteAssignment(connection: DirectConnection, id: string): void {
  statement(`DELETE FROM "ReviewAssignment" WHERE "id" = ?`, connection).run(id);
}

/** The sample ids the reviewer's quiz sittings in these campaigns showed them. */
export function quizShownSampleIds(connection: DirectConnection, userId: string, campaignIds: readonly string[]): string[] {
  const rows = statement(`SELECT "sampleIds" FROM "QuizAttempt" WHERE "userId" = ? AND "campaignId" IN ${IN_JSON}`, connection).all(userId, JSON.stringify(campaignIds)) as {
    sampleIds: string;
  }[];
  const ids = new Set<string>();
  for (const row of rows) {
    const parsed = JSON.parse(row.sampleIds) as unknown;
    if (Array.isArray(parsed)) for (const id of parsed) if (typeof id === "string") ids.add(id);
  }
  return [...ids];
}

export type OpenSample = { sampleId: string; campaignId: string; requiredReviews: number; goldRate: number; leaseSeconds: number };

// What a reviewer may be served: waiting for review, not theirs, not gold (unless a gold challenge's panel sits on it:
// then, like any appealed sample, it is served to that panel only), not served to or reviewed by them before,
// not shown in their quiz, not a sample before an appeal's panel unless they sit on its current round (the panel sees
// it as any other item: nothing in the task says why it is served), and with a slot free (verdicts in plus live leases below its requiredReviews; expired
// leases are deleted first and SKIPPED rows hold no slot). Oldest first. One campaign (the usual claim) is an equality,
// so the Sample(campaignId, status, createdAt) index yields rows in order and the scan stops at the first fit.
const OPEN_SAMPLE_FILTER = `s."status" = 'PENDING_REVIEW' AND s."contributorId" <> ?
  AND (NOT EXISTS (SELECT 1 FROM "GoldItem" g WHERE g."sampleId" = s."id")
    OR EXISTS (SELECT 1 FROM "Appeal" ap WHERE ap."sampleId" = s."id" AND ap."state" = 'OPEN' AND ap."kind" = 'gold' AND ap."round" > 0))
  AND NOT EXISTS (SELECT 1 FROM "ReviewAssignment" a WHERE a."sampleId" = s."id" AND a."reviewerId" = ?)
  AND NOT EXISTS (SELECT 1 FROM "Review" r WHERE r."sampleId" = s."id" AND r."reviewerId" = ?)
  AND s."id" NOT IN ${IN_JSON}
  AND (SELECT COUNT(*) FROM "ReviewAssignment" a WHERE a."sampleId" = s."id" AND a."status" IN ('LEASED', 'DONE')) < s."requiredReviews"
  AND (s."campaignId" NOT IN ${IN_JSON}
    OR NOT EXISTS (SELECT 1 FROM "ReviewAssignment" a WHERE a."sampleId" = s."id" AND a."newcomer" = 1 AND a."status" IN ('LEASED', 'DONE')))
  AND (NOT EXISTS (SELECT 1 FROM "Appeal" ap WHERE ap."sampleId" = s."id" AND ap."state" = 'OPEN')
    OR EXISTS (SELECT 1 FROM "Appeal" ap JOIN "PanelSeat" ps ON ps."appealId" = ap."id" AND ps."round" = ap."round"
      WHERE ap."sampleId" = s."id" AND ap."state" = 'OPEN' AND ps."reviewerId" = ? AND ps."releasedAt" IS NULL))`;
const OPEN_SAMPLE_COLUMNS = `s."id" AS "sampleId", s."campaignId", s."requiredReviews", c."goldRate", c."leaseSeconds"`;

/**
 * The oldest sample of these campaigns the queue may serve this reviewer. In the campaigns listed in `newcomerIn`
 * the reviewer has no record yet, and a sample there that already gave a slot to such a reviewer is not served.
 */
export function nextOpenSample(connection: DirectConnection, reviewerId: string, campaignIds: readonly string[], shown: readonly string[], newcomerIn: readonly string[] = []): OpenSample | null {
  const filterArgs = [reviewerId, reviewerId, reviewerId, JSON.stringify(shown), JSON.stringify(newcomerIn), reviewerId];
  const row =
    campaignIds.length === 1
      ? statement(
          `SELECT ${OPEN_SAMPLE_COLUMNS} FROM "Sample" s JOIN "Campaign" c ON c."id" = s."campaignId"
           WHERE s."campaignId" = ? AND ${OPEN_SAMPLE_FILTER} ORDER BY s."createdAt", s."id" LIMIT 1`,
          connection,
        ).get(campaignIds[0], ...filterArgs)
      : statement(
          `SELECT ${OPEN_SAMPLE_COLUMNS} FROM "Sample" s JOIN "Campaign" c ON c."id" = s."campaignId"
           WHERE s."campaignId" IN ${IN_JSON} AND ${OPEN_SAMPLE_FILTER} ORDER BY s."createdAt", s."id" LIMIT 1`,
          connection,
        ).get(JSON.stringify(campaignIds), ...filterArgs);
  return (row as OpenSample | undefined) ?? null;
}

/**
 * How many samples of one campaign nextOpenSample could still serve this reviewer, counting at most `cap`: the claim's
 * own filter on the same index range, so the walk stops after `cap` fits and costs what `cap` claims would. A
 * sample the reviewer holds is not counted (it has their assignment): liveLeaseCounts has those.
 */
export function countOpenSamples(connection: DirectConnection, reviewerId: string, campaignId: string, shown: readonly string[], cap: number, newcomerIn: readonly string[] = []): number {
  const row = statement(
    `SELECT COUNT(*) AS "n" FROM (SELECT 1 FROM "Sample" s WHERE s."campaignId" = ? AND ${OPEN_SAMPLE_FILTER} LIMIT ?)`,
    connection,
  ).get(campaignId, reviewerId, reviewerId, reviewerId, JSON.stringify(shown), JSON.stringify(newcomerIn), reviewerId, cap) as { n: number };
  return row.n;
}

/** Per campaign, the samples waiting for review that this reviewer holds a live lease on (normally one at most). */
export function liveLeaseCounts(connection: DirectConnection, reviewerId: string, campaignIds: readonly string[], now: Date): Map<string, number> {
  const rows = statement(
    `SELECT a."campaignId", COUNT(*) AS "n" FROM "ReviewAssignment" a JOIN "Sample" s ON s."id" = a."sampleId"
     WHERE a."reviewerId" = ? AND a."status" = 'LEASED' AND a."leaseExpiresAt" > ? AND s."status" = 'PENDING_REVIEW' AND a."campaignId" IN ${IN_JSON}
     GROUP BY a."campaignId"`,
    connection,
  ).all(reviewerId, sqliteDateTime(now), JSON.stringify(campaignIds)) as { campaignId: string; n: number }[];
  return new Map(rows.map((r) => [r.campaignId, r.n]));
}

export type CampaignTitleRow = { id: string; slug: string; title: string };

/** Slugs and titles of these campaigns, oldest first. */
export function campaignTitles(connection: DirectConnection, campaignIds: readonly string[]): CampaignTitleRow[] {
  return statement(`SELECT "id", "slug", "title" FROM "Campaign" WHERE "id" IN ${IN_JSON} ORDER BY "createdAt", "id"`, connection).all(JSON.stringify(campaignIds)) as CampaignTitleRow[];
}

/** The slots of a sample that are taken (by a verdict or a live lease). */
export function takenSlots(connection: DirectConnection, sampleId: string): Set<number> {
  const rows = statement(`SELECT "slot" FROM "ReviewAssignment" WHERE "sampleId" = ? AND "status" IN ('LEASED', 'DONE') AND "slot" IS NOT NULL`, connection).all(sampleId) as {
    slot: number;
  }[];
  return new Set(rows.map((r) => r.slot));
}

/**
 * Up to 100 gold items of the campaign this reviewer was never served, never reviewed, and no quiz sitting of anyone's
 * ever showed (a farm pools what its wallets' sittings showed and would know those by their content); for a
 * `newcomer`, also none another newcomer was served. Not one whose answer is being challenged: it may be wrong.
 */
export function unseenGoldSampleIds(connection: DirectConnection, reviewerId: string, campaignId: string, shown: readonly string[], newcomer = false): string[] {
  const rows = statement(
    `SELECT g."sampleId" FROM "GoldItem" g JOIN "Sample" s ON s."id" = g."sampleId"
     WHERE g."campaignId" = ? AND s."contributorId" <> ? AND g."sampleId" NOT IN ${IN_JSON} AND g."quizExposedAt" IS NULL
       AND NOT EXISTS (SELECT 1 FROM "ReviewAssignment" a WHERE a."sampleId" = g."sampleId" AND a."reviewerId" = ?)
       AND NOT EXISTS (SELECT 1 FROM "Review" r WHERE r."sampleId" = g."sampleId" AND r."reviewerId" = ?)
       AND (? = 0 OR NOT EXISTS (SELECT 1 FROM "ReviewAssignment" a WHERE a."sampleId" = g."sampleId" AND a."newcomer" = 1))
       AND NOT EXISTS (SELECT 1 FROM "Appeal" ap WHERE ap."sampleId" = g."sampleId" AND ap."kind" = 'gold' AND ap."state" = 'OPEN')
     LIMIT 100`,
    connection,
  ).all(campaignId, reviewerId, JSON.stringify(shown), reviewerId, reviewerId, newcomer ? 1 : 0) as { sampleId: string }[];
  return rows.map((r) => r.sampleId);
}

/** The highest slot number any assignment of the sample ever held, or -1. */
export function topSlot(connection: DirectConnection, sampleId: string): number {
  const row = statement(`SELECT MAX("slot") AS "top" FROM "ReviewAssignment" WHERE "sampleId" = ?`, connection).get(sampleId) as { top: number | null };
  return row.top ?? -1;
}

export function insertLease(
  connection: DirectConnection,
  row: { id: string; campaignId: string; sampleId: string; reviewerId: string; slot: number; newcomer: boolean; leaseExpiresAt: Date; now: Date },
): void {
  const now = sqliteDateTime(row.now);
  statement(
    `INSERT INTO "ReviewAssignment" ("id", "campaignId", "sampleId", "reviewerId", "slot", "newcomer", "status", "leaseExpiresAt", "createdAt", "updatedAt")
     VALUES (?, ?, ?, ?, ?, ?, 'LEASED', ?, ?, ?)`,
    connection,
  ).run(row.id, row.campaignId, row.sampleId, row.reviewerId, row.slot, row.newcomer ? 1 : 0, sqliteDateTime(row.leaseExpiresAt), now, now);
}

export type TaskRow = {
  assignmentId: string;
  leaseExpiresAt: Date;
  sample: {
    id: string;
    textContent: string | null;
    blobKey: string | null;
    width: number | null;
    height: number | null;
    mimeType: string;
    labels: unknown;
    campaign: { id: string; slug: string; title: string; dataType: DataType; labelSchema: unknown };
  };
};

/** A lease with what the reviewer is shown of its sample (review-task.ts decides what that is). */
export function taskRow(connection: DirectConnection, assignmentId: string): TaskRow | null {
  const row = statement(
    `SELECT a."id" AS "assignmentId", a."leaseExpiresAt", s."id", s."textContent", s."blobKey", s."width", s."height", s."mimeType", s."labels",
       c."id" AS "campaignId", c."slug", c."title", c."dataType", c."labelSchema"
     FROM "ReviewAssignment" a JOIN "Sample" s ON s."id" = a."sampleId" JOIN "Campaign" c ON c."id" = s."campaignId"
     WHERE a."id" = ?`,
    connection,
  ).get(assignmentId) as
    | {
        assignmentId: string;
        leaseExpiresAt: string;
        id: string;
        textContent: string | null;
        blobKey: string | null;
        width: number | null;
        height: number | null;
        mimeType: string;
        labels: string;
        campaignId: string;
        slug: string;
        title: string;
        dataType: DataType;
        labelSchema: string;
      }
    | undefined;
  if (!row) return null;
  return {
    assignmentId: row.assignmentId,
    leaseExpiresAt: fromSqliteDateTime(row.leaseExpiresAt),
    sample: {
      id: row.id,
      textContent: row.textContent,
      blobKey: row.blobKey,
      width: row.width,
      height: row.height,
      mimeType: row.mimeType,
      labels: JSON.parse(row.labels) as unknown,
      campaign: { id: row.campaignId, slug: row.slug, title: row.title, dataType: row.dataType, labelSchema: JSON.parse(row.labelSchema) as unknown },
    },
  };
}

export type VerdictTarget = { id: string; contributorId: string; labels: unknown; campaignId: string; campaignStatus: string; labelSchema: unknown };

/** What a verdict needs to know of its sample before anything is written. */
export function verdictTarget(connection: DirectConnection, sampleId: string): VerdictTarget | null {
  const row = statement(
    `SELECT s."id", s."contributorId", s."labels", c."id" AS "campaignId", c."status" AS "campaignStatus", c."labelSchema"
     FROM "Sample" s JOIN "Campaign" c ON c."id" = s."campaignId" WHERE s."id" = ?`,
    connection,
  ).get(sampleId) as (Omit<VerdictTarget, "labels" | "labelSchema"> & { labels: string; labelSchema: string }) | undefined;
  return row ? { ...row, labels: JSON.parse(row.labels) as unknown, labelSchema: JSON.parse(row.labelSchema) as unknown } : null;
}

export function reviewIdOf(connection: DirectConnection, sampleId: string, reviewerId: string): string | null {
  const row = statement(`SELECT "id" FROM "Review" WHERE "sampleId" = ? AND "reviewerId" = ?`, connection).get(sampleId, reviewerId) as { id: string } | undefined;
  return row?.id ?? null;
}

export function leaseOf(connection: DirectConnection, sampleId: string, reviewerId: string): { id: string; status: string } | null {
  const row = statement(`SELECT "id", "status" FROM "ReviewAssignment" WHERE "sampleId" = ? AND "reviewerId" = ?`, connection).get(sampleId, reviewerId) as
    | { id: string; status: string }
    | undefined;
  return row ?? null;
}

/** Compare-and-set: closes the lease only if it is still live at `now`; false if it ran out (or was closed). */
export function closeLiveLease(connection: DirectConnection, leaseId: string, now: Date): boolean {
  const at = sqliteDateTime(now);
  return statement(`UPDATE "ReviewAssignment" SET "status" = 'DONE', "updatedAt" = ? WHERE "id" = ? AND "status" = 'LEASED' AND "leaseExpiresAt" > ?`, connection).run(at, leaseId, at).changes === 1;
}

export function insertReview(
  connection: DirectConnection,
  row: { id: string; sampleId: string; reviewerId: string; verdict: Verdict; reason: string | null; label: string | null; createdAt: Date; goldChallengeId?: string | null },
): void {
  statement(`INSERT INTO "Review" ("id", "sampleId", "reviewerId", "verdict", "reason", "label", "createdAt", "goldChallengeId") VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, connection).run(
    row.id,
    row.sampleId,
    row.reviewerId,
    row.verdict,
    row.reason,
    row.label,
    sqliteDateTime(row.createdAt),
    row.goldChallengeId ?? null,
  );
}

/** Gold items of the campaign this reviewer has answered, counting at most `cap` (each a probe of Review's unique index). */
export function goldAnswerCount(connection: DirectConnection, reviewerId: string, campaignId: string, cap: number): number {
  const row = statement(
    `SELECT COUNT(*) AS "n" FROM (SELECT 1 FROM "GoldItem" g JOIN "Review" r ON r."sampleId" = g."sampleId" AND r."reviewerId" = ? AND r."goldChallengeId" IS NULL WHERE g."campaignId" = ? LIMIT ?)`,
    connection,
  ).get(reviewerId, campaignId, cap) as { n: number };
  return row.n;
}


export type PanelSeatRow = { appealId: string; appealKind: string; appealState: string; appealRound: number; seatRound: number; released: number };

/**
 * The reviewer's seat on a panel of the sample's appeal (its latest: a gold item may have had several challenges),
 * with the appeal's state and current round; null if none.
 */
export function panelSeatOf(connection: DirectConnection, sampleId: string, reviewerId: string): PanelSeatRow | null {
  const row = statement(
    `SELECT ap."id" AS "appealId", ap."kind" AS "appealKind", ap."state" AS "appealState", ap."round" AS "appealRound", ps."round" AS "seatRound",
       ps."releasedAt" IS NOT NULL AS "released"
     FROM "Appeal" ap JOIN "PanelSeat" ps ON ps."appealId" = ap."id" WHERE ap."sampleId" = ? AND ps."reviewerId" = ?
     ORDER BY ap."createdAt" DESC LIMIT 1`,
    connection,
  ).get(sampleId, reviewerId) as PanelSeatRow | undefined;
  return row ?? null;
}

/** The sample's appeal while a panel of it sits (OPEN, a round seated): its id, kind and round. */
export function sittingPanelOf(connection: DirectConnection, sampleId: string): { id: string; kind: string; round: number } | null {
  const row = statement(`SELECT "id", "kind", "round" FROM "Appeal" WHERE "sampleId" = ? AND "state" = 'OPEN' AND "round" > 0`, connection).get(sampleId) as
    | { id: string; kind: string; round: number }
    | undefined;
  return row ?? null;
}
