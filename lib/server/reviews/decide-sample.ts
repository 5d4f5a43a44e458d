import "server-only";
import { decideOutcome, itemPosterior, reviewerReliabilities, type Decision, type OutcomeSpace } from "@/lib/domain/consensus";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { SampleStatus } from "@/lib/generated/prisma/enums";
import { ZLabelSchema } from "@/lib/schemas/label-schema";
import { db } from "@/lib/server/db";
import { campaignConsensus, saveSnapshot, type CampaignConsensus } from "./campaign-consensus";
import { decisionInputs, describeSample, type DecisionInputs } from "./decision-inputs";
import { earnDecisionPayouts } from "./decision-payouts";
import { applyReliabilityFloor } from "./reliability-floor";
import { reviewTransaction } from "./unique-violation";

export type RecordedDecision = { id: string; outcome: Decision; posterior: number; label: string | null; flagged: boolean };

type Tx = Prisma.TransactionClient;
type DecisionCampaign = { id: string; acceptThreshold: number; reviewsPerItem: number; maxReviews: number };

/**
 * Fits the campaign's consensus after a verdict and applies the one decision rule to the sample (k = reviewsPerItem,
 * k_max = maxReviews, the campaign's threshold): accept it with a label (or as labeled) when that class's calibrated
 * posterior reaches the threshold, reject it when "unacceptable" does, ask for one more review, or escalate it. Each
 * run that decides something is recorded as a ConsensusDecision with the posterior, the votes and the snapshot behind it.
 *
 * Nothing happens while some of the sample's review slots are still out: deciding on 2 of 3 votes would waste the
 * third reviewer's work. Gold items are never decided: their answers are known, their reviews measure reviewers.
 * A decided sample never flips silently: if a later fit disagrees, that run is recorded, flagged, and not applied.
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
  const campaign = { ...sample.campaign, labelSchema: ZLabelSchema.parse(sample.campaign.labelSchema) };
  const reviews = sample._count.reviews;
  if (!sample.goldItem && sample.status === "PENDING_REVIEW" && reviews < sample.requiredReviews) return null;

  const consensus = await campaignConsensus(db, campaign);
  const sampleReviews = consensus.reviews.filter((r) => r.sampleId === sampleId);
  const floor = (tx: Tx) => applyReliabilityFloor(tx, campaign, reviewerReliabilities(consensus.model), sampleReviews.map((r) => r.reviewerId));
  if (sample.goldItem) {
    // Never decided, but a gold answer is exactly what measures a reviewer: check the floor at once.
    await reviewTransaction(async (tx) => {
      await saveSnapshot(tx, campaign.id, consensus);
      await floor(tx);
    });
    return null;
  }

  const described = describeSample(consensus, sampleId);
  const settings = { threshold: campaign.acceptThreshold, minReviews: campaign.reviewsPerItem, maxReviews: campaign.maxReviews, reviews, requiredReviews: sample.requiredReviews };
  const outcome = decideOutcome({ posterior: described.posterior, unacceptable: consensus.space.unacceptable, ...settings });
  const label = shippedLabel(consensus.space, outcome);

  return reviewTransaction(async (tx) => {
    const version = await saveSnapshot(tx, campaign.id, consensus);
    const inputs = decisionInputs(consensus, { version, fittedAt: now }, described, outcome, settings);
    const decision = { sampleId, outcome: outcome.decision, posterior: bestLabelProbability(consensus.space, described.posterior), label, reviews, inputs };
    let recorded: RecordedDecision | null = null;
    if (sample.status === "PENDING_REVIEW") {
      // Compare-and-set: applies only if nobody decided or re-sized the sample since it was read.
      const applied = await tx.sample.updateMany({
        where: { id: sampleId, status: "PENDING_REVIEW", requiredReviews: sample.requiredReviews },
        data: sampleUpdate(outcome.decision, decision.posterior, label, reviews, now),
      });
      if (applied.count === 1) {
        recorded = await record(tx, { ...decision, flagged: false });
        if (outcome.decision === "ACCEPT" || outcome.decision === "REJECT") {
          const decidedClass = outcome.decision === "REJECT" ? consensus.space.unacceptable : outcome.outcomeClass!;
          await earnDecisionPayouts(tx, { sampleId, outcome: outcome.decision, decidedClass, contributorId: sample.contributorId, campaign, reviews: sampleReviews });
        }
      } else {
        const current = await tx.sample.findUniqueOrThrow({ where: { id: sampleId }, select: { status: true, consensusLabel: true } });
        // Still pending: a concurrent verdict re-sized it, and its own run decides.
        if (reverses(consensus.space, current, outcome.decision, outcome.outcomeClass)) recorded = await record(tx, { ...decision, flagged: true });
      }
    } else {
      const current = await tx.sample.findUniqueOrThrow({ where: { id: sampleId }, select: { status: true, consensusLabel: true } });
      if (reverses(consensus.space, current, outcome.decision, outcome.outcomeClass)) recorded = await record(tx, { ...decision, flagged: true });
    }
    await flagReversals(tx, campaign, consensus, { version, fittedAt: now }, sampleId);
    await floor(tx);
    return recorded;
  });
}

/**
 * The label a sample ships with: the accepted label of a classification campaign; null when it ships as labeled, and
 * for any outcome but an acceptance (nothing ships).
 */
function shippedLabel(space: OutcomeSpace, outcome: { decision: Decision; outcomeClass: number | null }): string | null {
  return outcome.decision === "ACCEPT" && space.kind === "labels" && outcome.outcomeClass !== null ? space.classNames[outcome.outcomeClass]! : null;
}

