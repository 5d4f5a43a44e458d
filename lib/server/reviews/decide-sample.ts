import "server-only";
import { decideOutcome, outcomeSpace, reviewClass, reviewerReliabilities, type Decision } from "@/lib/domain/consensus";
import { bestLabelProbability, reverses, shippedLabel } from "@/lib/domain/reviews/decision-outcomes";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { SampleStatus } from "@/lib/generated/prisma/enums";
import { ZLabelSchema, type TLabelSchema } from "@/lib/schemas/label-schema";
import { db } from "@/lib/server/db";
import { earnPayouts } from "@/lib/server/payouts/earn-payouts";
import { earnPayoutsDirect } from "@/lib/server/payouts/earn-payouts-direct";
import { directConnection, writeTransaction, type DirectConnection } from "@/lib/server/sqlite-direct";
import { decidePanel } from "@/lib/server/trust/decide-panel";
import { campaignConsensus, saveSnapshot, type CampaignConsensus } from "./campaign-consensus";
import { latestSnapshot, type StoredSnapshot } from "./consensus-snapshot";
import { decisionSample, reviewsSince, sampleReviewRows } from "./decision-rows";
import { decisionInputs, decisionModel, describeSample, describeVotes, type DecisionInputs, type DecisionModel, type SampleReview } from "./decision-inputs";
import { decisionPayoutItems } from "./decision-payouts";
import { applySampleUpdate, insertDecision, sampleDecisionState, type SampleChange } from "./decision-writes";
import { flagReversalsOf } from "./flag-reversals";
import { applyReliabilityFloor } from "./reliability-floor";
import { sittingPanelOf } from "./review-rows";
import { reviewTransaction } from "./unique-violation";

export type RecordedDecision = { id: string; outcome: Decision; posterior: number; label: string | null; flagged: boolean };

type Tx = Prisma.TransactionClient;
type DecisionCampaign = { id: string; acceptThreshold: number; reviewsPerItem: number; maxReviews: number };

/**
 * Decides a sample after a verdict, under the one decision rule (k = reviewsPerItem, k_max = maxReviews, the
 * campaign's threshold): accept it with a label (or as labeled) when that class's calibrated posterior reaches the
 * threshold, reject it when "unacceptable" does, ask for one more review, or escalate it. Each run that decides
 * something is recorded as a ConsensusDecision with the posterior, the votes and the snapshot behind it.
 *
 * Which model: a campaign whose last fit saw more than `consensusInlineFitMaxReviews` reviews is decided from that
 * stored snapshot and the sample's own votes only (no load of the campaign, no EM, no scan: the worker's fitter keeps
 * the snapshot fresh and reconciles the rest, see consensus-fit.ts). A smaller campaign is fitted whole, inline, as
 * cheap as that still is, and its decision also flags reversals and applies the reliability floor. A campaign
 * without any fit yet is fitted inline if it is small, else its samples wait for the fitter's first snapshot.
 *
 * Nothing happens while some of the sample's review slots are still out: deciding on 2 of 3 votes would waste the
 * third reviewer's work. Gold items are never decided: their answers are known, their reviews measure reviewers.
 * A decided sample never flips silently: if a later fit disagrees, that run is recorded, flagged, and not applied.
 */
export async function decideSample(
  sampleId: string,
  options: { now?: Date; inlineFitMaxReviews?: number; snapshotOnly?: boolean; redecideEscalated?: boolean } = {},
): Promise<RecordedDecision | null> {
  const now = options.now ?? new Date();
  const row = decisionSample(sampleId);
  if (!row) throw new AppError("NOT_FOUND", "That sample does not exist.");
  // A sample before a sitting panel is decided by the panel's votes (decide-panel.ts), not as a fresh sample.
  const panel = row.status === "PENDING_REVIEW" ? sittingPanelOf(directConnection(), sampleId) : null;
  if (panel) return decidePanel(sampleId, panel, options);
  const { reviews, gold } = row;
  const campaign = { ...row.campaign, labelSchema: ZLabelSchema.parse(row.campaign.labelSchema) };
  const sample = { ...row, campaign };
  if (!gold && sample.status === "PENDING_REVIEW" && reviews < sample.requiredReviews) return null;

  const inlineMax = options.inlineFitMaxReviews ?? getEnv().consensusInlineFitMaxReviews;
  const snapshot = await latestSnapshot(campaign.id);
  if (options.snapshotOnly || (snapshot && snapshot.reviews > inlineMax)) {
    // Gold verdicts and reversals are the fitter's to weigh; a campaign without a fit waits for its first one.
    if (!snapshot || gold) return null;
    return decideFromSnapshot(sample, snapshot, now, options.redecideEscalated ?? false);
  }
  if (!snapshot && (await hasMoreReviewsThan(campaign.id, inlineMax))) return null;

  const consensus = await campaignConsensus(db, campaign);
  const sampleReviews = consensus.reviews.filter((r) => r.sampleId === sampleId);
  const floor = (tx: Tx) => applyReliabilityFloor(tx, campaign, reviewerReliabilities(consensus.model), sampleReviews.map((r) => r.reviewerId));
  if (gold) {
    // Never decided, but a gold answer is exactly what measures a reviewer: check the floor at once.
    await reviewTransaction(async (tx) => {
      await saveSnapshot(tx, campaign.id, consensus);
      await floor(tx);
    });
    return null;
  }

  const described = describeSample(consensus, sampleId);
  const settings = { threshold: campaign.acceptThreshold, minReviews: campaign.reviewsPerItem, maxReviews: campaign.maxReviews, reviews, requiredReviews: sample.requiredReviews };
  // An inline fit is the whole campaign's, but a small campaign's model moves the most: the margin the last
  // background fit measured applies here too.
  const decisionMargin = snapshot?.decisionMargin ?? 0;
  const outcome = decideOutcome({ posterior: described.posterior, unacceptable: consensus.space.unacceptable, margin: decisionMargin, ...settings });

  return reviewTransaction(async (tx) => {
    const version = await saveSnapshot(tx, campaign.id, consensus);
    const model = decisionModel(consensus, { version, fittedAt: consensus.readAt, decisionMargin });
    const recorded = await applyDecision(tx, { sampleId, status: sample.status, requiredReviews: sample.requiredReviews, contributorId: sample.contributorId, campaign, reviews: sampleReviews }, model, described, outcome, settings, now);
    await flagReversals(tx, campaign, consensus, model, sampleId);
    await floor(tx);
    return recorded;
  });
}

