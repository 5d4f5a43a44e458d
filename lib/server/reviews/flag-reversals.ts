import "server-only";
import { decideOutcome, itemPosterior, type OutcomeDecision } from "@/lib/domain/consensus";
import { bestLabelProbability, reverses, shippedLabel } from "@/lib/domain/reviews/decision-outcomes";
import type { Decision } from "@/lib/domain/consensus";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { SampleStatus } from "@/lib/generated/prisma/enums";
import type { CampaignConsensus } from "./campaign-consensus";
import { votesAsRead } from "./decision-drift";
import { decisionInputs, describeSampleAsRead, type DecisionInputs, type DecisionModel } from "./decision-inputs";

type Tx = Prisma.TransactionClient;
type DecisionCampaign = { id: string; acceptThreshold: number; reviewsPerItem: number; maxReviews: number };
export type DecidedSample = { id: string; status: SampleStatus; consensusLabel: string | null };
type Redecided = { sample: DecidedSample; outcome: OutcomeDecision };
export type FlagRow = { sampleId: string; outcome: Decision; posterior: number; label: string | null; reviews: number; inputs: DecisionInputs; flagged: true };

/**
 * A new fit changes reviewer weights, and with them the posteriors of samples decided earlier. Such a sample keeps
 * its status; a reversal is recorded as a flagged decision for an admin, once per reversal. Records one for each of
 * `samples` (decided ones) that the model would now decide the other way; returns how many.
 */
export async function flagReversalsOf(tx: Tx, campaign: DecisionCampaign, consensus: CampaignConsensus, model: DecisionModel, samples: readonly DecidedSample[]): Promise<number> {
  return recordFlags(tx, await newFlags(tx, campaign, consensus, model, reversals(campaign, consensus, samples)));
}

/** Of `samples`, those the fit would now decide the other way (no I/O: the reconcile checks every decided sample). */
export function reversals(campaign: DecisionCampaign, consensus: CampaignConsensus, samples: Iterable<DecidedSample>): Redecided[] {
  return redecided(campaign, consensus, samples, (sample, outcome) => reverses(consensus.space, sample, outcome.decision, outcome.outcomeClass));
}

/**
 * Decides `samples` again under the current fit; returns a flagged decision for each one `flag` picks that has no
 * flagged decision with that outcome yet.
 */
export async function decidedAgain(
  tx: Tx,
  campaign: DecisionCampaign,
  consensus: CampaignConsensus,
  model: DecisionModel,
  samples: readonly DecidedSample[],
  flag: (sample: DecidedSample, outcome: OutcomeDecision) => boolean,
): Promise<FlagRow[]> {
  return newFlags(tx, campaign, consensus, model, redecided(campaign, consensus, samples, flag));
}

/** Each sample re-decided as it stands from its counted votes in the fit: those `flag` picks. */
function redecided(campaign: DecisionCampaign, consensus: CampaignConsensus, samples: Iterable<DecidedSample>, flag: (sample: DecidedSample, outcome: OutcomeDecision) => boolean): Redecided[] {
  const out: Redecided[] = [];
  for (const sample of samples) {
    const votes = votesAsRead(consensus, sample.id);
    if (votes.length === 0) continue;
    const posterior = itemPosterior(consensus.model, votes);
    // Re-decided as it stands: its own vote count is both k and k_max, so "undecided" reads as escalate.
    const outcome = decideOutcome({ posterior, unacceptable: consensus.space.unacceptable, threshold: campaign.acceptThreshold, reviews: votes.length, minReviews: votes.length, maxReviews: votes.length });
    if (flag(sample, outcome)) out.push({ sample, outcome });
  }
  return out;
}

/** The flagged decisions to record for `candidates`: those without a flagged decision with that outcome yet. */
export async function newFlags(tx: Tx, campaign: DecisionCampaign, consensus: CampaignConsensus, model: DecisionModel, candidates: readonly Redecided[]): Promise<FlagRow[]> {
  if (candidates.length === 0) return [];
  const already = await tx.consensusDecision.findMany({ where: { sampleId: { in: candidates.map((c) => c.sample.id) }, flagged: true }, select: { sampleId: true, outcome: true } });
  return flagRows(campaign, consensus, model, candidates, new Set(already.map((d) => `${d.sampleId}:${d.outcome}`)));
}

/** The flagged decisions for `candidates`, except those whose "sampleId:outcome" is in `seen`. */
export function flagRows(campaign: DecisionCampaign, consensus: CampaignConsensus, model: DecisionModel, candidates: readonly Redecided[], seen: ReadonlySet<string>): FlagRow[] {
  return candidates.flatMap(({ sample, outcome }) => {
    if (seen.has(`${sample.id}:${outcome.decision}`)) return [];
    // Its reviews changed since the read: the next fit, which reads them, checks it again.
    const described = describeSampleAsRead(consensus, sample.id);
    if (!described) return [];
    const reviews = described.votes.length;
    const settings = { threshold: campaign.acceptThreshold, minReviews: campaign.reviewsPerItem, maxReviews: campaign.maxReviews, reviews, requiredReviews: reviews };
    const inputs = { ...decisionInputs(model, described, outcome, settings), raisedRequiredReviews: false };
    return [{ sampleId: sample.id, outcome: outcome.decision, posterior: bestLabelProbability(consensus.space, described.posterior), label: shippedLabel(consensus.space, outcome), reviews, inputs, flagged: true as const }];
  });
}

/** Writes flagged decisions, in one statement. */
export async function recordFlags(tx: Tx, flags: readonly FlagRow[]): Promise<number> {
  if (flags.length === 0) return 0;
  await tx.consensusDecision.createMany({ data: flags.map((f) => ({ ...f, inputs: f.inputs as unknown as Prisma.InputJsonValue })) });
  return flags.length;
}
