import "server-only";
import { z } from "zod";
import type { SessionUser } from "@/lib/server/auth/roles";
import { db } from "@/lib/server/db";

export const PURCHASES_PAGE_SIZE = 20;
export const ZPurchasesPage = z.object({ page: z.coerce.number().int().min(1).catch(1).default(1) });

export type PurchaseRow = { id: string; versionId: string; datasetName: string; version: string; sampleCount: number; priceWei: bigint; txHash: string; createdAt: Date };

/** The caller's own purchases, newest first, a page at a time. */
export async function listMyPurchases(user: SessionUser, page: number): Promise<{ rows: PurchaseRow[]; total: number }> {
  const where = { buyerId: user.id, version: { status: "PUBLISHED" as const } };
  const [rows, total] = await Promise.all([
    db.purchase.findMany({
      where,
      orderBy: { createdAt: "desc" },
      skip: (page - 1) * PURCHASES_PAGE_SIZE,
      take: PURCHASES_PAGE_SIZE,
      select: { id: true, versionId: true, priceWei: true, txHash: true, createdAt: true, version: { select: { version: true, sampleCount: true, dataset: { select: { name: true } } } } },
    }),
    db.purchase.count({ where }),
  ]);
  return {
    rows: rows.map((r) => ({ id: r.id, versionId: r.versionId, datasetName: r.version.dataset.name, version: r.version.version, sampleCount: r.version.sampleCount, priceWei: BigInt(r.priceWei), txHash: r.txHash, createdAt: r.createdAt })),
    total,
  };
}
