import "server-only";
import { decide, type Decision } from "@/lib/domain/consensus";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { SampleStatus } from "@/lib/generated/prisma/enums";
import { ZLabelSchema } from "@/lib/schemas/label-schema";
import { db } from "@/lib/server/db";
import { campaignConsensus, type CampaignConsensus } from "./campaign-consensus";
import { describeLabel, describeModels, describeVotes, type DecisionInputs } from "./decision-inputs";
import { earnDecisionPayouts } from "./decision-payouts";
import { applyReliabilityFloor } from "./reliability-floor";
import { reviewTransaction } from "./unique-violation";

export type RecordedDecision = { id: string; outcome: Decision; posterior: number; label: string | null; flagged: boolean };

type Tx = Prisma.TransactionClient;

/**
 * Runs consensus after a verdict and applies the decision rule to the sample (k = reviewsPerItem, k_max = maxReviews,
 * the campaign's threshold): accept or reject it, ask for one more review, or escalate it to an admin. Each run that
 * decides something is recorded as a ConsensusDecision with the votes and weights behind it.
 *
 * Nothing happens while some of the sample's review slots are still out: deciding on 2 of 3 votes would waste the
 * third reviewer's work. Gold items are never decided: their answers are known, their reviews measure reviewers.
 * A decided sample never flips silently: if a later run disagrees, that run is recorded, flagged, and not applied.
 */
export async function decideSample(sampleId: string, options: { now?: Date } = {}): Promise<RecordedDecision | null> {
  const now = options.now ?? new Date();
  const sample = await db.sample.findUnique({
    where: { id: sampleId },
    select: {
      id: true,
      status: true,
      requiredReviews: true,
      contributorId: true,
      goldItem: { select: { id: true } },
      campaign: { select: { id: true, labelSchema: true, acceptThreshold: true, reviewsPerItem: true, maxReviews: true, rewardWei: true, reviewerFeeWei: true, reliabilityFloor: true } },
      _count: { select: { reviews: true } },
    },
  });
  if (!sample) throw new AppError("NOT_FOUND", "That sample does not exist.");
  const { campaign } = sample;
  if (sample.goldItem) {
    // Never decided, but a gold answer is exactly what measures a reviewer: check the floor at once.
    const consensus = await campaignConsensus(db, campaign.id, ZLabelSchema.parse(campaign.labelSchema));
    const voters = consensus.reviews.filter((r) => r.sampleId === sampleId).map((r) => r.reviewerId);
    await reviewTransaction((tx) => applyReliabilityFloor(tx, campaign, consensus.verdicts.reviewers, voters));
    return null;
  }
  const reviews = sample._count.reviews;
  if (sample.status === "PENDING_REVIEW" && reviews < sample.requiredReviews) return null;

  const consensus = await campaignConsensus(db, campaign.id, ZLabelSchema.parse(campaign.labelSchema));
  const sampleReviews = consensus.reviews.filter((r) => r.sampleId === sampleId);
  const { pAccept, votes } = describeVotes(consensus, sampleId);
  const outcome = decide({ pAccept, threshold: campaign.acceptThreshold, reviews, minReviews: campaign.reviewsPerItem, maxReviews: campaign.maxReviews });
  const label = describeLabel(consensus, sampleId);
  const inputs: DecisionInputs = {
    ...describeModels(consensus),
    pAccept,
    threshold: campaign.acceptThreshold,
    minReviews: campaign.reviewsPerItem,
    maxReviews: campaign.maxReviews,
    reviews,
    requiredReviews: sample.requiredReviews,
    votes,
    labelPosterior: label.posterior,
    campaignReviews: consensus.reviews.length,
    goldItems: consensus.goldSampleIds.size,
    iterations: consensus.verdicts.iterations,
    converged: consensus.verdicts.converged,
    raisedRequiredReviews: outcome === "NEED_MORE_REVIEWS",
  };
  const decision = { sampleId, outcome, posterior: pAccept, label: label.label, reviews, inputs: inputs as unknown as Prisma.InputJsonValue };

  return reviewTransaction(async (tx) => {
    let recorded: RecordedDecision | null = null;
    if (sample.status === "PENDING_REVIEW") {
      // Compare-and-set: applies only if nobody decided or re-sized the sample since it was read.
      const applied = await tx.sample.updateMany({
        where: { id: sampleId, status: "PENDING_REVIEW", requiredReviews: sample.requiredReviews },
        data: sampleUpdate(outcome, pAccept, label.label, reviews, now),
      });
      if (applied.count === 1) {
        recorded = await record(tx, { ...decision, flagged: false });
        if (outcome === "ACCEPT" || outcome === "REJECT") await earnDecisionPayouts(tx, { sampleId, outcome, contributorId: sample.contributorId, campaign, reviews: sampleReviews });
      } else {
        const current = await tx.sample.findUniqueOrThrow({ where: { id: sampleId }, select: { status: true } });
        // Still pending: a concurrent verdict re-sized it, and its own run decides.
        if (reverses(current.status, outcome)) recorded = await record(tx, { ...decision, flagged: true });
      }
    } else if (reverses(sample.status, outcome)) {
      recorded = await record(tx, { ...decision, flagged: true });
    }
    await flagReversals(tx, campaign, consensus, sampleId);
    await applyReliabilityFloor(tx, campaign, consensus.verdicts.reviewers, sampleReviews.map((r) => r.reviewerId));
    return recorded;
  });
}

