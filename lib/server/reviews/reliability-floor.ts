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
  const removed: string[] = [];
  if (below.length > 0) {
    const rows = await tx.campaignReviewer.findMany({ where: { campaignId: campaign.id, userId: { in: below.map((r) => r.reviewerId) } }, select: { userId: true, active: true } });
    const inactive = new Set(rows.filter((r) => !r.active).map((r) => r.userId));
    for (const r of below) {
      if (inactive.has(r.reviewerId)) continue;
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
  }
  for (const r of reviewers) {
    if (!onSample.has(r.reviewerId) || removed.includes(r.reviewerId)) continue;
    await tx.campaignReviewer.updateMany({ where: { campaignId: campaign.id, userId: r.reviewerId }, data: { reliability: r.reliability } });
  }
  return removed;
}
