import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";

type Reader = Pick<Prisma.TransactionClient, "review" | "sample">;

/**
 * How many reviews of a campaign were created at or after `since`. Two steps on purpose: the reviews since (through
 * the Review.createdAt index: what came in after a recent snapshot, whatever the campaign's size), then which of
 * their samples are the campaign's. One query joining Sample lets the planner walk the campaign's samples instead,
 * which costs the campaign's size.
 */
export async function reviewsSince(tx: Reader, campaignId: string, since: Date): Promise<number> {
  const recent = await tx.review.findMany({ where: { createdAt: { gte: since } }, select: { sampleId: true } });
  if (recent.length === 0) return 0;
  const ours = await tx.sample.findMany({ where: { id: { in: [...new Set(recent.map((r) => r.sampleId))] }, campaignId }, select: { id: true } });
  const inCampaign = new Set(ours.map((s) => s.id));
  return recent.filter((r) => inCampaign.has(r.sampleId)).length;
}