function sampleUpdate(outcome: Decision, pAccept: number, label: string | null, reviews: number, now: Date): Prisma.SampleUpdateManyMutationInput {
  switch (outcome) {
    case "ACCEPT":
      return { status: "ACCEPTED", posterior: pAccept, consensusLabel: label, decidedAt: now };
    case "REJECT":
      return { status: "REJECTED", posterior: pAccept, consensusLabel: label, decidedAt: now };
    case "ESCALATE":
      return { status: "ESCALATED", posterior: pAccept, decidedAt: now };
    case "NEED_MORE_REVIEWS":
      // One more slot; decide() only asks for more below k_max, so this never exceeds maxReviews.
      return { requiredReviews: reviews + 1 };
  }
}

/** A settled accept turning into a reject (or the reverse) is what must never happen silently. */
function reverses(status: SampleStatus, outcome: Decision): boolean {
  return (status === "ACCEPTED" && outcome === "REJECT") || (status === "REJECTED" && outcome === "ACCEPT");
}

async function record(tx: Tx, data: { sampleId: string; outcome: Decision; posterior: number; label: string | null; reviews: number; inputs: Prisma.InputJsonValue; flagged: boolean }): Promise<RecordedDecision> {
  const row = await tx.consensusDecision.create({ data, select: { id: true, outcome: true, posterior: true, label: true, flagged: true } });
  return row;
}

/**
 * New votes change reviewer weights, and with them the posteriors of samples decided earlier. Such a sample keeps
 * its status; a reversal is recorded as a flagged decision for an admin, once per reversal.
 */
async function flagReversals(tx: Tx, campaign: { id: string; acceptThreshold: number; reviewsPerItem: number; maxReviews: number }, consensus: CampaignConsensus, except: string): Promise<void> {
  const decided = await tx.sample.findMany({ where: { campaignId: campaign.id, status: { in: ["ACCEPTED", "REJECTED"] }, id: { not: except } }, select: { id: true, status: true } });
  const status = new Map(decided.map((s) => [s.id, s.status]));
  const reversed = consensus.verdicts.items.flatMap((item) => {
    const current = status.get(item.itemId);
    if (!current || item.votes.length === 0) return [];
    const pAccept = item.posterior[1] ?? 0;
    const outcome = decide({ pAccept, threshold: campaign.acceptThreshold, reviews: item.votes.length, minReviews: Math.min(campaign.reviewsPerItem, item.votes.length), maxReviews: Math.max(campaign.maxReviews, item.votes.length) });
    return reverses(current, outcome) ? [{ sampleId: item.itemId, outcome, pAccept }] : [];
  });
  if (reversed.length === 0) return;
  const alreadyFlagged = await tx.consensusDecision.findMany({ where: { sampleId: { in: reversed.map((r) => r.sampleId) }, flagged: true }, select: { sampleId: true, outcome: true } });
  const seen = new Set(alreadyFlagged.map((d) => `${d.sampleId}:${d.outcome}`));
  for (const r of reversed) {
    if (seen.has(`${r.sampleId}:${r.outcome}`)) continue;
    const { votes } = describeVotes(consensus, r.sampleId);
    const label = describeLabel(consensus, r.sampleId);
    const inputs = { ...describeModels(consensus), pAccept: r.pAccept, threshold: campaign.acceptThreshold, minReviews: campaign.reviewsPerItem, maxReviews: campaign.maxReviews, reviews: votes.length, votes, labelPosterior: label.posterior, recomputedAfter: except };
    await record(tx, { sampleId: r.sampleId, outcome: r.outcome, posterior: r.pAccept, label: label.label, reviews: votes.length, inputs: inputs as unknown as Prisma.InputJsonValue, flagged: true });
  }
}
