import "server-only";
import type { SampleStatus, Verdict } from "@/lib/generated/prisma/enums";
import { directConnection, sqliteDateTime, statement, type DirectConnection } from "@/lib/server/sqlite-direct";

// What a decision reads on the verdict path, as plain SQL on the direct connection (see sqlite-direct.ts): most
// verdicts only learn that their sample still waits for other votes, and that should cost two indexed reads.

export type DecisionSampleRow = {
  id: string;
  status: SampleStatus;
  requiredReviews: number;
  contributorId: string;
  labels: unknown;
  gold: boolean;
  reviews: number;
  campaign: { id: string; labelSchema: unknown; acceptThreshold: number; reviewsPerItem: number; maxReviews: number; rewardWei: string; reviewerFeeWei: string; reliabilityFloor: number; appealWindowDays: number };
};

/** A sample, its campaign's decision settings, whether it is gold, and how many reviews it has. */
export function decisionSample(sampleId: string, connection: DirectConnection = directConnection()): DecisionSampleRow | null {
  const row = statement(
    `SELECT s."id", s."status", s."requiredReviews", s."contributorId", s."labels",
       EXISTS (SELECT 1 FROM "GoldItem" g WHERE g."sampleId" = s."id") AS "gold",
       (SELECT COUNT(*) FROM "Review" r WHERE r."sampleId" = s."id") AS "reviews",
       c."id" AS "campaignId", c."labelSchema", c."acceptThreshold", c."reviewsPerItem", c."maxReviews", c."rewardWei", c."reviewerFeeWei", c."reliabilityFloor", c."appealWindowDays"
     FROM "Sample" s JOIN "Campaign" c ON c."id" = s."campaignId" WHERE s."id" = ?`,
    connection,
  ).get(sampleId) as
    | (Omit<DecisionSampleRow, "labels" | "gold" | "campaign"> & { labels: string; gold: number; campaignId: string; labelSchema: string } & Omit<DecisionSampleRow["campaign"], "id" | "labelSchema">)
    | undefined;
  if (!row) return null;
  return {
    id: row.id,
    status: row.status,
    requiredReviews: row.requiredReviews,
    contributorId: row.contributorId,
    labels: JSON.parse(row.labels) as unknown,
    gold: row.gold === 1,
    reviews: row.reviews,
    campaign: {
      id: row.campaignId,
      labelSchema: JSON.parse(row.labelSchema) as unknown,
      acceptThreshold: row.acceptThreshold,
      reviewsPerItem: row.reviewsPerItem,
      maxReviews: row.maxReviews,
      rewardWei: row.rewardWei,
      reviewerFeeWei: row.reviewerFeeWei,
      reliabilityFloor: row.reliabilityFloor,
      appealWindowDays: row.appealWindowDays,
    },
  };
}

export type SampleReviewRow = { id: string; reviewerId: string; verdict: Verdict; label: string | null; reason: string | null };

/** A sample's reviews, in id order. */
export function sampleReviewRows(sampleId: string, connection: DirectConnection = directConnection()): SampleReviewRow[] {
  return statement(`SELECT "id", "reviewerId", "verdict", "label", "reason" FROM "Review" WHERE "sampleId" = ? ORDER BY "id"`, connection).all(sampleId) as SampleReviewRow[];
}

/** The version of a campaign's latest snapshot, or null before its first fit. */
export function snapshotVersion(campaignId: string, connection: DirectConnection = directConnection()): number | null {
  const row = statement(`SELECT "version" FROM "ConsensusSnapshot" WHERE "campaignId" = ?`, connection).get(campaignId) as { version: number } | undefined;
  return row?.version ?? null;
}

/**
 * How many reviews of a campaign were created at or after `since`: what came in after a snapshot. The range on
 * Review.createdAt drives the query and each recent review's sample is then checked by its primary key, at the cost
 * of what came in since, whatever the campaign's size.
 */
export function reviewsSince(campaignId: string, since: Date, connection: DirectConnection = directConnection()): number {
  const row = statement(
    `SELECT COUNT(*) AS "n" FROM "Review" AS r
     WHERE r."createdAt" >= ? AND EXISTS (SELECT 1 FROM "Sample" AS s WHERE s."id" = r."sampleId" AND s."campaignId" = ?)`,
    connection,
  ).get(sqliteDateTime(since), campaignId) as { n: number };
  return row.n;
}

/** Whether a sample of the campaign waits for review with all its reviews in (not gold: gold is never decided). */
export function hasUndecidedCompleteSample(campaignId: string, connection: DirectConnection = directConnection()): boolean {
  const row = statement(
    `SELECT 1 AS "one" FROM "Sample" s
     WHERE s."campaignId" = ? AND s."status" = 'PENDING_REVIEW'
       AND NOT EXISTS (SELECT 1 FROM "GoldItem" g WHERE g."sampleId" = s."id")
       AND (SELECT COUNT(*) FROM "Review" r WHERE r."sampleId" = s."id") >= s."requiredReviews"
     LIMIT 1`,
    connection,
  ).get(campaignId);
  return row !== undefined;
}