type DecisionCampaignRow = DecisionCampaign & { rewardWei: string; reviewerFeeWei: string; appealWindowDays: number; labelSchema: TLabelSchema };

/**
 * The verdict path at scale: the stored snapshot and this sample's votes, nothing else of the campaign. With
 * `redecideEscalated` (the fitter's reconcile) an escalated sample the snapshot now accepts or rejects is decided so.
 */
async function decideFromSnapshot(
  sample: { id: string; status: SampleStatus; requiredReviews: number; contributorId: string; labels: unknown; campaign: DecisionCampaignRow },
  snapshot: StoredSnapshot,
  now: Date,
  redecideEscalated: boolean,
): Promise<RecordedDecision | null> {
  const { campaign } = sample;
  const space = outcomeSpace(campaign.labelSchema);
  if (snapshot.model.classes !== space.classNames.length) return null;
  const rows = sampleReviewRows(sample.id);
  const sampleReviews = rows.map((r) => ({ ...r, voteClass: reviewClass(space, { ...r, contributorLabels: sample.labels }) }));
  const described = describeVotes(space, snapshot.model, sampleReviews);
  const settings = { threshold: campaign.acceptThreshold, minReviews: campaign.reviewsPerItem, maxReviews: campaign.maxReviews, reviews: rows.length, requiredReviews: sample.requiredReviews };
  // An escalated sample has every vote it will get; the fitter's reconcile, with a model that has just seen the whole
  // campaign, decides it at the plain threshold. A verdict, taken from a snapshot the campaign may outgrow, must clear
  // the margin.
  const margin = redecideEscalated && sample.status === "ESCALATED" ? 0 : snapshot.decisionMargin;
  const outcome = decideOutcome({ posterior: described.posterior, unacceptable: space.unacceptable, margin, ...settings });
  // What came in since the snapshot's reviews were read: through the Review.createdAt index, at most a debounce's worth.
  const votesBehind = reviewsSince(campaign.id, snapshot.fittedAt);
  const model = { space, model: snapshot.model, snapshot: { version: snapshot.version, fittedAt: snapshot.fittedAt, reviews: snapshot.reviews, goldItems: snapshot.goldItems, votesBehind, decisionMargin: margin } };
  const target = { sampleId: sample.id, status: sample.status, requiredReviews: sample.requiredReviews, contributorId: sample.contributorId, campaign, reviews: sampleReviews };
  const final = outcome.decision === "ACCEPT" || outcome.decision === "REJECT";
  const from = sample.status === "PENDING_REVIEW" || (redecideEscalated && sample.status === "ESCALATED" && final) ? sample.status : null;
  return writeTransaction((connection) => applyDecisionDirect(connection, target, model, described, outcome, settings, now, from));
}

type DecisionTarget = { sampleId: string; status: SampleStatus; requiredReviews: number; contributorId: string; campaign: DecisionCampaignRow; reviews: readonly SampleReview[] };
type DecisionSettings = { threshold: number; minReviews: number; maxReviews: number; reviews: number; requiredReviews: number };

