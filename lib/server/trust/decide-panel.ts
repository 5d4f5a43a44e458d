import "server-only";
import { decideOutcome, outcomeSpace, reviewClass, type FittedConsensus } from "@/lib/domain/consensus";
import { bestLabelProbability, shippedLabel } from "@/lib/domain/reviews/decision-outcomes";
import { goldChallengeWithoutLargerPanel } from "@/lib/domain/trust/gold-challenge-rules";
import { type PanelResolution, judgingRounds, panelDecisionSettings, panelNote, resolvePanel, resolveWithoutLargerPanel, wrongVoterIds } from "@/lib/domain/trust/panel-rules";
import { getEnv } from "@/lib/env";
import type { Prisma } from "@/lib/generated/prisma/client";
import { ZLabelSchema } from "@/lib/schemas/label-schema";
import { db } from "@/lib/server/db";
import { earnPayouts } from "@/lib/server/payouts/earn-payouts";
import { campaignConsensus, saveSnapshot, type CampaignConsensus } from "@/lib/server/reviews/campaign-consensus";
import { latestSnapshot } from "@/lib/server/reviews/consensus-snapshot";
import { decisionInputs, decisionModel, describeVotes, type DecisionModel } from "@/lib/server/reviews/decision-inputs";
import { decisionPayoutItems } from "@/lib/server/reviews/decision-payouts";
import { decisionSample, sampleReviewRows } from "@/lib/server/reviews/decision-rows";
import { reviewTransaction } from "@/lib/server/reviews/unique-violation";
import { recordBondSettlement } from "./bond-settlement-row";
import { closeGoldChallenge, judgeGoldChallenge } from "./decide-gold-challenge";
import { forfeitReviewerFees, releaseReviewerFees } from "./panel-fees";
import { seatPanel } from "./seat-panel";

export type PanelDecision = { id: string; outcome: "ACCEPT" | "REJECT" | "NEED_MORE_REVIEWS" | "ESCALATE"; posterior: number; label: string | null; flagged: boolean };

/**
 * Decides a sample before a sitting panel once every seat of the round has voted (decide-sample.ts hands it over). The
 * panel is judged on its own votes under the campaign's fitted model and the calibrated rule (panel-rules.ts); all
 * votes stay in the campaign's fit. In one transaction, behind a compare-and-set on the appeal's state and round: the
 * decision record, the sample's new status, the payouts (reward and fees, through the payout outbox), the forfeit
 * of wrong voters' fees, and the bond's settlement (outbox for the payout worker); or the next, larger panel.
 */
