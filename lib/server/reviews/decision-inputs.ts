import "server-only";
import type { ConsensusModel } from "@/lib/domain/consensus";
import type { CampaignConsensus } from "./campaign-consensus";

/** One vote as the engine weighed it: `weight` is in nats toward ACCEPT (negative pulls toward REJECT). */
export type DecisionVote = {
  reviewId: string;
  reviewerId: string;
  verdict: "ACCEPT" | "REJECT";
  reason: string | null;
  label: string | null;
  weight: number;
  /** The engine's estimate of this reviewer's P(correct vote) over the whole campaign. */
  reliability: number;
};

/** Stored as ConsensusDecision.inputs: enough to show, and to re-check, how a decision was reached. */
export type DecisionInputs = {
  /**
   * The consensus model of the verdict run. "admin": an admin settled an escalated sample; the rest is the evidence of
   * the escalation they saw. Decisions recorded before models were chosen by gold say "dawid-skene".
   */
  engine: ConsensusModel | "admin";
  /** How gold chose the verdict run's model; absent or null: no choice was stored, Dawid-Skene by default. */
  modelChoice?: { evidence: number; goldItems: number; reviews: number; chosenAt: string } | null;
  /** The label run's model, for classification campaigns. */
  labelEngine?: ConsensusModel | null;
  /** The item-bias fit started from the previous one of this campaign (same optimum, within about 1e-3). */
  warmStarted?: boolean;
  /** For engine "admin": who resolved it, and their note. */
  resolvedBy?: string;
  note?: string | null;
  pAccept: number;
  threshold: number;
  minReviews: number;
  maxReviews: number;
  reviews: number;
  requiredReviews: number;
  votes: DecisionVote[];
  /** P(label) for classification campaigns, by label name. */
  labelPosterior: Record<string, number> | null;
  campaignReviews: number;
  goldItems: number;
  iterations: number;
  converged: boolean;
  /** This run asked for one more review (so an undo of its last verdict gives that slot back). */
  raisedRequiredReviews: boolean;
};

export function describeVotes(consensus: CampaignConsensus, sampleId: string): { pAccept: number; votes: DecisionVote[] } {
  const item = consensus.verdicts.items.find((i) => i.itemId === sampleId);
  if (!item) throw new Error(`the consensus run has no item ${sampleId}`);
  const reliability = new Map(consensus.verdicts.reviewers.map((r) => [r.reviewerId, r.reliability]));
  const weights = new Map(item.votes.map((v) => [v.reviewerId, item.map === 1 ? v.weight : -v.weight]));
  const votes = consensus.reviews
    .filter((r) => r.sampleId === sampleId)
    .map((r) => ({
      reviewId: r.id,
      reviewerId: r.reviewerId,
      verdict: r.verdict,
      reason: r.reason,
      label: r.label,
      weight: weights.get(r.reviewerId) ?? 0,
      reliability: reliability.get(r.reviewerId) ?? 0,
    }));
  return { pAccept: item.posterior[1] ?? 0, votes };
}

/** The most probable label and every label's probability, or nulls when the campaign has no label classes. */
export function describeLabel(consensus: CampaignConsensus, sampleId: string): { label: string | null; posterior: Record<string, number> | null } {
  if (!consensus.labels) return { label: null, posterior: null };
  const { names, result } = consensus.labels;
  const item = result.items.find((i) => i.itemId === sampleId);
  // No reviewer named or endorsed a label of the schema: there is no consensus label to report.
  if (!item || item.votes.length === 0) return { label: null, posterior: null };
  return { label: names[item.map] ?? null, posterior: Object.fromEntries(names.map((n, k) => [n, item.posterior[k] ?? 0])) };
}

/** What a decision records of the models its runs used. */
export function describeModels(consensus: CampaignConsensus): Pick<DecisionInputs, "engine" | "modelChoice" | "labelEngine" | "warmStarted"> {
  const choice = consensus.models.verdict;
  return {
    engine: consensus.verdicts.model,
    modelChoice: choice && { evidence: choice.evidence, goldItems: choice.goldItems, reviews: choice.reviews, chosenAt: choice.chosenAt.toISOString() },
    labelEngine: consensus.labels?.result.model ?? null,
    warmStarted: consensus.warmStarted.verdict,
  };
}
