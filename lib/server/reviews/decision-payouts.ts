import "server-only";
import { PAYOUT_REASONS } from "@/lib/domain/payouts/reasons";
import { reviewerFeePayableAfter } from "@/lib/domain/trust/appeal-rules";
import { agreeingReviewerIds } from "@/lib/domain/reviews/reviewer-fees";
import type { Prisma } from "@/lib/generated/prisma/client";
import { earnPayouts, type EarnItem } from "@/lib/server/payouts/earn-payouts";

export type DecisionPayoutArgs = {
  sampleId: string;
  outcome: "ACCEPT" | "REJECT";
  /** The outcome class decided (see outcome-space.ts): the accepted label, or "unacceptable". */
  decidedClass: number;
  contributorId: string;
  campaign: { id: string; rewardWei: string; reviewerFeeWei: string; appealWindowDays?: number };
  reviews: { reviewerId: string; voteClass: number | null }[];
  /** When the decision was taken: a rejection's reviewer fees wait for its appeal window (appeal-rules.ts). */
  decidedAt?: Date;
  /** A panel's final decision: nothing can be appealed any more, so no fee waits. */
  final?: boolean;
};

/**
 * What a decision earns, written in the decision's own transaction so that the decision and its payouts commit or
 * vanish together: the contributor's reward for an accepted sample, and the campaign's reviewer fee for every reviewer
 * whose vote was for the class decided. Both count against the campaign budget (earnPayouts
 * funds them in earning order) and are idempotent on reason:sample:recipient, so a re-decision never pays twice.
 */
export async function earnDecisionPayouts(tx: Prisma.TransactionClient, args: DecisionPayoutArgs): Promise<void> {
  const items = decisionPayoutItems(args);
  if (items.length > 0) await earnPayouts(tx, items);
}

/** The payouts a decision earns (see earnDecisionPayouts), for whichever connection writes them. */
export function decisionPayoutItems(args: DecisionPayoutArgs): EarnItem[] {
  const reward = BigInt(args.campaign.rewardWei);
  const fee = BigInt(args.campaign.reviewerFeeWei);
  const items: EarnItem[] = [];
  if (args.outcome === "ACCEPT" && reward > 0n) {
    items.push({ reason: PAYOUT_REASONS.SAMPLE_ACCEPTED, subjectId: args.sampleId, recipientUserId: args.contributorId, amountWei: reward, campaignId: args.campaign.id });
  }
  const payableAfter = args.final || !args.decidedAt ? null : reviewerFeePayableAfter(args.outcome, args.decidedAt, args.campaign.appealWindowDays ?? 0);
  if (fee > 0n) {
    for (const reviewerId of agreeingReviewerIds(args.decidedClass, args.reviews)) {
      items.push({ reason: PAYOUT_REASONS.REVIEW_AGREED, subjectId: args.sampleId, recipientUserId: reviewerId, amountWei: fee, campaignId: args.campaign.id, ...(payableAfter ? { payableAfter } : {}) });
    }
  }
  return items;
}
