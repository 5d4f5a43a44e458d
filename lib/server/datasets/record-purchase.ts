import "server-only";
import { splitRevenue } from "@/lib/domain/datasets/revenue-split";
import { PAYOUT_REASONS } from "@/lib/domain/payouts/reasons";
import { getEnv } from "@/lib/env";
import type { Prisma } from "@/lib/generated/prisma/client";
import { earnPayouts } from "@/lib/server/payouts/earn-payouts";

export type PurchaseEvent = { buyer: string; versionId: string; priceWei: bigint; txHash: string; logIndex: number; blockNumber: number };

/** A user row for a wallet that may never have signed in (a buyer, the platform's payout wallet). */
export async function userForAddress(tx: Prisma.TransactionClient, address: string): Promise<string> {
  const user = await tx.user.upsert({ where: { address: address.toLowerCase() }, create: { address: address.toLowerCase() }, update: {}, select: { id: true } });
  return user.id;
}

/**
 * Inside the indexer's transaction: the purchase row and its revenue shares, so they commit together or not at all.
 * Contributors share pro rata to their samples in the version, reviewers pro rata to their reviews of those samples
 * (REVENUE_REVIEWER_SHARE_BPS), the platform wallet takes REVENUE_PLATFORM_SHARE_BPS; the rows are budget-free
 * `dataset.revenue` payouts keyed by the purchase, which the payout worker pays from the distributor's treasury (where
 * the buyer's DATA went). Returns the purchase id; a (txHash, logIndex) already recorded returns null.
 */
export async function recordPurchase(tx: Prisma.TransactionClient, event: PurchaseEvent, platformAddress: string): Promise<string | null> {
  const seen = await tx.purchase.findUnique({ where: { txHash_logIndex: { txHash: event.txHash, logIndex: event.logIndex } }, select: { id: true } });
  if (seen) return null;
  const buyerId = await userForAddress(tx, event.buyer);
  const purchase = await tx.purchase.create({
    data: { versionId: event.versionId, buyerId, priceWei: event.priceWei.toString(), txHash: event.txHash, logIndex: event.logIndex, blockNumber: event.blockNumber },
    select: { id: true },
  });

  const inVersion = { datasetVersions: { some: { versionId: event.versionId } } };
  const [contributors, reviewers, platformUserId] = await Promise.all([
    tx.sample.groupBy({ by: ["contributorId"], where: inVersion, _count: { _all: true } }),
    tx.review.groupBy({ by: ["reviewerId"], where: { sample: inVersion }, _count: { _all: true } }),
    userForAddress(tx, platformAddress),
  ]);
  const { reviewerShareBps, platformShareBps } = getEnv().revenue;
  const parts = splitRevenue({
    priceWei: event.priceWei,
    contributors: contributors.map((c) => ({ userId: c.contributorId, weight: c._count._all })),
    reviewers: reviewers.map((r) => ({ userId: r.reviewerId, weight: r._count._all })),
    platformUserId,
    reviewerShareBps,
    platformShareBps,
  });
  await earnPayouts(
    tx,
    parts.map((part) => ({ reason: PAYOUT_REASONS.DATASET_REVENUE, subjectId: purchase.id, recipientUserId: part.userId, amountWei: part.amountWei })),
  );
  return purchase.id;
}
