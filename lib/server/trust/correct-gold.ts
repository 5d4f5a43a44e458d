import "server-only";
import { goldFindingStillHolds, type GoldAnswer } from "@/lib/domain/trust/gold-challenge-rules";
import type { Tx } from "@/lib/server/chain/index-events";
import { scoredGoldAnswers } from "./gold-answers";

/**
 * Corrects a gold answer after a won challenge, in the deciding transaction: the new answer on the GoldItem, the old
 * and new in a GoldCorrection row, an audit event. Every measure built on gold answers reads the current answer (the
 * fit's gold is read at each fit and a correction makes the next one due at once, fit-schedule.ts; reviewer records,
 * panel eligibility and slash findings read it at each look), so nothing else is rewritten, except slash findings
 * already recorded on the old answer (pendingFindingsAfterCorrection).
 */
export async function correctGoldAnswer(
  tx: Tx,
  args: { goldItemId: string; sampleId: string; campaignId: string; appealId: string; from: GoldAnswer; to: GoldAnswer; now: Date },
): Promise<void> {
  // Stamped when written, not when the decision began: a fit that read the campaign before this (the panel's own
  // inline fit included) must count as older than the correction, so that the next one is due (fit-schedule.ts).
  const correctedAt = new Date(Math.max(args.now.getTime(), Date.now()));
  await tx.goldItem.update({ where: { id: args.goldItemId }, data: { expectedVerdict: args.to.expectedVerdict, expectedLabel: args.to.expectedLabel, correctedAt } });
  await tx.goldCorrection.create({
    data: { goldItemId: args.goldItemId, appealId: args.appealId, fromVerdict: args.from.expectedVerdict, fromLabel: args.from.expectedLabel, toVerdict: args.to.expectedVerdict, toLabel: args.to.expectedLabel, createdAt: args.now },
  });
  await tx.auditEvent.create({ data: { action: "gold.corrected", subject: `sample:${args.sampleId}`, details: { appealId: args.appealId, from: args.from, to: args.to } } });
  await pendingFindingsAfterCorrection(tx, args.campaignId, args.sampleId, args.appealId, args.now);
}

/**
 * Gold-floor findings of the reviewers who answered the corrected item, scored again on the corrected answers of
 * the window each measured. One that no longer holds is cancelled if nothing was signed for it yet (the slasher
 * signs only a FOUND row it still holds, slash-stakes.ts, so a cancelled one is never sent); one already signed or
 * slashed cannot be called back from the escrow, and is logged for an admin (`stake.slash-disputed`).
 */
async function pendingFindingsAfterCorrection(tx: Tx, campaignId: string, sampleId: string, appealId: string, now: Date): Promise<void> {
  const answerers = await tx.review.findMany({ where: { sampleId, goldChallengeId: null }, select: { reviewerId: true } });
  if (answerers.length === 0) return;
  const findings = await tx.stakeSlash.findMany({
    where: { campaignId, kind: "below-gold-floor", userId: { in: answerers.map((a) => a.reviewerId) }, state: { in: ["FOUND", "SIGNED", "SLASHED"] } },
    select: { id: true, key: true, userId: true, state: true, goldAnswers: true, goldSeen: true, floor: true },
  });
  for (const finding of findings) {
    const answers = await scoredGoldAnswers(tx, campaignId, finding.userId);
    const window = answers.slice(finding.goldSeen - finding.goldAnswers, finding.goldSeen);
    if (!window.some((a) => a.sampleId === sampleId)) continue;
    const right = window.map((a) => a.right);
    if (goldFindingStillHolds(right, finding.floor)) {
      await tx.stakeSlash.updateMany({ where: { id: finding.id, state: "FOUND" }, data: { goldCorrect: right.filter(Boolean).length } });
      continue;
    }
    const details = { key: finding.key, appealId, goldAnswers: right.length, goldCorrect: right.filter(Boolean).length, floor: finding.floor };
    const cancelled = finding.state === "FOUND"
      ? (await tx.stakeSlash.updateMany({ where: { id: finding.id, state: "FOUND" }, data: { state: "CANCELLED", leaseOwner: null, leaseUntil: null, lastError: "A gold challenge corrected an answer it measured: the reviewer's accuracy is no longer below the floor.", updatedAt: now } })).count === 1
      : false;
    await tx.auditEvent.create({ data: { action: cancelled ? "stake.slash-cancelled" : "stake.slash-disputed", subject: `user:${finding.userId}`, details } });
  }
}
