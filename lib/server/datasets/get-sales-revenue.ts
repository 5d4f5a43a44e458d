import "server-only";
import { PAYOUT_REASONS } from "@/lib/domain/payouts/reasons";
import type { SessionUser } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";

export type SalesRevenue = { sales: number; earnedWei: bigint; paidWei: bigint };

/** The signed-in user's share of dataset sales: how many sales paid them, what they earned, and what is paid out. */
export async function getMySalesRevenue(user: SessionUser): Promise<SalesRevenue> {
  const rows = await db.payout.findMany({ where: { recipientId: user.id, reason: PAYOUT_REASONS.DATASET_REVENUE }, select: { amountWei: true, status: true } });
  let earnedWei = 0n;
  let paidWei = 0n;
  for (const row of rows) {
    earnedWei += BigInt(row.amountWei);
    if (row.status === "PAID") paidWei += BigInt(row.amountWei);
  }
  return { sales: rows.length, earnedWei, paidWei };
}
