import "server-only";
import type { SessionUser } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";

export type MyPurchase = { id: string; versionId: string; dataset: string; version: string; priceWei: bigint; txHash: string; blockNumber: number; purchasedAt: Date };
export type MyPurchases = { rows: MyPurchase[]; total: number; page: number; pageSize: number };

/** The signed-in user's purchases, newest first, a page at a time. Only their own. */
export async function listMyPurchases(user: SessionUser, page = 1, pageSize = 20): Promise<MyPurchases> {
  const where = { buyerId: user.id };
  const [rows, total] = await Promise.all([
    db.purchase.findMany({
      where,
      orderBy: [{ blockNumber: "desc" }, { logIndex: "desc" }],
      skip: (page - 1) * pageSize,
      take: pageSize,
      select: { id: true, versionId: true, priceWei: true, txHash: true, blockNumber: true, createdAt: true, version: { select: { version: true, dataset: { select: { name: true } } } } },
    }),
    db.purchase.count({ where }),
  ]);
  return {
    rows: rows.map((r) => ({
      id: r.id,
      versionId: r.versionId,
      dataset: r.version.dataset.name,
      version: r.version.version,
      priceWei: BigInt(r.priceWei),
      txHash: r.txHash,
      blockNumber: r.blockNumber,
      purchasedAt: r.createdAt,
    })),
    total,
    page,
    pageSize,
  };
}

export type PurchaseStatus = { state: "none" } | { state: "confirmed"; txHash: string; blockNumber: number };

/**
 * What the purchase page polls after the buyer's transaction: "confirmed" only once the indexer has read the
 * Purchased event and recorded it for this user. The browser's word is never taken for it.
 */
export async function getPurchaseStatus(user: SessionUser, versionId: string): Promise<PurchaseStatus> {
  const purchase = await db.purchase.findFirst({ where: { buyerId: user.id, versionId }, orderBy: { blockNumber: "asc" }, select: { txHash: true, blockNumber: true } });
  return purchase ? { state: "confirmed", txHash: purchase.txHash, blockNumber: purchase.blockNumber } : { state: "none" };
}
