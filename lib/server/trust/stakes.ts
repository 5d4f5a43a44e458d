import "server-only";
import { getAddress, type Address, type Hex } from "viem";
import { escrowCampaignKey } from "@/lib/chain/review-escrow";
import { AppError } from "@/lib/errors";
import type { SessionUser } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import { findDeployment } from "@/lib/server/deployments";

export type CampaignStake = {
  campaignId: string;
  slug: string;
  title: string;
  /** What the campaign asks of its reviewers. */
  requiredWei: bigint;
  activeWei: bigint;
  leavingWei: bigint;
  unlockAt: Date | null;
  slashedWei: bigint;
  /** The escrow's bytes32 id of the campaign: what the browser passes to stake(). */
  escrowKey: Hex;
};

export type StakesPage = { escrow: Address | null; stakes: CampaignStake[] };

/**
 * The reviewer's stakes as the escrow indexer credited them, for every open campaign that asks for one and every
 * campaign they still have DATA in (a closed campaign's stake must stay withdrawable).
 */
export async function listMyStakes(actor: SessionUser): Promise<StakesPage> {
  const [escrow, campaigns, rows] = await Promise.all([
    findDeployment("ReviewEscrow"),
    db.campaign.findMany({ where: { status: "OPEN", NOT: { reviewStakeWei: "0" } }, select: { id: true, slug: true, title: true, reviewStakeWei: true }, orderBy: { createdAt: "asc" } }),
    db.reviewerStake.findMany({ where: { userId: actor.id }, include: { campaign: { select: { id: true, slug: true, title: true, reviewStakeWei: true } } } }),
  ]);
  const byCampaign = new Map(rows.map((r) => [r.campaignId, r]));
  const listed = [...campaigns, ...rows.filter((r) => !campaigns.some((c) => c.id === r.campaignId)).map((r) => r.campaign)];
  return {
    escrow: escrow ? getAddress(escrow.address) : null,
    stakes: listed.map((c) => {
      const row = byCampaign.get(c.id);
      return {
        campaignId: c.id,
        slug: c.slug,
        title: c.title,
        requiredWei: BigInt(c.reviewStakeWei),
        activeWei: BigInt(row?.activeWei ?? "0"),
        leavingWei: BigInt(row?.leavingWei ?? "0"),
        unlockAt: row?.unlockAt ?? null,
        slashedWei: BigInt(row?.slashedWei ?? "0"),
        escrowKey: escrowCampaignKey(c.id),
      };
    }),
  };
}

/** The reviewer's credited stake in one campaign: what the stake panel polls after a transaction. */
export async function myStakeIn(actor: SessionUser, campaignId: string): Promise<{ activeWei: string; leavingWei: string; unlockAt: string | null }> {
  const row = await db.reviewerStake.findUnique({ where: { campaignId_userId: { campaignId, userId: actor.id } } });
  return { activeWei: row?.activeWei ?? "0", leavingWei: row?.leavingWei ?? "0", unlockAt: row?.unlockAt?.toISOString() ?? null };
}

/**
 * Refuses to start a withdrawal while the reviewer still has work open in the campaign: a sample they hold, or a
 * sample they voted on that is not decided yet. (Decided samples stay covered: the escrow's cooldown outlasts any
 * appeal window, and the stake can be slashed until it ends.)
 */
export async function assertMayRequestWithdrawal(actor: SessionUser, campaignId: string, now = new Date()): Promise<void> {
  const [held, undecided] = await Promise.all([
    db.reviewAssignment.count({ where: { campaignId, reviewerId: actor.id, status: "LEASED", leaseExpiresAt: { gt: now } } }),
    db.review.count({ where: { reviewerId: actor.id, sample: { campaignId, status: "PENDING_REVIEW" } } }),
  ]);
  if (held + undecided === 0) return;
  const parts = [held > 0 ? `you hold ${held} sample${held === 1 ? "" : "s"} to review` : null, undecided > 0 ? `${undecided} sample${undecided === 1 ? "" : "s"} you voted on ${undecided === 1 ? "is" : "are"} not decided yet` : null].filter(Boolean);
  throw new AppError("CONFLICT", `Not yet: ${parts.join(", and ")}. Your stake stands behind that work; finish or skip what you hold and ask again once it is decided.`);
}
