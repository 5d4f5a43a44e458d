import "server-only";
import { reviewerReliabilities } from "@/lib/domain/consensus";
import { ZLabelSchema } from "@/lib/schemas/label-schema";
import { db } from "@/lib/server/db";
import { campaignConsensus, saveSnapshotIfCurrent, type CampaignConsensus } from "./campaign-consensus";
import { decideSample, flagReversalsOf } from "./decide-sample";
import { decisionModel, type DecisionModel } from "./decision-inputs";
import { applyReliabilityFloor } from "./reliability-floor";
import { reviewTransaction } from "./unique-violation";

/** Samples per transaction of the reconcile step: short transactions, so verdicts never wait long for the write lock. */
const RECONCILE_BATCH = 500;

export type FitSummary = {
  campaignId: string;
  /** The snapshot version written, or null if another fitter finished first (its snapshot stands). */
  version: number | null;
  reviews: number;
  goldItems: number;
  fitMs: number;
  /** Samples whose reviews were all in and which waited for a model (a campaign without a snapshot), now decided. */
  decided: number;
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
 * reviewer's reliability and applies the floor. A fit killed part-way writes nothing; the next one redoes it.
 */
export async function fitCampaign(campaignId: string): Promise<FitSummary | null> {
  const started = performance.now();
  const row = await db.campaign.findUnique({
    where: { id: campaignId },
    select: { id: true, labelSchema: true, acceptThreshold: true, reviewsPerItem: true, maxReviews: true, reliabilityFloor: true, consensusSnapshot: { select: { version: true } } },
  });
  if (!row) return null;
  const campaign = { ...row, labelSchema: ZLabelSchema.parse(row.labelSchema) };
  const startedFrom = row.consensusSnapshot?.version ?? 0;
  const consensus = await campaignConsensus(db, campaign);
  const fitMs = performance.now() - started;
  const version = await saveSnapshotIfCurrent(db, campaignId, consensus, startedFrom);
  const summary = { campaignId, version, reviews: consensus.reviews.length, goldItems: consensus.goldSampleIds.size, fitMs, decided: 0, flagged: 0, belowFloor: 0, totalMs: 0 };
  if (version !== null) {
    const model = decisionModel(consensus, { version, fittedAt: consensus.readAt });
    summary.decided = await decideWaiting(consensus, campaign.id);
    summary.flagged = await flagAllReversals(campaign, consensus, model);
    summary.belowFloor = await reviewTransaction(async (tx) => (await applyReliabilityFloor(tx, campaign, reviewerReliabilities(consensus.model), Object.keys(consensus.model.reviewers))).length);
  }
  summary.totalMs = performance.now() - started;
  return summary;
}

/** Pending samples that have all their reviews but no decision: decided now from the snapshot just written. */
async function decideWaiting(consensus: CampaignConsensus, campaignId: string): Promise<number> {
  const votes = new Map<string, number>();
  for (const r of consensus.reviews) votes.set(r.sampleId, (votes.get(r.sampleId) ?? 0) + 1);
  const pending = await db.sample.findMany({ where: { campaignId, status: "PENDING_REVIEW", goldItem: { is: null } }, select: { id: true, requiredReviews: true } });
  let decided = 0;
  for (const sample of pending) {
    if ((votes.get(sample.id) ?? 0) < sample.requiredReviews) continue;
    if (await decideSample(sample.id, { snapshotOnly: true })) decided++;
  }
  return decided;
}

async function flagAllReversals(campaign: { id: string; acceptThreshold: number; reviewsPerItem: number; maxReviews: number }, consensus: CampaignConsensus, model: DecisionModel): Promise<number> {
  // Read once, written in short batches: paging through the decided samples query by query would sort them all again
  // for every page.
  const decided = await db.sample.findMany({ where: { campaignId: campaign.id, status: { in: ["ACCEPTED", "REJECTED"] } }, select: { id: true, status: true, consensusLabel: true } });
  let flagged = 0;
  for (let start = 0; start < decided.length; start += RECONCILE_BATCH) {
    const batch = decided.slice(start, start + RECONCILE_BATCH);
    flagged += await reviewTransaction((tx) => flagReversalsOf(tx, campaign, consensus, model, batch));
  }
  return flagged;
}
