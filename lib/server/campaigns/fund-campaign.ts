import "server-only";
import { getAddress, type Hash, type PublicClient } from "viem";
import { createTesseraPublicClient } from "@/lib/chain/clients";
import { findTreasuryTransfer } from "@/lib/chain/treasury-funding";
import { AppError } from "@/lib/errors";
import { ZCampaignFunding } from "@/lib/schemas/campaign-funding";
import { assertRole, type SessionUser } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import { findDeployment } from "@/lib/server/deployments";
import { fundUnfundedPayouts } from "@/lib/server/payouts/fund-unfunded-payouts";
import { isUniqueViolation } from "@/lib/server/reviews/unique-violation";

export type CampaignFunded = { campaignId: string; amountWei: bigint; budgetWei: bigint; txHash: Hash; fundedPayouts: number };

/**
 * Admin only: raises a campaign's budget by a DATA transfer the admin made from their own wallet into the reward
 * treasury. The server reads the transfer back from the chain (mined, successful, emitted by the DATA token, from the
 * signed-in admin's address to the treasury, for exactly the amount) and never takes the browser's word for it. One
 * transfer raises one budget once ((txHash, logIndex) is unique). Payouts the old budget left UNFUNDED are funded in
 * the same transaction, oldest first. Nothing changes when anything is refused.
 */
export async function fundCampaign(actor: SessionUser, campaignId: string, input: unknown, options: { publicClient?: PublicClient } = {}): Promise<CampaignFunded> {
  assertRole(actor, "ADMIN");
  const { amount, txHash } = ZCampaignFunding.parse(input);
  const campaign = await db.campaign.findUnique({ where: { id: campaignId }, select: { id: true } });
  if (!campaign) throw new AppError("NOT_FOUND", "That campaign does not exist.");
  const [treasury, token] = await Promise.all([findDeployment("RewardDistributor"), findDeployment("DataToken")]);
  if (!treasury || !token) throw new AppError("UNAVAILABLE", "The reward treasury is not deployed on this chain yet (npm start or npm run deploy).");

  const publicClient = options.publicClient ?? createTesseraPublicClient();
  const hash = txHash.toLowerCase() as Hash;
  const transfer = await findTreasuryTransfer(publicClient, { txHash: hash, token: token.address, from: getAddress(actor.address), treasury: treasury.address, amountWei: amount }).catch(
    (cause: unknown) => {
      throw new AppError("CHAIN_ERROR", "The chain could not be read to check the transfer. Try again in a moment.", { cause });
    },
  );
  switch (transfer.kind) {
    case "not-mined":
      throw new AppError("NOT_FOUND", `Transaction ${hash} is not mined on this chain (yet). Wait for its receipt, then try again.`);
    case "reverted":
      throw new AppError("VALIDATION", `The transfer reverted on-chain, so no DATA reached the treasury and the budget is unchanged. ${transfer.reason}`);
    case "no-transfer":
      throw new AppError("VALIDATION", `Transaction ${hash} does not move exactly that amount of DATA from your wallet to the treasury: the budget is unchanged.`);
    case "found":
      break;
  }

  try {
    return await db.$transaction(async (tx) => {
      await tx.campaignFunding.create({
        data: { campaignId, funderId: actor.id, amountWei: amount.toString(), txHash: hash, logIndex: transfer.logIndex, blockNumber: Number(transfer.blockNumber) },
      });
      const current = await tx.campaign.findUniqueOrThrow({ where: { id: campaignId }, select: { budgetWei: true } });
      const budgetWei = BigInt(current.budgetWei) + amount;
      await tx.campaign.update({ where: { id: campaignId }, data: { budgetWei: budgetWei.toString() } });
      const { funded } = await fundUnfundedPayouts(tx, campaignId);
      await tx.auditEvent.create({
        data: { actorId: actor.id, action: "campaign.fund", subject: `campaign:${campaignId}`, details: { txHash: hash, logIndex: transfer.logIndex, amountWei: amount.toString() } },
      });
      return { campaignId, amountWei: amount, budgetWei, txHash: hash, fundedPayouts: funded };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("CONFLICT", "This transfer has already raised a budget: one transfer funds one campaign once.");
    throw error;
  }
}