/** What one run writes, whichever connection writes it: the decision record, the sample's change and the payouts. */
function decisionPlan(sample: DecisionTarget, model: DecisionModel, described: ReturnType<typeof describeVotes>, outcome: ReturnType<typeof decideOutcome>, settings: DecisionSettings, now: Date) {
  const { space } = model;
  const label = shippedLabel(space, outcome);
  const decision = { sampleId: sample.sampleId, outcome: outcome.decision, posterior: bestLabelProbability(space, described.posterior), label, reviews: settings.reviews, inputs: decisionInputs(model, described, outcome, settings) };
  const decided = outcome.decision === "ACCEPT" || outcome.decision === "REJECT" ? outcome.decision : null;
  const payouts = decided
    ? decisionPayoutItems({ sampleId: sample.sampleId, outcome: decided, decidedClass: decided === "REJECT" ? space.unacceptable : outcome.outcomeClass!, contributorId: sample.contributorId, campaign: sample.campaign, reviews: [...sample.reviews], decidedAt: now })
    : [];
  const update = sampleUpdate(outcome.decision, decision.posterior, label, settings.reviews, now);
  const reversal = (current: { status: SampleStatus; consensusLabel: string | null }) => reverses(space, current, outcome.decision, outcome.outcomeClass);
  return { decision, update, payouts, reversal };
}

/**
 * Writes one run's outcome: a compare-and-set on the sample (applies only if nobody decided or re-sized it since it
 * was read), the decision record and its payouts; or, for a sample already decided, a flagged record if the run
 * would reverse it.
 */
async function applyDecision(tx: Tx, sample: DecisionTarget, model: DecisionModel, described: ReturnType<typeof describeVotes>, outcome: ReturnType<typeof decideOutcome>, settings: DecisionSettings, now: Date): Promise<RecordedDecision | null> {
  const plan = decisionPlan(sample, model, described, outcome, settings, now);
  if (sample.status === "PENDING_REVIEW") {
    const applied = await tx.sample.updateMany({ where: { id: sample.sampleId, status: "PENDING_REVIEW", requiredReviews: sample.requiredReviews }, data: plan.update });
    if (applied.count === 1) {
      const recorded = await record(tx, { ...plan.decision, flagged: false });
      if (plan.payouts.length > 0) await earnPayouts(tx, plan.payouts);
      return recorded;
    }
  }
  // Decided already, or a concurrent verdict re-sized it (its own run decides): only a reversal is worth a record.
  const current = await tx.sample.findUniqueOrThrow({ where: { id: sample.sampleId }, select: { status: true, consensusLabel: true } });
  return plan.reversal(current) ? record(tx, { ...plan.decision, flagged: true }) : null;
}

/**
 * applyDecision in one synchronous transaction on the direct connection: the verdict path's decisions, and the
 * reconcile's (`from`: the status the sample may be decided from, null when it is decided already).
 */
function applyDecisionDirect(
  connection: DirectConnection,
  sample: DecisionTarget,
  model: DecisionModel,
  described: ReturnType<typeof describeVotes>,
  outcome: ReturnType<typeof decideOutcome>,
  settings: DecisionSettings,
  now: Date,
  from: "PENDING_REVIEW" | "ESCALATED" | null,
): RecordedDecision | null {
  const plan = decisionPlan(sample, model, described, outcome, settings, now);
  if (from !== null && applySampleUpdate(connection, sample.sampleId, sample.requiredReviews, plan.update, from)) {
    const recorded = insertDecision(connection, { ...plan.decision, flagged: false }, now);
    earnPayoutsDirect(connection, plan.payouts, now);
    return recorded;
  }
  const current = sampleDecisionState(connection, sample.sampleId);
  return current && plan.reversal(current) ? insertDecision(connection, { ...plan.decision, flagged: true }, now) : null;
}

/** Whether a campaign without a snapshot is past the inline limit: reads at most limit + 1 review ids, not them all. */
async function hasMoreReviewsThan(campaignId: string, limit: number): Promise<boolean> {
  const some = await db.review.findMany({ where: { sample: { campaignId } }, select: { id: true }, take: limit + 1 });
  return some.length > limit;
}

function sampleUpdate(outcome: Decision, posterior: number, label: string | null, reviews: number, now: Date): SampleChange {
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

async function record(tx: Tx, data: { sampleId: string; outcome: Decision; posterior: number; label: string | null; reviews: number; inputs: DecisionInputs; flagged: boolean }): Promise<RecordedDecision> {
  return tx.consensusDecision.create({ data: { ...data, inputs: data.inputs as unknown as Prisma.InputJsonValue }, select: { id: true, outcome: true, posterior: true, label: true, flagged: true } });
}

/**
 * A new fit changes reviewer weights, and with them the posteriors of samples decided earlier. Such a sample keeps
 * its status; a reversal is recorded as a flagged decision for an admin, once per reversal.
 */
async function flagReversals(tx: Tx, campaign: DecisionCampaign, consensus: CampaignConsensus, model: DecisionModel, except: string | null): Promise<number> {
  const decided = await tx.sample.findMany({
    where: { campaignId: campaign.id, status: { in: ["ACCEPTED", "REJECTED"] }, ...(except ? { id: { not: except } } : {}) },
    select: { id: true, status: true, consensusLabel: true },
  });
  return flagReversalsOf(tx, campaign, consensus, model, decided);
}
