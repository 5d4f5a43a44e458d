import "server-only";
import { describeReason, PAYOUT_REASONS } from "@/lib/domain/payouts/reasons";
import type { PayoutStatus } from "@/lib/generated/prisma/enums";
import type { SessionUser } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import { payoutLink, type PayoutSource } from "@/lib/domain/payouts/payout-source";

export type EarningRow = {
  id: string;
  what: string;
  campaign: string | null;
  /** What paid it: the accepted sample, the review, or the dataset sale (with a page to open where there is one). */
  source: PayoutSource | null;
  amountWei: bigint;
  status: PayoutStatus;
  txHash: string | null;
  blockNumber: number | null;
  earnedAt: Date;
  paidAt: Date | null;
};
export type EarningTotals = Record<PayoutStatus, { count: number; wei: bigint }>;
export type Earnings = { totals: EarningTotals; rows: EarningRow[]; total: number; page: number; pageSize: number };

const STATUSES: PayoutStatus[] = ["PENDING", "UNFUNDED", "IN_FLIGHT", "PAID"];

/** The signed-in user's own payouts: totals per status and a page of rows, newest first. Nobody else's. */
export async function getMyEarnings(user: SessionUser, page = 1, pageSize = 25): Promise<Earnings> {
  const where = { recipientId: user.id };
  const [amounts, rows, total] = await Promise.all([
    // Wei are decimal strings (a uint256 overflows SQL integers), so the sums are done here, in bigint.
    db.payout.findMany({ where, select: { status: true, amountWei: true } }),
    db.payout.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (page - 1) * pageSize,
      take: pageSize,
      select: {
        id: true,
        reason: true,
        subjectId: true,
        amountWei: true,
        status: true,
        txHash: true,
        blockNumber: true,
        createdAt: true,
        paidAt: true,
        campaign: { select: { title: true } },
      },
    }),
    db.payout.count({ where }),
  ]);
  const saleIds = rows.filter((r) => r.reason === PAYOUT_REASONS.DATASET_REVENUE).map((r) => r.subjectId);
  const sales = new Map(
    saleIds.length === 0
      ? []
      : (await db.purchase.findMany({ where: { id: { in: saleIds } }, select: { id: true, versionId: true, version: { select: { version: true, dataset: { select: { name: true } } } } } })).map((s) => [s.id, s]),
  );
  const totals = Object.fromEntries(STATUSES.map((s) => [s, { count: 0, wei: 0n }])) as EarningTotals;
  for (const row of amounts) {
    totals[row.status].count++;
    totals[row.status].wei += BigInt(row.amountWei);
  }
  return {
    totals,
    rows: rows.map((r) => ({
      id: r.id,
      what: describeReason(r.reason),
      campaign: r.campaign?.title ?? null,
      source: payoutLink(r.reason, r.subjectId, sales),
      amountWei: BigInt(r.amountWei),
      status: r.status,
      txHash: r.txHash,
      blockNumber: r.blockNumber,
      earnedAt: r.createdAt,
      paidAt: r.paidAt,
    })),
    total,
    page,
    pageSize,
  };
}
