import "server-only";
import { PAYOUT_REASONS } from "@/lib/domain/payouts/reasons";
import { HELD_UNTIL_DECIDED } from "@/lib/domain/trust/appeal-rules";
import type { Tx } from "@/lib/server/chain/index-events";

// What an appeal does to the reviewer fees its sample earned: held while it is open, forfeited by those the panel
// found wrong, released to the rest once it is decided (appeal-rules.ts, panel-rules.ts).

/** Holds the sample's unpaid reviewer fees until its appeal is decided. */
export async function holdReviewerFees(tx: Tx, sampleId: string): Promise<void> {
  await tx.payout.updateMany({ where: { subjectId: sampleId, reason: PAYOUT_REASONS.REVIEW_AGREED, status: { in: ["PENDING", "UNFUNDED"] }, batchId: null }, data: { payableAfter: HELD_UNTIL_DECIDED } });
}

/**
 * Takes back the unpaid fees of reviewers whose vote the panel found wrong: their rows are deleted and what was funded
 * goes back to the campaign's budget. A fee already paid (a bond posted after the window, when the fee was due) is not
 * clawed back; the forfeit is logged either way.
 */
export async function forfeitReviewerFees(tx: Tx, sampleId: string, campaignId: string, reviewerIds: readonly string[], appealId: string): Promise<void> {
  if (reviewerIds.length === 0) return;
  const rows = await tx.payout.findMany({
    where: { subjectId: sampleId, reason: PAYOUT_REASONS.REVIEW_AGREED, recipientId: { in: [...reviewerIds] } },
    select: { id: true, recipientId: true, status: true, batchId: true, amountWei: true },
  });
  const unpaid = rows.filter((r) => (r.status === "PENDING" || r.status === "UNFUNDED") && r.batchId === null);
  const refunded = unpaid.filter((r) => r.status === "PENDING").reduce((sum, r) => sum + BigInt(r.amountWei), 0n);
  if (unpaid.length > 0) await tx.payout.deleteMany({ where: { id: { in: unpaid.map((r) => r.id) }, batchId: null } });
  if (refunded > 0n) {
    const ledger = await tx.campaignPayoutLedger.findUnique({ where: { campaignId }, select: { fundedWei: true } });
    if (ledger) await tx.campaignPayoutLedger.update({ where: { campaignId }, data: { fundedWei: (BigInt(ledger.fundedWei) - refunded).toString() } });
  }
  await tx.auditEvent.create({
    data: { action: "appeal.fees-forfeited", subject: `appeal:${appealId}`, details: { reviewerIds: [...reviewerIds], forfeited: unpaid.map((r) => r.recipientId), alreadyPaid: rows.filter((r) => !unpaid.includes(r)).map((r) => r.recipientId) } },
  });
}

/** Releases the sample's held reviewer fees: payable from `now`. */
export async function releaseReviewerFees(tx: Tx, sampleId: string, now: Date): Promise<void> {
  await tx.payout.updateMany({ where: { subjectId: sampleId, reason: PAYOUT_REASONS.REVIEW_AGREED, payableAfter: HELD_UNTIL_DECIDED }, data: { payableAfter: now } });
}
