import "server-only";
import { ZLabelSchema } from "@/lib/schemas/label-schema";
import { db } from "@/lib/server/db";
import { campaignConsensus, saveSnapshot } from "./campaign-consensus";
import { decidedAgain } from "./flag-reversals";
import { decisionModel } from "./decision-inputs";
import { reviewTransaction } from "./unique-violation";

/** The decision rule samples are decided under now (see Campaign.consensusRule). */
export const CONSENSUS_RULE = 2;

/**
 * Checks the accepted samples of a campaign decided under an older rule against the current one, once: each whose
 * shipped label no longer reaches the threshold (so the new rule would ask for more reviews, escalate, reject it or
 * ship another label) gets a flagged decision for an admin. Nothing is flipped: the sample was paid, and versions
 * already published keep their rows. Returns how many were flagged, or null if another process checked it first.
 */
export async function recheckCampaign(campaignId: string): Promise<number | null> {
  const campaign = await db.campaign.findUnique({ where: { id: campaignId }, select: { id: true, consensusRule: true, labelSchema: true, acceptThreshold: true, reviewsPerItem: true, maxReviews: true } });
  if (!campaign || campaign.consensusRule >= CONSENSUS_RULE) return null;
  const consensus = await campaignConsensus(db, { ...campaign, labelSchema: ZLabelSchema.parse(campaign.labelSchema) });
  return reviewTransaction(async (tx) => {
    // Compare-and-set: of two workers, one checks the campaign.
    const claimed = await tx.campaign.updateMany({ where: { id: campaignId, consensusRule: campaign.consensusRule }, data: { consensusRule: CONSENSUS_RULE } });
    if (claimed.count !== 1) return null;
    const version = await saveSnapshot(tx, campaignId, consensus);
    const accepted = await tx.sample.findMany({ where: { campaignId, status: "ACCEPTED", goldItem: { is: null } }, select: { id: true, status: true, consensusLabel: true } });
    const space = consensus.space;
    const flags = await decidedAgain(tx, campaign, consensus, decisionModel(consensus, { version, fittedAt: consensus.readAt }), accepted, (sample, outcome) => {
      if (outcome.decision !== "ACCEPT") return true;
      return space.kind === "labels" && sample.consensusLabel !== null && space.classNames[outcome.outcomeClass!] !== sample.consensusLabel;
    });
    for (const flag of flags) {
      await tx.consensusDecision.create({ data: { ...flag, inputs: { ...flag.inputs, recheckedFromRule: campaign.consensusRule } } });
    }
    await tx.auditEvent.create({ data: { actorId: null, action: "consensus.recheck", subject: `campaign:${campaignId}`, details: { fromRule: campaign.consensusRule, toRule: CONSENSUS_RULE, accepted: accepted.length, flagged: flags.length } } });
    return flags.length;
  });
}

/** Campaigns still to re-check. */
export async function campaignsToRecheck(): Promise<string[]> {
  const rows = await db.campaign.findMany({ where: { consensusRule: { lt: CONSENSUS_RULE } }, select: { id: true }, orderBy: { createdAt: "asc" } });
  return rows.map((r) => r.id);
}
