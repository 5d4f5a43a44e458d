import "server-only";
import { isBelowFloor, type MeasuredReviewer } from "@/lib/domain/reviews/reliability-floor";
import type { Prisma } from "@/lib/generated/prisma/client";

/**
 * After a consensus run: records the measured reliability of the reviewers of `sampleReviewerIds` on their campaign
 * membership, and removes from the campaign every reviewer whose reliability fell below its floor (an inactive
 * CampaignReviewer row, which also overrides the global reviewer role for this campaign). Logged. Leases they still
 * hold in the campaign are released in the same transaction, as an expired lease is: otherwise the slot would stay
 * blocked until the lease ran out. Verdicts already given stay, weighed by the low reliability the engine measured.
 */
export async function applyReliabilityFloor(
  tx: Prisma.TransactionClient,
  campaign: { id: string; reliabilityFloor: number },
  reviewers: readonly (MeasuredReviewer & { reviewerId: string })[],
  sampleReviewerIds: readonly string[],
): Promise<string[]> {
  const onSample = new Set(sampleReviewerIds);
  const below = reviewers.filter((r) => isBelowFloor(r, campaign.reliabilityFloor));
  const toRecord = reviewers.filter((r) => onSample.has(r.reviewerId));
  const removed: string[] = [];
  if (below.length === 0 && toRecord.length === 0) return removed;
  // The memberships concerned, read once: a background fit records every reviewer of the campaign, and most of a
  // large crowd may hold the global reviewer role without a membership row to write to.
  const rows = await tx.campaignReviewer.findMany({
    where: { campaignId: campaign.id, userId: { in: [...new Set([...below, ...toRecord].map((r) => r.reviewerId))] } },
    select: { userId: true, active: true, reliability: true },
  });
  const membership = new Map(rows.map((r) => [r.userId, r]));
  for (const r of below) {
    if (membership.get(r.reviewerId)?.active === false) continue;
    await tx.campaignReviewer.upsert({
      where: { campaignId_userId: { campaignId: campaign.id, userId: r.reviewerId } },
      // No row: a holder of the global reviewer role, which an admin granted.
      create: { campaignId: campaign.id, userId: r.reviewerId, source: "ADMIN", active: false, inactiveReason: "below-floor", reliability: r.reliability },
      update: { active: false, inactiveReason: "below-floor", reliability: r.reliability },
    });
    await tx.auditEvent.create({
      data: { actorId: null, action: "reviewer.below-floor", subject: `campaign:${campaign.id}`, details: { userId: r.reviewerId, reliability: r.reliability, votes: r.votes, floor: campaign.reliabilityFloor } },
    });
    removed.push(r.reviewerId);
  }
  if (removed.length > 0) await tx.reviewAssignment.deleteMany({ where: { campaignId: campaign.id, reviewerId: { in: removed }, status: "LEASED" } });
  const gone = new Set(removed);
  for (const r of toRecord) {
    const row = membership.get(r.reviewerId);
    // No membership, nothing to record it on; the same figure already recorded, nothing to write.
    if (!row || gone.has(r.reviewerId) || row.reliability === r.reliability) continue;
    await tx.campaignReviewer.updateMany({ where: { campaignId: campaign.id, userId: r.reviewerId }, data: { reliability: r.reliability } });
  }
  return removed;
}
