import "server-only";
import { className, goldClass, type decideOutcome, type OutcomeSpace } from "@/lib/domain/consensus";
import { PAYOUT_REASONS } from "@/lib/domain/payouts/reasons";
import { goldAnswerOfClass, goldChallengeNote, resolveGoldChallenge, type GoldChallengeResolution } from "@/lib/domain/trust/gold-challenge-rules";
import type { Tx } from "@/lib/server/chain/index-events";
import { db } from "@/lib/server/db";
import { earnPayouts } from "@/lib/server/payouts/earn-payouts";
import { decisionPayoutItems } from "@/lib/server/reviews/decision-payouts";
import { recordBondSettlement } from "./bond-settlement-row";
import { correctGoldAnswer } from "./correct-gold";

type Outcome = ReturnType<typeof decideOutcome>;
type GoldItemAnswer = { id: string; expectedVerdict: "ACCEPT" | "REJECT"; expectedLabel: string | null };
export type JudgedGoldChallenge = {
  item: GoldItemAnswer;
  resolution: GoldChallengeResolution;
  /** The sentence for the challenge's page, for a resolution (the judged one, or the one without a larger panel). */
  noteOf: (resolution: GoldChallengeResolution, largerPanelUnavailable?: boolean) => string;
};

/**
 * A gold challenge's panel, judged: the class the panel decided (if it reached the threshold) against the gold
 * answer's (gold-challenge-rules.ts), and how to say it on the challenge's page.
 */
export async function judgeGoldChallenge(
  sampleId: string,
  space: OutcomeSpace,
  labels: unknown,
  round: 1 | 2,
  outcome: Outcome,
  sizes: readonly number[],
  probability: number,
  threshold: number,
): Promise<JudgedGoldChallenge> {
  const item = await db.goldItem.findUniqueOrThrow({ where: { sampleId }, select: { id: true, expectedVerdict: true, expectedLabel: true } });
  const known = goldClass(space, item, labels);
  const decided = outcome.decision === "ACCEPT" ? (outcome.outcomeClass ?? null) : outcome.decision === "REJECT" ? space.unacceptable : null;
  const resolution = resolveGoldChallenge(round, outcome.decision, decided, known);
  const name = (k: number | null) => (k === null ? null : className(space, k));
  const noteOf = (judged: GoldChallengeResolution, largerPanelUnavailable = false) =>
    goldChallengeNote({ sizes, resolution: judged, probability, threshold, decidedName: name(decided), goldName: name(known) ?? item.expectedVerdict.toLowerCase(), largerPanelUnavailable });
  return { item, resolution, noteOf };
}

/**
 * What a decided gold challenge writes besides closing it (decide-panel.ts closes it behind its compare-and-set), in
 * the deciding transaction: the item's status back (gold is never decided, and is served as gold again), the
 * correction when the challenge won (correct-gold.ts), the panel's fees as any panel's (to those who voted for the
 * class decided; never a reward, gold ships nothing), the bond's settlement and the audit event.
 */
export async function closeGoldChallenge(
  tx: Tx,
  args: {
    appealId: string;
    sampleId: string;
    campaign: { id: string; rewardWei: string; reviewerFeeWei: string };
    space: OutcomeSpace;
    item: GoldItemAnswer;
    resolution: Extract<GoldChallengeResolution, { kind: "final" }>;
    note: string;
    outcome: Outcome;
    panelReviews: { reviewerId: string; voteClass: number | null }[];
    panelistAddresses: string[];
    decisionId: string;
    now: Date;
  },
): Promise<void> {
  const { appealId, sampleId, campaign, space, item, outcome, now } = args;
  const { appealedStatus } = await tx.appeal.findUniqueOrThrow({ where: { id: appealId }, select: { appealedStatus: true } });
  await tx.sample.update({ where: { id: sampleId }, data: { status: (appealedStatus as "PENDING_REVIEW" | "ACCEPTED" | "REJECTED" | "ESCALATED" | null) ?? "PENDING_REVIEW" } });
  const { correctedClass, appealState } = args.resolution;
  if (correctedClass !== null) {
    await correctGoldAnswer(tx, { goldItemId: item.id, sampleId, campaignId: campaign.id, appealId, from: item, to: goldAnswerOfClass(space, correctedClass), now });
  }
  const decidedClass = outcome.decision === "ACCEPT" ? (outcome.outcomeClass ?? null) : outcome.decision === "REJECT" ? space.unacceptable : null;
  if (decidedClass !== null) {
    // Outcome "REJECT" so that no contributor's reward is among the items; only the fees are kept.
    const fees = decisionPayoutItems({ sampleId, outcome: "REJECT", decidedClass, contributorId: "", campaign, reviews: args.panelReviews, final: true }).filter((i) => i.reason === PAYOUT_REASONS.REVIEW_AGREED);
    if (fees.length > 0) await earnPayouts(tx, fees);
  }
  await recordBondSettlement(tx, appealId, appealState, args.panelistAddresses);
  await tx.auditEvent.create({ data: { action: `appeal.${appealState.toLowerCase()}`, subject: `appeal:${appealId}`, details: { sampleId, kind: "gold", decisionId: args.decisionId, note: args.note } } });
}
