// Test-only: the world of the appeals story (tests/e2e/appeals.spec.ts), in the e2e stack's database and chain. A
// news campaign that asks a 1 DATA stake of its reviewers; ten fresh reviewer wallets, each funded, staked on-chain
// (approve, stake: credited only once the stack's escrow indexer read the events) and with a record of 30 gold
// answers; and two samples of Rosalind's, a good one and a bad one. Run with tsx --conditions=react-server:
//   tsx --conditions=react-server tests/e2e/support/seed-appeal-story.ts
// Prints { slug, campaignId, good, bad } as one JSON line.
import { db } from "@/lib/server/db";
import { rightGoldRecord, stakedReviewers, stakesCredited, STORY_STAKE, storyCampaign, textSample } from "./staked-reviewers";

const ROSALIND = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";

async function main(): Promise<void> {
  const stamp = Date.now();
  const campaign = await storyCampaign("Appealed news", "A staked news campaign whose contributors appeal, made by an e2e test.");

  // Ten reviewers with wallets of their own, each staking the campaign's stake from its own wallet; their record: 30
  // gold items, a third unacceptable, all answered right.
  const reviewerIds = await stakedReviewers(campaign.id, 10, STORY_STAKE);
  await rightGoldRecord(campaign.id, reviewerIds, stamp);

  const rosalind = await db.user.upsert({ where: { address: ROSALIND }, create: { address: ROSALIND }, update: {} });
  const good = await textSample(campaign.id, rosalind.id, "sports", `The home side won the derby 2-1 with a late header (${stamp}).`);
  const bad = await textSample(campaign.id, rosalind.id, "world", `asdf qwer zxcv ${stamp}`);

  // Stakes count once the stack's escrow indexer credited them.
  await stakesCredited(campaign.id, reviewerIds.length, STORY_STAKE);
  console.log(JSON.stringify({ slug: campaign.slug, campaignId: campaign.id, good: good.id, bad: bad.id }));
}

main()
  .catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  })
  .finally(() => db.$disconnect());
