import "server-only";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";

export type LockedLedger = { campaignId: string; budgetWei: bigint; fundedWei: bigint; queueBlocked: boolean };

/**
 * Writes the campaign's ledger row before reading anything: that write takes the row lock on PostgreSQL and SQLite's
 * write lock, so two transactions earning from one campaign cannot both see the same budget left. (On SQLite, writing
 * first also avoids SQLITE_BUSY_SNAPSHOT, which a transaction that read first gets when another writer committed.)
 */
export async function lockCampaignLedger(tx: Prisma.TransactionClient, campaignId: string): Promise<LockedLedger> {
  const touched = await tx.campaignPayoutLedger.updateMany({ where: { campaignId }, data: { updatedAt: new Date() } });
  const campaign = await tx.campaign.findUnique({ where: { id: campaignId }, select: { budgetWei: true } });
  if (!campaign) throw new AppError("NOT_FOUND", `Campaign ${campaignId} does not exist.`);
  if (touched.count === 0) await tx.campaignPayoutLedger.create({ data: { campaignId, fundedWei: "0" } });
  const ledger = await tx.campaignPayoutLedger.findUniqueOrThrow({ where: { campaignId }, select: { fundedWei: true } });
  const unfunded = await tx.payout.findFirst({ where: { campaignId, status: "UNFUNDED" }, select: { id: true } });
  return { campaignId, budgetWei: BigInt(campaign.budgetWei), fundedWei: BigInt(ledger.fundedWei), queueBlocked: unfunded !== null };
}

export async function setCampaignFunded(tx: Prisma.TransactionClient, campaignId: string, fundedWei: bigint): Promise<void> {
  await tx.campaignPayoutLedger.update({ where: { campaignId }, data: { fundedWei: fundedWei.toString() } });
}
