// Test-only pieces of the staked-campaign stories (seed-appeal-story.ts, seed-gold-challenge.ts), in the e2e stack's
// database and chain: wallets staking a campaign on-chain (credited only once the stack's escrow indexer read the
// events) and a record of gold answers that makes them eligible panelists.
import { randomBytes } from "node:crypto";
import { createWalletClient, http, parseUnits, type Address, type Account } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { dataTokenAbi, reviewEscrowAbi } from "@/lib/chain/abi";
import { tesseraChain } from "@/lib/chain/chain";
import { createPayoutWalletClient, createTesseraPublicClient } from "@/lib/chain/clients";
import { escrowCampaignKey } from "@/lib/chain/review-escrow";
import { mintData } from "@/lib/chain/token";
import { getEnv } from "@/lib/env";
import { db } from "@/lib/server/db";
import { findDeployment } from "@/lib/server/deployments";

export const STORY_LABELS = ["sports", "politics", "tech", "world"];
/** What the stories' campaign asks its reviewers to stake. */
export const STORY_STAKE = parseUnits("1", 18);

/** The stories' staked news campaign: open, a 2 DATA reward, 3 reviews per item and no more, a 1 DATA stake. */
export async function storyCampaign(name: string, description: string, options: { acceptThreshold?: number } = {}) {
  const stamp = Date.now();
  return db.campaign.create({
    data: {
      slug: `${name.toLowerCase().replaceAll(" ", "-")}-${stamp}`,
      title: `${name} ${stamp}`,
      description,
      dataType: "TEXT",
      labelSchema: { kind: "single_label", labels: STORY_LABELS },
      rewardWei: parseUnits("2", 18).toString(),
      budgetWei: parseUnits("100", 18).toString(),
      targetSamples: 100,
      licence: "CC-BY-4.0",
      status: "OPEN",
      reviewsPerItem: 3,
      maxReviews: 3,
      reviewStakeWei: STORY_STAKE.toString(),
      ...options,
    },
    select: { id: true, slug: true },
  });
}

/** Mints `stake` DATA to the account, then approves and stakes it in the campaign from the account's own wallet. */
export async function stakeFrom(account: Account, campaignId: string, stake: bigint): Promise<void> {
  const env = getEnv();
  const publicClient = createTesseraPublicClient();
  const token = (await findDeployment("DataToken"))!.address;
  const escrow = (await findDeployment("ReviewEscrow"))!.address;
  await mintData({ publicClient, walletClient: createPayoutWalletClient() }, token, account.address, stake);
  const wallet = createWalletClient({ account, chain: tesseraChain(env.chainId, env.rpcUrl), transport: http(env.rpcUrl) });
  for (const [address, abi, functionName, args] of [
    [token, dataTokenAbi, "approve", [escrow, stake]],
    [escrow, reviewEscrowAbi, "stake", [escrowCampaignKey(campaignId), stake]],
  ] as const) {
    const { request } = await publicClient.simulateContract({ account, address: address as Address, abi, functionName, args } as never);
    const receipt = await publicClient.waitForTransactionReceipt({ hash: await wallet.writeContract(request as never) });
    if (receipt.status !== "success") throw new Error(`${functionName} failed`);
  }
}

/** `count` reviewers with fresh wallets, each funded and staking `stake` in the campaign, reviewers of it (reliability 0.9). */
export async function stakedReviewers(campaignId: string, count: number, stake: bigint): Promise<string[]> {
  const publicClient = createTesseraPublicClient();
  const reviewerIds: string[] = [];
  for (let i = 0; i < count; i++) {
    const account = privateKeyToAccount(generatePrivateKey());
    await publicClient.request({ method: "hardhat_setBalance" as never, params: [account.address, "0x8AC7230489E80000"] as never });
    await stakeFrom(account, campaignId, stake);
    const user = await db.user.upsert({ where: { address: account.address.toLowerCase() }, create: { address: account.address.toLowerCase(), displayName: `Panel reviewer ${i + 1}` }, update: {} });
    await db.campaignReviewer.create({ data: { campaignId, userId: user.id, source: "ADMIN", reliability: 0.9 } });
    reviewerIds.push(user.id);
  }
  return reviewerIds;
}

/** 30 gold items, a third unacceptable, every one of `reviewerIds` answered right. */
export async function rightGoldRecord(campaignId: string, reviewerIds: readonly string[], stamp: number): Promise<void> {
  const goldOwner = await db.user.create({ data: { address: `0x${randomBytes(20).toString("hex")}` } });
  for (let i = 0; i < 30; i++) {
    const truth = i % 3 === 2 ? null : STORY_LABELS[i % 4]!;
    const sample = await textSample(campaignId, goldOwner.id, truth ?? STORY_LABELS[i % 4]!, `Gold item ${i} of ${stamp}.`);
    await db.goldItem.create({ data: { campaignId, sampleId: sample.id, expectedVerdict: truth === null ? "REJECT" : "ACCEPT", expectedLabel: truth } });
    for (const reviewerId of reviewerIds) {
      await db.review.create({ data: { sampleId: sample.id, reviewerId, verdict: truth === null ? "REJECT" : "ACCEPT", reason: truth === null ? "low_quality" : null } });
    }
  }
}

/** Waits until the stack's escrow indexer credited `count` stakes of `stake` in the campaign. */
export async function stakesCredited(campaignId: string, count: number, stake: bigint): Promise<void> {
  for (let i = 0; ; i++) {
    const covered = await db.reviewerStake.count({ where: { campaignId, activeWei: stake.toString() } });
    if (covered === count) return;
    if (i > 600) throw new Error(`only ${covered} of ${count} stakes were credited`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export function textSample(campaignId: string, contributorId: string, labels: string, text: string) {
  return db.sample.create({
    data: { campaignId, contributorId, contentHash: randomBytes(32).toString("hex"), mimeType: "text/plain; charset=utf-8", sizeBytes: text.length, textContent: text, labels, requiredReviews: 3 },
  });
}
