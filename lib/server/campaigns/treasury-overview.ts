import "server-only";
import type { Address } from "viem";
import { treasuryBalance } from "@/lib/chain/reward-distributor";
import { createTesseraPublicClient } from "@/lib/chain/clients";
import { campaignBudgetView, treasuryCoverage, type CampaignBudgetView, type CampaignStatusName, type TreasuryCoverage } from "@/lib/domain/campaigns/treasury";
import { assertRole, type SessionUser } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import { findDeployment } from "@/lib/server/deployments";

export type TreasuryCampaign = { id: string; slug: string; title: string; status: CampaignStatusName; budgetWei: bigint } & CampaignBudgetView;

export type TreasuryOverview = {
  /** The RewardDistributor that pays every reward, and the token; null before the contracts are deployed. */
  treasury: Address | null;
  token: Address | null;
  /** Its DATA balance read on-chain now; null when the chain could not be read. */
  coverage: TreasuryCoverage | null;
  chainError: string | null;
  campaigns: TreasuryCampaign[];
  /** Unpaid rows no budget caps (revenue shares from sales), owed by the treasury too. */
  otherUnpaidWei: bigint;
};

/**
 * Admin only: the treasury's address and on-chain DATA balance, what each campaign has reserved (funded payouts),
 * spent (paid) and has left, and whether the balance covers everything still owed.
 */
export async function getTreasuryOverview(actor: SessionUser): Promise<TreasuryOverview> {
  assertRole(actor, "ADMIN");
  const [distributor, token, rows, unpaid] = await Promise.all([
    findDeployment("RewardDistributor"),
    findDeployment("DataToken"),
    db.campaign.findMany({
      orderBy: [{ createdAt: "desc" }, { id: "asc" }],
      select: { id: true, slug: true, title: true, status: true, budgetWei: true, payoutLedger: { select: { fundedWei: true } } },
    }),
    // Funded but not yet paid: few rows (the payout worker's backlog), so summed here rather than every paid row.
    db.payout.findMany({ where: { status: { in: ["PENDING", "IN_FLIGHT"] } }, select: { campaignId: true, amountWei: true } }),
  ]);
  const unpaidByCampaign = new Map<string, bigint>();
  let otherUnpaidWei = 0n;
  for (const row of unpaid) {
    if (row.campaignId === null) otherUnpaidWei += BigInt(row.amountWei);
    else unpaidByCampaign.set(row.campaignId, (unpaidByCampaign.get(row.campaignId) ?? 0n) + BigInt(row.amountWei));
  }
  const money = rows.map((r) => {
    const reservedWei = BigInt(r.payoutLedger?.fundedWei ?? "0");
    const unpaidWei = unpaidByCampaign.get(r.id) ?? 0n;
    return { status: r.status, budgetWei: BigInt(r.budgetWei), reservedWei, spentWei: reservedWei > unpaidWei ? reservedWei - unpaidWei : 0n };
  });
  const campaigns = rows.map((r, i) => ({ id: r.id, slug: r.slug, title: r.title, status: r.status, budgetWei: money[i]!.budgetWei, ...campaignBudgetView(money[i]!) }));

  let coverage: TreasuryCoverage | null = null;
  let chainError: string | null = null;
  if (distributor) {
    try {
      coverage = treasuryCoverage(await treasuryBalance(createTesseraPublicClient(), distributor.address), money, otherUnpaidWei);
    } catch (error) {
      chainError = `The treasury's balance could not be read from the chain: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`;
    }
  }
  return { treasury: distributor?.address ?? null, token: token?.address ?? null, coverage, chainError, campaigns, otherUnpaidWei };
}
