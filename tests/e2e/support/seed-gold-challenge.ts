// Test-only: the world of the gold challenge story (tests/e2e/gold-challenges.spec.ts), in the e2e stack's database
// and chain. A news campaign that asks a 1 DATA stake of its reviewers; ten fresh staked reviewers with a right record
// of 30 gold answers (the panel comes from them); Barbara, a reviewer of it staking from her own dev wallet (the bond
// comes from the seed's 20 DATA), whose answer to one gold item (a fine sports report the gold answer wrongly rejects) counts
// against her. Run with tsx --conditions=react-server:
//   tsx --conditions=react-server tests/e2e/support/seed-gold-challenge.ts
// Prints { slug, campaignId, goldSampleId, preview } as one JSON line.
import { mnemonicToAccount } from "viem/accounts";
import { DEMO_CAST, HARDHAT_MNEMONIC } from "@/lib/demo-cast";
import { db } from "@/lib/server/db";
import { rightGoldRecord, stakedReviewers, stakeFrom, stakesCredited, STORY_STAKE, storyCampaign, textSample } from "./staked-reviewers";


async function main(): Promise<void> {
  const stamp = Date.now();
  const campaign = await storyCampaign("Gold news", "A staked news campaign whose gold answer is challenged, made by an e2e test.", {
    // Three unanimous panelists of this small world fall just short of 90% on the item: a 90% campaign would seat a
    // larger panel next (tested in the integration suite), not this story's path.
    acceptThreshold: 0.8,
  });
  const reviewerIds = await stakedReviewers(campaign.id, 10, STORY_STAKE);
  await rightGoldRecord(campaign.id, reviewerIds, stamp);

  const barbara = DEMO_CAST.find((p) => p.name === "Barbara")!;
  // Minted exactly the stake: her wallet keeps the seed's 20 DATA, which the market spec's "too little DATA" case counts
  // on; the bond comes from it and, the challenge won, goes back to it.
  await stakeFrom(mnemonicToAccount(HARDHAT_MNEMONIC, { addressIndex: barbara.index }), campaign.id, STORY_STAKE);
  const address = barbara.address.toLowerCase();
  const user = await db.user.upsert({ where: { address }, create: { address }, update: {} });
  await db.campaignReviewer.create({ data: { campaignId: campaign.id, userId: user.id, source: "ADMIN", reliability: 0.9 } });

  const owner = await db.user.create({ data: { address: `0x${stamp.toString(16).padStart(40, "0")}` } });
  const preview = `The striker scored twice as the home side won the cup final (${stamp}).`;
  const sample = await textSample(campaign.id, owner.id, "sports", preview);
  await db.goldItem.create({ data: { campaignId: campaign.id, sampleId: sample.id, expectedVerdict: "REJECT", expectedLabel: null } });
  await db.review.create({ data: { sampleId: sample.id, reviewerId: user.id, verdict: "ACCEPT" } });

  await stakesCredited(campaign.id, reviewerIds.length + 1, STORY_STAKE);
  console.log(JSON.stringify({ slug: campaign.slug, campaignId: campaign.id, goldSampleId: sample.id, preview }));
}

main()
  .catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  })
  .finally(() => db.$disconnect());
