import "server-only";
import { splitByBudget } from "@/lib/domain/payouts/budget";
import type { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/server/db";
import { lockCampaignLedger, setCampaignFunded } from "./campaign-ledger";

/**
 * Funds a campaign's UNFUNDED rows, oldest first, as far as its budget now allows (after the budget was raised).
 * Run it in the transaction that raises the budget; the payout worker also sweeps every loop, as a safety net.
 */
export async function fundUnfundedPayouts(tx: Prisma.TransactionClient, campaignId: string): Promise<{ funded: number; stillUnfunded: number }> {
  const ledger = await lockCampaignLedger(tx, campaignId);
  const waiting = await tx.payout.findMany({
    where: { campaignId, status: "UNFUNDED" },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true, amountWei: true },
  });
  const split = splitByBudget({ ...ledger, queueBlocked: false }, waiting.map((row) => BigInt(row.amountWei)));
  const ids = waiting.filter((_, i) => split.funded[i]).map((row) => row.id);
  if (ids.length > 0) {
    const { count } = await tx.payout.updateMany({ where: { id: { in: ids }, status: "UNFUNDED" }, data: { status: "PENDING", fundedAt: new Date() } });
    if (count !== ids.length) throw new Error(`funding campaign ${campaignId}: ${ids.length - count} rows changed underneath`);
    await setCampaignFunded(tx, campaignId, split.fundedWei);
  }
  return { funded: ids.length, stillUnfunded: waiting.length - ids.length };
}

/**
 * Every campaign whose oldest UNFUNDED row now fits its budget, each in its own short transaction. Reads first, so a
 * loop with nothing to fund writes nothing.
 */
export async function fundUnfundedPayoutsEverywhere(): Promise<number> {
  const campaigns = await db.payout.findMany({ where: { status: "UNFUNDED" }, distinct: ["campaignId"], select: { campaignId: true } });
  let funded = 0;
  for (const { campaignId } of campaigns) {
    if (!campaignId) continue;
    const [campaign, ledger, oldest] = await Promise.all([
      db.campaign.findUnique({ where: { id: campaignId }, select: { budgetWei: true } }),
      db.campaignPayoutLedger.findUnique({ where: { campaignId }, select: { fundedWei: true } }),
      db.payout.findFirst({ where: { campaignId, status: "UNFUNDED" }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { amountWei: true } }),
    ]);
    if (!campaign || !oldest) continue;
    if (BigInt(ledger?.fundedWei ?? "0") + BigInt(oldest.amountWei) > BigInt(campaign.budgetWei)) continue;
    funded += (await db.$transaction((tx) => fundUnfundedPayouts(tx, campaignId))).funded;
  }
  return funded;
}
