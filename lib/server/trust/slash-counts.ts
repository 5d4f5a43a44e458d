import "server-only";
import { db } from "@/lib/server/db";

export type CampaignSlashCounts = {
  /** What the campaign asks its reviewers to stake (0: nothing). */
  requiredStakeWei: bigint;
  /** Findings slashed on-chain, and the DATA wei they took to the treasury. */
  slashed: number;
  slashedWei: bigint;
  /** Findings recorded and not yet settled on-chain. */
  pending: number;
};

/**
 * How many stakes were slashed in a campaign and for how much: public figures for the campaign page (no reviewer is
 * named, so nothing here needs a role).
 */
export async function campaignSlashCounts(campaignId: string): Promise<CampaignSlashCounts> {
  const [campaign, slashed, pending] = await Promise.all([
    db.campaign.findUnique({ where: { id: campaignId }, select: { reviewStakeWei: true } }),
    db.stakeSlash.findMany({ where: { campaignId, state: "SLASHED" }, select: { amountWei: true } }),
    db.stakeSlash.count({ where: { campaignId, state: { in: ["FOUND", "SIGNED"] } } }),
  ]);
  return { requiredStakeWei: BigInt(campaign?.reviewStakeWei ?? "0"), slashed: slashed.length, slashedWei: slashed.reduce((sum, r) => sum + BigInt(r.amountWei ?? "0"), 0n), pending };
}
