import "server-only";
import { createHash } from "node:crypto";
import { choosePanel, eligiblePanelists, panelSizeFor, type PanelCandidate } from "@/lib/domain/trust/panel-rules";
import { stakeCovers } from "@/lib/domain/trust/stake-rules";
import type { Tx } from "@/lib/server/chain/index-events";

export type SeatedPanel = { round: 1 | 2; reviewerIds: string[] };

/**
 * Seats the panel of an open appeal's `round` inside the caller's transaction, exactly once: a compare-and-set moves
 * the appeal from the round before to this one, so two workers (or the indexer and the worker) cannot both seat it.
 * The panel (its size by panelSizeFor: a campaign too small for a panel of 7 seats a smaller larger one) is chosen by panel-rules.ts among the campaign's active reviewers whose stake covers the campaign's,
 * never the sample's contributor nor anyone who reviewed or was served the sample before (earlier panels included).
 * The sample goes back to the review queue with one slot per seat; the queue serves it to its panelists only, as an
 * ordinary item (review-rows.ts). Returns null, writing nothing, while too few reviewers are eligible.
 *
 * A gold challenge's panel judges a gold item, which is never decided and may have any status: it is put before the
 * panel as waiting for review (its status comes back when the panel decided, decide-panel.ts), with one slot per seat
 * above those in use, and leases other reviewers hold on it as gold are left alone. Also excluded: the challenger and
 * everyone whose quiz showed the item (they answered it, and know it for gold).
 */
export async function seatPanel(tx: Tx, appealId: string, round: 1 | 2, now: Date): Promise<SeatedPanel | null> {
  const appeal = await tx.appeal.findUnique({
    where: { id: appealId },
    select: { state: true, round: true, kind: true, sample: { select: { id: true, status: true, campaignId: true, contributorId: true, campaign: { select: { reviewStakeWei: true } } } } },
  });
  if (!appeal || appeal.state !== "OPEN" || appeal.round !== round - 1) return null;
  const { sample } = appeal;
  const gold = appeal.kind === "gold";
  // A first panel reviews a decision (a rejection, or a sample left undecided); a second one follows a split first.
  const expected = round === 1 ? ["REJECTED", "ESCALATED"] : ["PENDING_REVIEW"];
  if (!gold && !expected.includes(sample.status)) return null;

  const excluded = await excludedReviewerIds(tx, appealId, sample);
  const candidates = await panelCandidates(tx, sample.campaignId, BigInt(sample.campaign.reviewStakeWei));
  const size = panelSizeFor(round, eligiblePanelists(candidates, excluded).length);
  if (size === null) return null;
  const chosen = choosePanel(candidates, excluded, size, (reviewerId) => tieBreak(sample.id, reviewerId));
  if (!chosen) return null;

  const moved = await tx.appeal.updateMany({ where: { id: appealId, state: "OPEN", round: round - 1 }, data: { round } });
  if (moved.count !== 1) return null;
  await tx.panelSeat.createMany({ data: chosen.map((reviewerId) => ({ appealId, round, reviewerId, createdAt: now })) });
  if (gold) {
    const inUse = await tx.reviewAssignment.count({ where: { sampleId: sample.id, status: { in: ["LEASED", "DONE"] } } });
    await tx.sample.update({ where: { id: sample.id }, data: { status: "PENDING_REVIEW", requiredReviews: inUse + size } });
  } else {
    // Leases left over from before the decision hold no slot a panelist needs.
    await tx.reviewAssignment.deleteMany({ where: { sampleId: sample.id, status: "LEASED" } });
    const reviews = await tx.review.count({ where: { sampleId: sample.id } });
    await tx.sample.update({ where: { id: sample.id }, data: { status: "PENDING_REVIEW", requiredReviews: reviews + size } });
  }
  await tx.auditEvent.create({ data: { action: "appeal.panel-seated", subject: `appeal:${appealId}`, details: { round, size } } });
  return { round, reviewerIds: chosen };
}

/**
 * The contributor, everyone who reviewed or was served the sample, and everyone ever seated on its panels; for a gold
 * challenge also the challenger and everyone whose quiz showed the item.
 */
export async function excludedReviewerIds(tx: Tx, appealId: string, sample: { id: string; contributorId: string; campaignId: string }): Promise<Set<string>> {
  const [reviews, assignments, seats, appeal] = await Promise.all([
    tx.review.findMany({ where: { sampleId: sample.id }, select: { reviewerId: true } }),
    tx.reviewAssignment.findMany({ where: { sampleId: sample.id }, select: { reviewerId: true } }),
    tx.panelSeat.findMany({ where: { appealId }, select: { reviewerId: true } }),
    tx.appeal.findUniqueOrThrow({ where: { id: appealId }, select: { kind: true, appellantId: true } }),
  ]);
  const gold = appeal.kind === "gold" ? [appeal.appellantId, ...(await quizAnswererIds(tx, sample.id, sample.campaignId))] : [];
  return new Set([sample.contributorId, ...reviews.map((r) => r.reviewerId), ...assignments.map((a) => a.reviewerId), ...seats.map((s) => s.reviewerId), ...gold]);
}

/** Everyone whose submitted quiz sitting showed the sample (a quiz answer is kept in the sitting, not as a Review). */
async function quizAnswererIds(tx: Tx, sampleId: string, campaignId: string): Promise<string[]> {
  const sittings = await tx.quizAttempt.findMany({ where: { campaignId }, select: { userId: true, sampleIds: true } });
  return sittings.filter((s) => Array.isArray(s.sampleIds) && (s.sampleIds as unknown[]).includes(sampleId)).map((s) => s.userId);
}

/** The campaign's active reviewers with their measured reliability, gold answers and whether their stake covers it. */
export async function panelCandidates(tx: Tx, campaignId: string, requiredStake: bigint): Promise<PanelCandidate[]> {
  const reviewers = await tx.campaignReviewer.findMany({ where: { campaignId, active: true }, select: { userId: true, reliability: true } });
  if (reviewers.length === 0) return [];
  const ids = reviewers.map((r) => r.userId);
  const [stakes, gold] = await Promise.all([
    tx.reviewerStake.findMany({ where: { campaignId, userId: { in: ids } }, select: { userId: true, activeWei: true } }),
    tx.review.groupBy({ by: ["reviewerId"], where: { reviewerId: { in: ids }, goldChallengeId: null, sample: { campaignId, goldItem: { isNot: null } } }, _count: { _all: true } }),
  ]);
  const active = new Map(stakes.map((s) => [s.userId, BigInt(s.activeWei)]));
  const goldAnswers = new Map(gold.map((g) => [g.reviewerId, g._count._all]));
  return reviewers.map((r) => ({
    reviewerId: r.userId,
    reliability: r.reliability,
    goldAnswers: goldAnswers.get(r.userId) ?? 0,
    stakeCovers: stakeCovers(active.get(r.userId) ?? 0n, requiredStake),
  }));
}

/** A per-sample order among equally reliable reviewers, so that no reviewer is first in every tie. */
export function tieBreak(sampleId: string, reviewerId: string): number {
  return createHash("sha256").update(`${sampleId}:${reviewerId}`).digest().readUInt32BE(0);
}
