import "server-only";
import { explainItem, reviewerReliabilities, type OutcomeDecision } from "@/lib/domain/consensus";
import type { CampaignConsensus } from "./campaign-consensus";

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
  /** The snapshot of the campaign's model the decision used. */
  snapshot: { version: number; fittedAt: string; reviews: number; goldItems: number };
  calibration: { temperature: number; misleading: number; goldItems: number; ece: number | null };
  /** This run asked for one more review (so an undo of its last verdict gives that slot back). */
  raisedRequiredReviews: boolean;
  /** Set on the flags of a re-check: which rule the sample was decided under. */
  recheckedFromRule?: number;
};

/** Rule 1 decisions, still shown on sample pages: P(accept) and a separate label posterior. */
export type LegacyDecisionInputs = { engine: string; pAccept: number; threshold: number; reviews: number; maxReviews: number; note?: string | null; labelPosterior?: Record<string, number> | null; votes: { reviewId: string; reviewerId: string; verdict: "ACCEPT" | "REJECT"; reason: string | null; label: string | null; weight: number; reliability: number }[] };

/** The posterior of one sample under the campaign's model, and its votes weighed. */
export function describeSample(consensus: CampaignConsensus, sampleId: string): { posterior: number[]; votes: DecisionVote[]; runnerUp: number } {
  const { model, space } = consensus;
  const sampleReviews = consensus.reviews.filter((r) => r.sampleId === sampleId);
  const counted = sampleReviews.flatMap((r) => (r.voteClass === null ? [] : [{ reviewerId: r.reviewerId, label: r.voteClass }]));
  const explanation = explainItem(model, counted);
  const weights = new Map(explanation.votes.map((v) => [v.reviewerId, v.weight]));
  const reliability = new Map(reviewerReliabilities(model).map((r) => [r.reviewerId, r.reliability]));
  const votes = sampleReviews.map((r) => ({
    reviewId: r.id,
    reviewerId: r.reviewerId,
    verdict: r.verdict,
    reason: r.reason,
    label: r.label,
    votedFor: r.voteClass === null ? null : space.classNames[r.voteClass]!,
    weight: weights.get(r.reviewerId) ?? 0,
    reliability: reliability.get(r.reviewerId) ?? 0,
  }));
  return { posterior: explanation.posterior, votes, runnerUp: explanation.runnerUp };
}

export function decisionInputs(
  consensus: CampaignConsensus,
  snapshot: { version: number; fittedAt: Date },
  described: ReturnType<typeof describeSample>,
  outcome: OutcomeDecision,
  settings: { threshold: number; minReviews: number; maxReviews: number; reviews: number; requiredReviews: number },
): DecisionInputs {
  const { space, model } = consensus;
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
    snapshot: { version: snapshot.version, fittedAt: snapshot.fittedAt.toISOString(), reviews: consensus.reviews.length, goldItems: consensus.goldSampleIds.size },
    calibration: { temperature: model.calibration.temperature, misleading: model.calibration.misleading, goldItems: model.calibration.goldItems, ece: model.calibration.reliability?.ece ?? null },
    raisedRequiredReviews: outcome.decision === "NEED_MORE_REVIEWS",
  };
}
