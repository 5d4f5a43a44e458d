// Test-only: an open text campaign that asks its reviewers for a stake in the review escrow, written directly to the
// e2e database. Run with tsx --conditions=react-server:
//   tsx --conditions=react-server tests/e2e/support/seed-staked-campaign.ts <title> <stake in DATA>
// Prints { campaignId, slug } as one JSON line.
import { parseUnits } from "viem";
import { db } from "@/lib/server/db";

async function main(): Promise<void> {
  const [title, stake] = process.argv.slice(2);
  if (!title || !stake) throw new Error("usage: seed-staked-campaign.ts <title> <stake in DATA>");
  const slug = `${title.toLowerCase().replace(/[^a-z0-9]+/g, "-")}-${Date.now()}`;
  const campaign = await db.campaign.create({
    data: {
      slug,
      title,
      description: "A campaign whose reviewers stake DATA behind their votes, made by an e2e test.",
      dataType: "TEXT",
      labelSchema: { kind: "single_label", labels: ["positive", "negative"] },
      rewardWei: parseUnits("1", 18).toString(),
      budgetWei: parseUnits("100", 18).toString(),
      targetSamples: 10,
      licence: "CC-BY-4.0",
      status: "OPEN",
      reviewStakeWei: parseUnits(stake, 18).toString(),
    },
    select: { id: true, slug: true },
  });
  console.log(JSON.stringify({ campaignId: campaign.id, slug: campaign.slug }));
}

main()
  .catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  })
  .finally(() => db.$disconnect());
