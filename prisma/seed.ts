// Demo data for the local chain: the demo cast as users, two open campaigns, gold history for the text campaign
// (seed-gold.ts) and starting DATA balances.
// Idempotent: upserts by natural keys, mints starting balances only while the token has no supply yet, and funds the
// reward treasury (the RewardDistributor) with the sum of the campaign budgets only while it is empty.
import { parseUnits, type Address } from "viem";
import { getEnv } from "@/lib/env";
import { DEMO_CAST } from "@/lib/demo-cast";
import { createPayoutWalletClient, createTesseraPublicClient } from "@/lib/chain/clients";
import { treasuryBalance } from "@/lib/chain/reward-distributor";
import { dataTotalSupply, mintData } from "@/lib/chain/token";
import { formatData } from "@/lib/format";
import type { TLabelSchema } from "@/lib/schemas/label-schema";
import { db } from "@/lib/server/db";
import { findDeployment } from "@/lib/server/deployments";
import { seedGoldHistory } from "./seed-gold";

const STARTING_BALANCE: Record<string, string> = { admin: "0", reviewer: "20", contributor: "50", buyer: "1000" };

const CAMPAIGNS: { slug: string; title: string; description: string; dataType: "TEXT" | "IMAGE"; labelSchema: TLabelSchema; reward: string; budget: string; target: number; licence: string }[] = [
  {
    slug: "product-review-sentiment",
    title: "Product review sentiment",
    description: "Short English product reviews labeled positive, negative or neutral. Write your own or paste reviews you hold the rights to.",
    dataType: "TEXT",
    labelSchema: { kind: "single_label", labels: ["positive", "negative", "neutral"] },
    reward: "2",
    budget: "2000",
    target: 1000,
    licence: "CC-BY-4.0",
  },
  {
    slug: "street-signs",
    title: "Street signs in the wild",
    description: "Photos of street signs taken by you, labeled by sign type. No faces or licence plates, please.",
    dataType: "IMAGE",
    labelSchema: { kind: "single_label", labels: ["stop", "yield", "speed-limit", "no-entry", "other"] },
    reward: "5",
    budget: "2500",
    target: 500,
    licence: "CC-BY-SA-4.0",
  },
];

async function main() {
  const env = getEnv();
  let adminId: string | undefined;
  for (const person of DEMO_CAST) {
    const address = person.address.toLowerCase();
    const user = await db.user.upsert({
      where: { address },
      create: { address, displayName: person.name },
      update: { displayName: person.name },
      select: { id: true },
    });
    if (person.role === "admin") adminId = user.id;
    if (person.role === "reviewer") {
      await db.roleGrant.upsert({ where: { userId_role: { userId: user.id, role: "REVIEWER" } }, create: { userId: user.id, role: "REVIEWER" }, update: {} });
    }
  }

  for (const c of CAMPAIGNS) {
    const data = {
      title: c.title,
      description: c.description,
      dataType: c.dataType,
      labelSchema: c.labelSchema,
      rewardWei: parseUnits(c.reward, 18).toString(),
      budgetWei: parseUnits(c.budget, 18).toString(),
      targetSamples: c.target,
      licence: c.licence,
      status: "OPEN" as const,
    };
    await db.campaign.upsert({ where: { slug: c.slug }, create: { slug: c.slug, createdById: adminId, ...data }, update: {} });
  }

  const reviewerIds = (await db.user.findMany({ where: { address: { in: DEMO_CAST.filter((p) => p.role === "reviewer").map((p) => p.address.toLowerCase()) } }, select: { id: true } })).map((u) => u.id);
  const gold = adminId ? await seedGoldHistory("product-review-sentiment", adminId, reviewerIds) : 0;
  if (gold > 0) console.log(`[seed] ${gold} gold items in "Product review sentiment", judged right by the ${reviewerIds.length} demo reviewers`);

  const token = await findDeployment("DataToken");
  if (env.isDevChain && token) {
    const publicClient = createTesseraPublicClient();
    if ((await dataTotalSupply(publicClient, token.address)) === 0n) {
      const walletClient = createPayoutWalletClient();
      for (const person of DEMO_CAST) {
        const amount = parseUnits(STARTING_BALANCE[person.role] ?? "0", 18);
        if (amount > 0n) await mintData({ publicClient, walletClient }, token.address, person.address as Address, amount);
      }
      console.log("[seed] minted starting DATA balances for the demo cast");
    }
    await fundTreasury();
  }
  console.log(`[seed] ${DEMO_CAST.length} demo users, ${CAMPAIGNS.length} campaigns`);
}

/** On the dev chain the payout wallet may mint: the treasury gets what every campaign could pay out, once. */
async function fundTreasury(): Promise<void> {
  const [token, distributor] = await Promise.all([findDeployment("DataToken"), findDeployment("RewardDistributor")]);
  if (!token || !distributor) return;
  const publicClient = createTesseraPublicClient();
  if ((await treasuryBalance(publicClient, distributor.address)) > 0n) return;
  const campaigns = await db.campaign.findMany({ select: { budgetWei: true } });
  const total = campaigns.reduce((sum, c) => sum + BigInt(c.budgetWei), 0n);
  if (total === 0n) return;
  await mintData({ publicClient, walletClient: createPayoutWalletClient() }, token.address, distributor.address, total);
  console.log(`[seed] funded the reward treasury with ${formatData(total)} DATA (the sum of the campaign budgets)`);
}

main()
  .catch((error) => {
    console.error("[seed] failed:", error instanceof Error ? ((error as { shortMessage?: string }).shortMessage ?? error.message) : error);
    process.exitCode = 1;
  })
  .finally(() => db.$disconnect());
