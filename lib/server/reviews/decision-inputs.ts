import "server-only";
import { explainItem, reviewerReliabilities, type FittedConsensus, type OutcomeDecision, type OutcomeSpace } from "@/lib/domain/consensus";
import type { CampaignConsensus } from "./campaign-consensus";
import { currentReviewsOfSample, reviewsOfSample, type CampaignReview } from "./campaign-reviews";

/** One vote as the engine weighed it. */
export type DecisionVote = {
  reviewId: string;
  reviewerId: string;
  verdict: "ACCEPT" | "REJECT";
  reason: string | null;
  label: string | null;
  /** The outcome class the vote stands for (a label, "unacceptable", "accepted as labeled"); null: none of the schema. */
  votedFor: string | null;
  /** In nats toward the most probable class, against the runner-up (negative: toward the runner-up). */
  weight: number;
  /** The engine's estimate of this reviewer's P(correct vote) over the whole campaign. */
  reliability: number;
};

/** Stored as ConsensusDecision.inputs: enough to show, and to re-check, how a decision was reached. */
export type DecisionInputs = {
  /** 2: one calibrated decision over label and acceptability. Decisions of rule 1 (accept/reject and label apart) have no `rule`. */
  rule: 2;
  /** "admin": an admin settled an escalated sample; the rest is the evidence of the escalation they saw. */
  engine: "dawid-skene" | "admin";
  resolvedBy?: string;
  note?: string | null;
  /** What the classes are: the campaign's labels and "unacceptable", or "accepted as labeled" and "unacceptable". */
  space: "labels" | "as-labeled";
  /** P(class) by class name, calibrated; the classes are the campaign's labels and "unacceptable", or "accepted as labeled" and "unacceptable". */
  classPosterior: Record<string, number>;
  /** The class the decision was about: the accepted label, "unacceptable" for a rejection, else the most probable label. */
  decidedClass: string | null;
  /** The class the votes were weighed against. */
  runnerUp: string;
  threshold: number;
  minReviews: number;
  maxReviews: number;
  reviews: number;
  requiredReviews: number;
  votes: DecisionVote[];
  /**
   * The snapshot of the campaign's model the decision used, and how many of the campaign's reviews came in after it
   * was read (0 for an inline fit; absent on decisions recorded before snapshots were read at scale).
   */
  snapshot: { version: number; fittedAt: string; reviews: number; goldItems: number; votesBehind?: number; decisionMargin?: number };
  calibration: { temperature: number; misleading: number; goldItems: number; ece: number | null };
  /** This run asked for one more review (so an undo of its last verdict gives that slot back). */
  raisedRequiredReviews: boolean;
  /** Set on the flags of a re-check: which rule the sample was decided under. */
  recheckedFromRule?: number;
};

/** Rule 1 decisions, still shown on sample pages: P(accept) and a separate label posterior. */
export type LegacyDecisionInputs = { engine: string; pAccept: number; threshold: number; reviews: number; maxReviews: number; note?: string | null; labelPosterior?: Record<string, number> | null; votes: { reviewId: string; reviewerId: string; verdict: "ACCEPT" | "REJECT"; reason: string | null; label: string | null; weight: number; reliability: number }[] };

/** The model a decision is taken with, and which snapshot of the campaign's fits it is. */
export type DecisionModel = {
  space: OutcomeSpace;
  model: FittedConsensus;
  snapshot: { version: number; fittedAt: Date; reviews: number; goldItems: number; votesBehind: number; decisionMargin: number };
};

export type SampleReview = Pick<CampaignReview, "id" | "reviewerId" | "verdict" | "reason" | "label" | "voteClass">;

/** The posterior of one sample from its own reviews under a fitted model, and its votes weighed. */
export function describeVotes(space: OutcomeSpace, model: FittedConsensus, unordered: readonly SampleReview[]): { posterior: number[]; votes: DecisionVote[]; runnerUp: number } {
  // In the order they were given (review ids grow with time), however they were read.
  const sampleReviews = [...unordered].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const counted = sampleReviews.flatMap((r) => (r.voteClass === null ? [] : [{ reviewerId: r.reviewerId, label: r.voteClass }]));
  const explanation = explainItem(model, counted);
  const weights = new Map(explanation.votes.map((v) => [v.reviewerId, v.weight]));
  const reliability = new Map(reviewerReliabilities(model, sampleReviews.map((r) => r.reviewerId)).map((r) => [r.reviewerId, r.reliability]));
  const votes = sampleReviews.map((r) => ({
    reviewId: r.id,
    reviewerId: r.reviewerId,
    verdict: r.verdict,
    reason: r.reason,
    label: r.label,
    votedFor: r.voteClass === null ? null : space.classNames[r.voteClass]!,
    weight: weights.get(r.reviewerId) ?? 0,
    // A reviewer the fit has not seen yet weighs as a new reviewer.
    reliability: reliability.get(r.reviewerId) ?? newReviewerReliability(model),
  }));
  return { posterior: explanation.posterior, votes, runnerUp: explanation.runnerUp };
}

/** The posterior of one sample under a campaign fit that holds its reviews (read with their ids). */
export function describeSample(consensus: CampaignConsensus, sampleId: string): ReturnType<typeof describeVotes> {
  return describeVotes(consensus.space, consensus.model, reviewsOfSample(consensus.read, sampleId));
}

/** describeSample for any read; null if the sample's reviews changed since the fit read them. */
export function describeSampleAsRead(consensus: CampaignConsensus, sampleId: string): ReturnType<typeof describeVotes> | null {
  const reviews = currentReviewsOfSample(consensus.read, sampleId);
  return reviews && describeVotes(consensus.space, consensus.model, reviews);
}

/** What a whole-campaign fit is as a decision model. */
export function decisionModel(consensus: CampaignConsensus, snapshot: { version: number; fittedAt: Date; decisionMargin?: number }): DecisionModel {
  return { space: consensus.space, model: consensus.model, snapshot: { ...snapshot, decisionMargin: snapshot.decisionMargin ?? 0, reviews: consensus.read.count, goldItems: consensus.goldSampleIds.size, votesBehind: 0 } };
}

function newReviewerReliability(model: FittedConsensus): number {
  const K = model.classes;
  let reliability = 0;
  for (let k = 0; k < K; k++) reliability += Math.exp(model.newReviewer[k * K + k]!) / K;
  return reliability;
}

export function decisionInputs(
  { space, model, snapshot }: DecisionModel,
  described: ReturnType<typeof describeVotes>,
  outcome: OutcomeDecision,
  settings: { threshold: number; minReviews: number; maxReviews: number; reviews: number; requiredReviews: number },
): DecisionInputs {
  const decided = outcome.decision === "REJECT" ? space.unacceptable : outcome.outcomeClass;
  return {
    rule: 2,
    engine: "dawid-skene",
    space: space.kind,
    classPosterior: Object.fromEntries(space.classNames.map((name, k) => [name, described.posterior[k] ?? 0])),
    decidedClass: decided === null ? null : space.classNames[decided]!,
    runnerUp: space.classNames[described.runnerUp]!,
    ...settings,
    votes: described.votes,
    snapshot: { version: snapshot.version, fittedAt: snapshot.fittedAt.toISOString(), reviews: snapshot.reviews, goldItems: snapshot.goldItems, votesBehind: snapshot.votesBehind, decisionMargin: snapshot.decisionMargin },
    calibration: { temperature: model.calibration.temperature, misleading: model.calibration.misleading, goldItems: model.calibration.goldItems, ece: model.calibration.reliability?.ece ?? null },
    raisedRequiredReviews: outcome.decision === "NEED_MORE_REVIEWS",
  };
}
