import "server-only";
import { reviewerReliabilities } from "@/lib/domain/consensus";
import { ZLabelSchema } from "@/lib/schemas/label-schema";
import { db } from "@/lib/server/db";
import { campaignConsensus, saveSnapshotIfCurrent, type CampaignConsensus } from "./campaign-consensus";
import { decideSample } from "./decide-sample";
import { flagRows, reversals } from "./flag-reversals";
import { flaggedOutcomes, insertFlags, readDecidedSamples, readEscalatedSamples, readPendingSamples } from "./reconcile-rows";
import { reviewsBySample } from "./campaign-reviews";
import { readCampaignReviewsCached } from "./cached-campaign-reviews";
import { decisionModel, type DecisionModel } from "./decision-inputs";
import { nextDecisionMargin } from "./decision-drift";
import { applyReliabilityFloor } from "./reliability-floor";
import { reviewTransaction } from "./unique-violation";

/** Flags written per transaction by the reconcile step. */
const RECONCILE_BATCH = 500;

export type FitSummary = {
  campaignId: string;
  /** The snapshot version written, or null if another fitter finished first (its snapshot stands). */
  version: number | null;
  /** Log-odds by which decisions from this snapshot must clear the threshold (decision-margin.ts). */
  decisionMargin: number;
  reviews: number;
  goldItems: number;
  /** Loading the reviews and fitting the model (of which `readMs` reading, reputation priors included). */
  fitMs: number;
  readMs: number;
  /** Writing the snapshot. */
  saveMs: number;
  /** Deciding what waited, flagging reversals and the reliability floor. */
  reconcileMs: number;
  /** Samples whose reviews were all in and which waited for a model (a campaign without a snapshot), now decided. */
  decided: number;
  /** Escalated samples (k_max reviews, none reached the threshold then) the new fit accepts or rejects. */
  escalationsDecided: number;
  /** Decided samples the new fit would decide the other way: flagged, never flipped. */
  flagged: number;
  /** Reviewers the fit found below the campaign's reliability floor, removed from it. */
  belowFloor: number;
  totalMs: number;
};

/**
 * The background fit of one campaign (run by the worker's fitter, in a child process): fits the calibrated model over all of
 * its reviews, stores it as the next snapshot if no other fitter got there first, then reconciles in bounded batches:
 * decides the samples that waited for a model, flags decided samples the new fit would reverse, records every
 * reviewer's reliability and applies the floor. A fit killed part-way writes nothing; the next one redoes it. The
 * process keeps the reviews it read for the next fit of the campaign, which reads again only the recent ones
 * (cached-campaign-reviews.ts).
 */
export async function fitCampaign(campaignId: string): Promise<FitSummary | null> {
  const started = performance.now();
  const row = await db.campaign.findUnique({
    where: { id: campaignId },
    select: { id: true, labelSchema: true, acceptThreshold: true, reviewsPerItem: true, maxReviews: true, reliabilityFloor: true, consensusSnapshot: { select: { version: true, fittedAt: true, decisionMargin: true } } },
  });
  if (!row) return null;
  const campaign = { ...row, labelSchema: ZLabelSchema.parse(row.labelSchema) };
  const startedFrom = row.consensusSnapshot?.version ?? 0;
  const consensus = await campaignConsensus(db, campaign, { readReviews: readCampaignReviewsCached });
  const fitMs = performance.now() - started;
  const previous = row.consensusSnapshot;
  const decisionMargin = previous ? nextDecisionMargin(consensus, campaignId, previous.fittedAt, previous.decisionMargin) : 0;
  const version = await saveSnapshotIfCurrent(db, campaignId, consensus, startedFrom, decisionMargin);
  const saveMs = performance.now() - started - fitMs;
  const summary: FitSummary = { campaignId, version, decisionMargin, reviews: consensus.read.count, goldItems: consensus.goldSampleIds.size, fitMs, readMs: consensus.readMs, saveMs, reconcileMs: 0, decided: 0, escalationsDecided: 0, flagged: 0, belowFloor: 0, totalMs: 0 };
  if (version !== null) {
    const model = decisionModel(consensus, { version, fittedAt: consensus.readAt, decisionMargin });
    summary.decided = await decideWaiting(consensus, campaign.id);
    summary.escalationsDecided = await decideEscalated(campaign.id);
    summary.flagged = await flagAllReversals(campaign, consensus, model);
    summary.belowFloor = await reviewTransaction(async (tx) => (await applyReliabilityFloor(tx, campaign, reviewerReliabilities(consensus.model), Object.keys(consensus.model.reviewers))).length);
  }
  summary.totalMs = performance.now() - started;
  summary.reconcileMs = summary.totalMs - fitMs - saveMs;
  return summary;
}

/** Pending samples that have all their reviews but no decision: decided now from the snapshot just written. */
async function decideWaiting(consensus: CampaignConsensus, campaignId: string): Promise<number> {
  const { start } = reviewsBySample(consensus.read);
  const reviewsOf = (sampleId: string) => {
    const code = consensus.read.sampleCodes.get(sampleId);
    return code === undefined ? 0 : start[code + 1]! - start[code]!;
  };
  let decided = 0;
  for (const sample of readPendingSamples(campaignId)) {
    if (reviewsOf(sample.id) < sample.requiredReviews) continue;
    if (await decideSample(sample.id, { snapshotOnly: true })) decided++;
  }
  return decided;
}

/**
 * An escalation waits for an admin (or, with an appeal, a panel) only because no model was sure of it yet: each new
 * fit, having seen more of the campaign, tries again, so what a better model settles never reaches a person.
 */
async function decideEscalated(campaignId: string): Promise<number> {
  let decided = 0;
  for (const sampleId of readEscalatedSamples(campaignId)) {
    if ((await decideSample(sampleId, { snapshotOnly: true, redecideEscalated: true }))?.flagged === false) decided++;
  }
  return decided;
}

/**
 * Every decided sample is re-decided in memory; only the reversals, usually few and mostly flagged by an earlier fit
 * already, are looked up, described and written.
 */
async function flagAllReversals(campaign: { id: string; acceptThreshold: number; reviewsPerItem: number; maxReviews: number }, consensus: CampaignConsensus, model: DecisionModel): Promise<number> {
  const found = reversals(campaign, consensus, readDecidedSamples(campaign.id));
  const seen = flaggedOutcomes(found.map((c) => c.sample.id));
  const flags = flagRows(campaign, consensus, model, found, seen);
  let flagged = 0;
  // Short write transactions, so verdicts never wait long for the write lock.
  for (let start = 0; start < flags.length; start += RECONCILE_BATCH) flagged += await insertFlags(flags.slice(start, start + RECONCILE_BATCH));
  return flagged;
}