/** Sample.posterior: P(the most probable acceptable class is right), the probability an accepted sample ships with. */
function bestLabelProbability(space: OutcomeSpace, posterior: readonly number[]): number {
  let best = 0;
  posterior.forEach((p, k) => {
    if (k !== space.unacceptable && p > best) best = p;
  });
  return best;
}

function sampleUpdate(outcome: Decision, posterior: number, label: string | null, reviews: number, now: Date): Prisma.SampleUpdateManyMutationInput {
  switch (outcome) {
    case "ACCEPT":
      return { status: "ACCEPTED", posterior, consensusLabel: label, decidedAt: now };
    case "REJECT":
      return { status: "REJECTED", posterior, consensusLabel: null, decidedAt: now };
    case "ESCALATE":
      return { status: "ESCALATED", posterior, decidedAt: now };
    case "NEED_MORE_REVIEWS":
      // One more slot; decideOutcome only asks for more below k_max, so this never exceeds maxReviews.
      return { requiredReviews: reviews + 1 };
  }
}

/**
 * What must never happen silently: an accepted sample turning into a rejection or into another label, or a rejected
 * sample into an acceptance.
 */
function reverses(space: OutcomeSpace, current: { status: SampleStatus; consensusLabel: string | null }, outcome: Decision, outcomeClass: number | null): boolean {
  if (current.status === "REJECTED") return outcome === "ACCEPT";
  if (current.status !== "ACCEPTED") return false;
  if (outcome === "REJECT") return true;
  if (outcome !== "ACCEPT" || space.kind !== "labels" || current.consensusLabel === null) return false;
  return space.classNames[outcomeClass!] !== current.consensusLabel;
}

async function record(tx: Tx, data: { sampleId: string; outcome: Decision; posterior: number; label: string | null; reviews: number; inputs: DecisionInputs; flagged: boolean }): Promise<RecordedDecision> {
  return tx.consensusDecision.create({ data: { ...data, inputs: data.inputs as unknown as Prisma.InputJsonValue }, select: { id: true, outcome: true, posterior: true, label: true, flagged: true } });
}

/**
 * A new fit changes reviewer weights, and with them the posteriors of samples decided earlier. Such a sample keeps
 * its status; a reversal is recorded as a flagged decision for an admin, once per reversal.
 */
async function flagReversals(tx: Tx, campaign: DecisionCampaign, consensus: CampaignConsensus, snapshot: { version: number; fittedAt: Date }, except: string): Promise<void> {
  const decided = await tx.sample.findMany({
    where: { campaignId: campaign.id, status: { in: ["ACCEPTED", "REJECTED"] }, id: { not: except } },
    select: { id: true, status: true, consensusLabel: true },
  });
  const flags = await decidedAgain(tx, campaign, consensus, snapshot, decided, (sample, outcome) => reverses(consensus.space, sample, outcome.decision, outcome.outcomeClass));
  for (const flag of flags) await record(tx, flag);
}

type FlagRow = { sampleId: string; outcome: Decision; posterior: number; label: string | null; reviews: number; inputs: DecisionInputs; flagged: true };

/**
 * Decides `samples` again under the current fit; returns a flagged decision for each one `flag` picks that has no
 * flagged decision with that outcome yet.
 */
export async function decidedAgain(
  tx: Tx,
  campaign: DecisionCampaign,
  consensus: CampaignConsensus,
  snapshot: { version: number; fittedAt: Date },
  samples: readonly { id: string; status: SampleStatus; consensusLabel: string | null }[],
  flag: (sample: { status: SampleStatus; consensusLabel: string | null }, outcome: ReturnType<typeof decideOutcome>) => boolean,
): Promise<FlagRow[]> {
  const votesOf = new Map<string, { reviewerId: string; label: number }[]>();
  for (const r of consensus.reviews) {
    if (r.voteClass === null) continue;
    const list = votesOf.get(r.sampleId) ?? [];
    list.push({ reviewerId: r.reviewerId, label: r.voteClass });
    votesOf.set(r.sampleId, list);
  }
  const candidates = samples.flatMap((s) => {
    const votes = votesOf.get(s.id) ?? [];
    if (votes.length === 0) return [];
    const posterior = itemPosterior(consensus.model, votes);
    // Re-decided as it stands: its own vote count is both k and k_max, so "undecided" reads as escalate.
    const outcome = decideOutcome({ posterior, unacceptable: consensus.space.unacceptable, threshold: campaign.acceptThreshold, reviews: votes.length, minReviews: votes.length, maxReviews: votes.length });
    return flag(s, outcome) ? [{ sample: s, outcome }] : [];
  });
  if (candidates.length === 0) return [];
  const already = await tx.consensusDecision.findMany({ where: { sampleId: { in: candidates.map((c) => c.sample.id) }, flagged: true }, select: { sampleId: true, outcome: true } });
  const seen = new Set(already.map((d) => `${d.sampleId}:${d.outcome}`));
  return candidates.flatMap(({ sample, outcome }) => {
    if (seen.has(`${sample.id}:${outcome.decision}`)) return [];
    const described = describeSample(consensus, sample.id);
    const reviews = described.votes.length;
    const settings = { threshold: campaign.acceptThreshold, minReviews: campaign.reviewsPerItem, maxReviews: campaign.maxReviews, reviews, requiredReviews: reviews };
    const inputs = { ...decisionInputs(consensus, snapshot, described, outcome, settings), raisedRequiredReviews: false };
    return [{ sampleId: sample.id, outcome: outcome.decision, posterior: bestLabelProbability(consensus.space, described.posterior), label: shippedLabel(consensus.space, outcome), reviews, inputs, flagged: true as const }];
  });
}
