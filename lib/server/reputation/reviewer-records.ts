import "server-only";
import type { ReviewerRecord } from "@/lib/domain/consensus";
import type { Prisma } from "@/lib/generated/prisma/client";

type Reader = Pick<Prisma.TransactionClient, "review">;

/**
 * Each reviewer's track record: gold answers (right or wrong against the known answer) and verdicts on decided
 * samples (agreeing with the decision or not). `exceptCampaignId` leaves one campaign out: the engine already sees
 * that campaign's own votes, so counting them in the prior too would count the same evidence twice.
 */
export async function reviewerRecords(tx: Reader, reviewerIds: readonly string[], options: { exceptCampaignId?: string } = {}): Promise<Map<string, ReviewerRecord>> {
  const records = new Map<string, { goldCorrect: number; goldTotal: number; consensusAgreements: number; consensusTotal: number }>();
  if (reviewerIds.length === 0) return records;
  const rows = await tx.review.findMany({
    where: {
      reviewerId: { in: [...reviewerIds] },
      ...(options.exceptCampaignId ? { sample: { campaignId: { not: options.exceptCampaignId } } } : {}),
      OR: [{ sample: { goldItem: { isNot: null } } }, { sample: { status: { in: ["ACCEPTED", "REJECTED"] } } }],
    },
    select: { reviewerId: true, verdict: true, sample: { select: { status: true, goldItem: { select: { expectedVerdict: true } } } } },
  });
  for (const id of reviewerIds) records.set(id, { goldCorrect: 0, goldTotal: 0, consensusAgreements: 0, consensusTotal: 0 });
  for (const r of rows) {
    const record = records.get(r.reviewerId)!;
    const gold = r.sample.goldItem;
    if (gold) {
      record.goldTotal++;
      if (gold.expectedVerdict === r.verdict) record.goldCorrect++;
    } else {
      record.consensusTotal++;
      if ((r.sample.status === "ACCEPTED") === (r.verdict === "ACCEPT")) record.consensusAgreements++;
    }
  }
  return records;
}
