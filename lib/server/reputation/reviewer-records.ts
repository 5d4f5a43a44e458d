import "server-only";
import type { ReviewerRecord } from "@/lib/domain/consensus";
import { Prisma } from "@/lib/generated/prisma/client";
import type { SampleStatus, Verdict } from "@/lib/generated/prisma/enums";

type Reader = Pick<Prisma.TransactionClient, "$queryRaw">;

/** How many reviews of one reviewer fall in one cell: their verdict against a gold answer, or against a decision. */
type RecordCell = { reviewerId: string; verdict: Verdict; status: SampleStatus | null; expectedVerdict: Verdict | null; n: number | bigint };

/**
 * Each reviewer's track record: gold answers (right or wrong against the known answer) and verdicts on decided
 * samples (agreeing with the decision or not). `exceptCampaignId` leaves one campaign out: the engine already sees
 * that campaign's own votes, so counting them in the prior too would count the same evidence twice.
 *
 * The database counts, the rule is applied here. Leaving a campaign out, the count walks the other campaigns' gold
 * items and decided samples (through the sample index by campaign and status), so a campaign's fit costs what the
 * others hold, never its own size; all reviewers' cells are counted and the wanted ones kept, because asking the
 * index for each wanted reviewer of each sample would cost a lookup per pair. Without a campaign to leave out (a
 * profile: one reviewer), the reviewer's own reviews are counted.
 */
export async function reviewerRecords(tx: Reader, reviewerIds: readonly string[], options: { exceptCampaignId?: string } = {}): Promise<Map<string, ReviewerRecord>> {
  const records = new Map<string, { goldCorrect: number; goldTotal: number; consensusAgreements: number; consensusTotal: number }>();
  if (reviewerIds.length === 0) return records;
  for (const id of reviewerIds) records.set(id, { goldCorrect: 0, goldTotal: 0, consensusAgreements: 0, consensusTotal: 0 });
  const cells = options.exceptCampaignId === undefined ? await cellsOf(tx, reviewerIds) : await cellsOutside(tx, options.exceptCampaignId);
  for (const cell of cells) {
    const record = records.get(cell.reviewerId);
    if (!record) continue;
    const n = Number(cell.n);
    if (cell.expectedVerdict !== null) {
      record.goldTotal += n;
      if (cell.expectedVerdict === cell.verdict) record.goldCorrect += n;
    } else {
      record.consensusTotal += n;
      if ((cell.status === "ACCEPTED") === (cell.verdict === "ACCEPT")) record.consensusAgreements += n;
    }
  }
  return records;
}

// CROSS JOIN fixes the join order where the query planner would otherwise start from the Review table (SQLite has
// no statistics to know better); other databases treat it as a plain join.

/** The cells of every reviewer outside one campaign: a gold item counts as gold, whatever its status. */
function cellsOutside(tx: Reader, campaignId: string): Promise<RecordCell[]> {
  return tx.$queryRaw<RecordCell[]>`
    SELECT r."reviewerId" AS "reviewerId", r."verdict" AS "verdict", s."status" AS "status", NULL AS "expectedVerdict", COUNT(*) AS "n"
    FROM "Campaign" AS c CROSS JOIN "Sample" AS s CROSS JOIN "Review" AS r
    WHERE c."id" <> ${campaignId} AND s."campaignId" = c."id" AND s."status" IN ('ACCEPTED', 'REJECTED') AND r."sampleId" = s."id"
      AND NOT EXISTS (SELECT 1 FROM "GoldItem" AS g WHERE g."sampleId" = s."id")
    GROUP BY r."reviewerId", r."verdict", s."status"
    UNION ALL
    SELECT r."reviewerId", r."verdict", NULL, g."expectedVerdict", COUNT(*)
    FROM "GoldItem" AS g CROSS JOIN "Sample" AS s CROSS JOIN "Review" AS r
    WHERE s."id" = g."sampleId" AND s."campaignId" <> ${campaignId} AND r."sampleId" = s."id" AND r."goldChallengeId" IS NULL
    GROUP BY r."reviewerId", r."verdict", g."expectedVerdict"`;
}

/** The cells of the given reviewers in every campaign. */
function cellsOf(tx: Reader, reviewerIds: readonly string[]): Promise<RecordCell[]> {
  return tx.$queryRaw<RecordCell[]>`
    SELECT r."reviewerId" AS "reviewerId", r."verdict" AS "verdict", s."status" AS "status", g."expectedVerdict" AS "expectedVerdict", COUNT(*) AS "n"
    FROM "Review" AS r
    JOIN "Sample" AS s ON s."id" = r."sampleId"
    LEFT JOIN "GoldItem" AS g ON g."sampleId" = s."id"
    WHERE r."reviewerId" IN (${Prisma.join(reviewerIds)}) AND r."goldChallengeId" IS NULL AND (g."id" IS NOT NULL OR s."status" IN ('ACCEPTED', 'REJECTED'))
    GROUP BY r."reviewerId", r."verdict", s."status", g."expectedVerdict"`;
}
