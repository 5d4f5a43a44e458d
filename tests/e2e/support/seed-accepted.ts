// Test-only: a campaign with accepted, reviewed samples in the e2e stack's database, as the review flow leaves them
// (the review flow has its own tests). Run with tsx --conditions=react-server:
//   tsx --conditions=react-server tests/e2e/support/seed-accepted.ts <contributor address> <count> <reviewer address>...
// Prints { campaignId, sampleIds } as one JSON line.
import { db } from "@/lib/server/db";
import { makeCampaign } from "../../support/campaigns";
import { acceptedSample } from "../../support/datasets";

async function main(): Promise<void> {
  const [contributor, count, ...reviewers] = process.argv.slice(2);
  if (!contributor || !count) throw new Error("usage: seed-accepted.ts <contributor address> <count> <reviewer address>...");
  const userOf = (address: string) => db.user.upsert({ where: { address: address.toLowerCase() }, create: { address: address.toLowerCase() }, update: {}, select: { id: true } });
  const contributorId = (await userOf(contributor)).id;
  const reviewerIds = await Promise.all(reviewers.map(async (r) => (await userOf(r)).id));
  const campaign = await makeCampaign();
  const sampleIds: string[] = [];
  for (let i = 0; i < Number(count); i++) {
    const sample = await acceptedSample(campaign.id, contributorId, { reviewerIds, label: i % 3 === 2 ? "negative" : "positive", text: `Market e2e review ${i} of ${campaign.slug}.` });
    sampleIds.push(sample.id);
  }
  console.log(JSON.stringify({ campaignId: campaign.id, sampleIds }));
}

main()
  .catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  })
  .finally(() => db.$disconnect());