export async function decidePanel(sampleId: string, appeal: { id: string; kind: string; round: number }, options: { now?: Date; inlineFitMaxReviews?: number; snapshotOnly?: boolean } = {}): Promise<PanelDecision | null> {
  const now = options.now ?? new Date();
  const row = decisionSample(sampleId);
  if (!row || row.status !== "PENDING_REVIEW" || row.reviews < row.requiredReviews) return null;
  const round = appeal.round === 2 ? 2 : 1;
  const campaign = { ...row.campaign, labelSchema: ZLabelSchema.parse(row.campaign.labelSchema) };
  const space = outcomeSpace(campaign.labelSchema);

  // A released seat (release-seats.ts) neither votes nor is paid: its replacement sits in its place.
  const seats = await db.panelSeat.findMany({ where: { appealId: appeal.id, releasedAt: null }, select: { reviewerId: true, round: true, reviewer: { select: { address: true } } } });
  // The larger panel is judged together with the split first one (panel-rules.ts judgingRounds).
  const rounds = judgingRounds(round);
  const judged = seats.filter((s) => rounds.includes(s.round));
  const sitting = new Set(judged.map((s) => s.reviewerId));
  const sizes = rounds.map((r) => judged.filter((s) => s.round === r).length);
  const reviews = sampleReviewRows(sampleId).map((r) => ({ ...r, voteClass: reviewClass(space, { ...r, contributorLabels: row.labels }) }));
  const panelReviews = reviews.filter((r) => sitting.has(r.reviewerId));
  if (panelReviews.length < sitting.size) return null;

  const fitted = await panelModel(campaign, options);
  if (!fitted || fitted.model.classes !== space.classNames.length) return null;
  const described = describeVotes(space, fitted.model, panelReviews);
  const settings = { ...panelDecisionSettings(campaign.acceptThreshold, sitting.size, panelReviews.length), requiredReviews: panelReviews.length };
  const outcome = decideOutcome({ posterior: described.posterior, unacceptable: space.unacceptable, ...settings });
  const split = resolvePanel(round, outcome.decision);
  const label = shippedLabel(space, outcome);
  const probability = outcome.decision === "REJECT" ? outcome.probability : bestLabelProbability(space, described.posterior);
  // A gold challenge decides the item's class against its gold answer, not the sample's fate (decide-gold-challenge.ts).
  const gold = appeal.kind === "gold" ? await judgeGoldChallenge(sampleId, space, row.labels, round, outcome, sizes, probability, campaign.acceptThreshold) : null;
  const noteOf = (resolution: PanelResolution, largerPanelUnavailable = false) =>
    panelNote({ sizes, resolution, decision: outcome.decision, probability, threshold: campaign.acceptThreshold, label, largerPanelUnavailable });

  return reviewTransaction(async (tx) => {
    const model: DecisionModel = fitted.consensus
      ? decisionModel(fitted.consensus, { version: await saveSnapshot(tx, campaign.id, fitted.consensus), fittedAt: fitted.consensus.readAt })
      : { space, model: fitted.model, snapshot: { ...fitted.snapshot!, votesBehind: 0, decisionMargin: 0 } };
    const recordDecision = (decision: PanelDecision["outcome"], shipped: string | null, note: string) => {
      const inputs = { ...decisionInputs(model, described, outcome, settings), panel: { appealId: appeal.id, kind: appeal.kind, round, size: sitting.size, note } };
      return tx.consensusDecision.create({
        data: { sampleId, outcome: decision, posterior: bestLabelProbability(space, described.posterior), label: shipped, reviews: reviews.length, flagged: false, inputs: inputs as unknown as Prisma.InputJsonValue, createdAt: now },
        select: { id: true, outcome: true, posterior: true, label: true, flagged: true },
      });
    };

    let resolution = split;
    let goldResolution = gold?.resolution ?? null;
    let note = gold ? gold.noteOf(gold.resolution) : noteOf(split);
    if ((goldResolution ?? split).kind === "next-round") {
      if (await seatPanel(tx, appeal.id, 2, now)) {
        await tx.appeal.update({ where: { id: appeal.id }, data: { outcomeNote: note } });
        return recordDecision(outcome.decision, null, note);
      }
      // Too few fresh reviewers are eligible for the larger panel (or another process moved the appeal on, which the
      // compare-and-set below finds): the split stands as a split larger panel's would.
      resolution = resolveWithoutLargerPanel();
      goldResolution = gold ? goldChallengeWithoutLargerPanel() : null;
      note = gold ? gold.noteOf(goldResolution!, true) : noteOf(resolution, true);
    }

    if (gold && goldResolution?.kind === "final") {
      const closed = await tx.appeal.updateMany({ where: { id: appeal.id, state: "OPEN", round }, data: { state: goldResolution.appealState, decidedAt: now, outcomeNote: note } });
      if (closed.count !== 1) return null;
      const recorded = await recordDecision(outcome.decision, label, note);
      const panelistAddresses = seats.map((s) => s.reviewer.address);
      await closeGoldChallenge(tx, { appealId: appeal.id, sampleId, campaign, space, item: gold.item, resolution: goldResolution, note, outcome, panelReviews, panelistAddresses, decisionId: recorded.id, now });
      return recorded;
    }
    if (resolution.kind !== "final") return null;
    const closed = await tx.appeal.updateMany({ where: { id: appeal.id, state: "OPEN", round }, data: { state: resolution.appealState, decidedAt: now, outcomeNote: note } });
    if (closed.count !== 1) return null;
    const accepted = resolution.sampleStatus === "ACCEPTED";
    const applied = await tx.sample.updateMany({
      where: { id: sampleId, status: "PENDING_REVIEW" },
      data: { status: resolution.sampleStatus, posterior: bestLabelProbability(space, described.posterior), consensusLabel: accepted ? label : null, decidedAt: now },
    });
    if (applied.count !== 1) throw new Error(`sample ${sampleId} left review while its panel decided; trying again`);
    const recorded = await recordDecision(accepted ? "ACCEPT" : "REJECT", accepted ? label : null, note);

    const decidedClass = accepted ? outcome.outcomeClass! : space.unacceptable;
    const items = decisionPayoutItems({ sampleId, outcome: accepted ? "ACCEPT" : "REJECT", decidedClass, contributorId: row.contributorId, campaign, reviews, final: true });
    if (items.length > 0) await earnPayouts(tx, items);
    await forfeitReviewerFees(tx, sampleId, campaign.id, wrongVoterIds(decidedClass, reviews), appeal.id);
    await releaseReviewerFees(tx, sampleId, now);
    if (appeal.kind !== "escalation") await recordBondSettlement(tx, appeal.id, resolution.appealState, seats.map((s) => s.reviewer.address));
    await tx.auditEvent.create({ data: { action: `appeal.${resolution.appealState.toLowerCase()}`, subject: `appeal:${appeal.id}`, details: { sampleId, decisionId: recorded.id, note } } });
    return recorded;
  });
}

/** The model the panel is judged with: a fresh fit of a small campaign (the panel's votes in), else its snapshot. */
async function panelModel(
  campaign: Parameters<typeof campaignConsensus>[1] & { id: string },
  options: { inlineFitMaxReviews?: number; snapshotOnly?: boolean },
): Promise<{ model: FittedConsensus; consensus: CampaignConsensus | null; snapshot: { version: number; fittedAt: Date; reviews: number; goldItems: number } | null } | null> {
  const snapshot = await latestSnapshot(campaign.id);
  const inlineMax = options.inlineFitMaxReviews ?? getEnv().consensusInlineFitMaxReviews;
  if (snapshot && (options.snapshotOnly || snapshot.reviews > inlineMax)) return { model: snapshot.model, consensus: null, snapshot };
  if (options.snapshotOnly) return null;
  const consensus = await campaignConsensus(db, campaign);
  return { model: consensus.model, consensus, snapshot: null };
}
