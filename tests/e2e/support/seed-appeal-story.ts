// Test-only: the world of the appeals story (tests/e2e/appeals.spec.ts), in the e2e stack's database and chain. A
// news campaign that asks a 1 DATA stake of its reviewers; ten fresh reviewer wallets, each funded, staked on-chain
// (approve, stake: credited only once the stack's escrow indexer read the events) and with a record of 30 gold
// answers; and two samples of Rosalind's, a good one and a bad one. Run with tsx --conditions=react-server:
//   tsx --conditions=react-server tests/e2e/support/seed-appeal-story.ts
// Prints { slug, campaignId, good, bad } as one JSON line.
import { randomBytes } from "node:crypto";
import { createWalletClient, http, parseUnits, type Address } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { dataTokenAbi, reviewEscrowAbi } from "@/lib/chain/abi";
import { tesseraChain } from "@/lib/chain/chain";
import { createPayoutWalletClient, createTesseraPublicClient } from "@/lib/chain/clients";
import { escrowCampaignKey } from "@/lib/chain/review-escrow";
import { mintData } from "@/lib/chain/token";
import { getEnv } from "@/lib/env";
import { db } from "@/lib/server/db";
import { findDeployment } from "@/lib/server/deployments";

const LABELS = ["sports", "politics", "tech", "world"];
const STAKE = parseUnits("1", 18);
const ROSALIND = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";

async function main(): Promise<void> {
  const env = getEnv();
  const publicClient = createTesseraPublicClient();
  const token = (await findDeployment("DataToken"))!.address;
  const escrow = (await findDeployment("ReviewEscrow"))!.address;
  const stamp = Date.now();
  const campaign = await db.campaign.create({
    data: {
      slug: `appealed-news-${stamp}`,
      title: `Appealed news ${stamp}`,
      description: "A staked news campaign whose contributors appeal, made by an e2e test.",
      dataType: "TEXT",
      labelSchema: { kind: "single_label", labels: LABELS },
      rewardWei: parseUnits("2", 18).toString(),
      budgetWei: parseUnits("100", 18).toString(),
      targetSamples: 100,
      licence: "CC-BY-4.0",
      status: "OPEN",
      reviewsPerItem: 3,
      maxReviews: 3,
      reviewStakeWei: STAKE.toString(),
    },
    select: { id: true, slug: true },
  });

  // Ten reviewers with wallets of their own, each staking the campaign's stake from its own wallet.
  const payer = { publicClient, walletClient: createPayoutWalletClient() };
  const reviewerIds: string[] = [];
  for (let i = 0; i < 10; i++) {
    const account = privateKeyToAccount(generatePrivateKey());
    await publicClient.request({ method: "hardhat_setBalance" as never, params: [account.address, "0x8AC7230489E80000"] as never });
    await mintData(payer, token, account.address, STAKE);
    const wallet = createWalletClient({ account, chain: tesseraChain(env.chainId, env.rpcUrl), transport: http(env.rpcUrl) });
    for (const [address, abi, functionName, args] of [
      [token, dataTokenAbi, "approve", [escrow, STAKE]],
      [escrow, reviewEscrowAbi, "stake", [escrowCampaignKey(campaign.id), STAKE]],
    ] as const) {
      const { request } = await publicClient.simulateContract({ account, address: address as Address, abi, functionName, args } as never);
      const receipt = await publicClient.waitForTransactionReceipt({ hash: await wallet.writeContract(request as never) });
      if (receipt.status !== "success") throw new Error(`${functionName} failed`);
    }
    const user = await db.user.upsert({ where: { address: account.address.toLowerCase() }, create: { address: account.address.toLowerCase(), displayName: `Panel reviewer ${i + 1}` }, update: {} });
    await db.campaignReviewer.create({ data: { campaignId: campaign.id, userId: user.id, source: "ADMIN", reliability: 0.9 } });
    reviewerIds.push(user.id);
  }

  // Their record: 30 gold items, a third unacceptable, all answered right.
  const goldOwner = await db.user.create({ data: { address: `0x${randomBytes(20).toString("hex")}` } });
  for (let i = 0; i < 30; i++) {
    const truth = i % 3 === 2 ? null : LABELS[i % 4]!;
    const sample = await textSample(campaign.id, goldOwner.id, truth ?? LABELS[i % 4]!, `Gold item ${i} of ${stamp}.`);
    await db.goldItem.create({ data: { campaignId: campaign.id, sampleId: sample.id, expectedVerdict: truth === null ? "REJECT" : "ACCEPT", expectedLabel: truth } });
    for (const reviewerId of reviewerIds) {
      await db.review.create({ data: { sampleId: sample.id, reviewerId, verdict: truth === null ? "REJECT" : "ACCEPT", reason: truth === null ? "low_quality" : null } });
    }
  }

  const rosalind = await db.user.upsert({ where: { address: ROSALIND }, create: { address: ROSALIND }, update: {} });
  const good = await textSample(campaign.id, rosalind.id, "sports", `The home side won the derby 2-1 with a late header (${stamp}).`);
  const bad = await textSample(campaign.id, rosalind.id, "world", `asdf qwer zxcv ${stamp}`);

  // Stakes count once the stack's escrow indexer credited them.
  for (let i = 0; ; i++) {
    const covered = await db.reviewerStake.count({ where: { campaignId: campaign.id, activeWei: STAKE.toString() } });
    if (covered === reviewerIds.length) break;
    if (i > 600) throw new Error(`only ${covered} of ${reviewerIds.length} stakes were credited`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  console.log(JSON.stringify({ slug: campaign.slug, campaignId: campaign.id, good: good.id, bad: bad.id }));
}

function textSample(campaignId: string, contributorId: string, labels: string, text: string) {
  return db.sample.create({
    data: { campaignId, contributorId, contentHash: randomBytes(32).toString("hex"), mimeType: "text/plain; charset=utf-8", sizeBytes: text.length, textContent: text, labels, requiredReviews: 3 },
  });
}

main()
  .catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  })
  .finally(() => db.$disconnect());
