// Test-only: what the app-shell specs need on their pages, written to the e2e database the way the flows leave it
// (those flows have their own tests): a campaign with one accepted and one rejected sample of a contributor, a reward
// earned for the accepted one (the running payout worker pays it), and a published dataset version nobody owns yet.
// Run with tsx --conditions=react-server:
//   tsx --conditions=react-server tests/e2e/support/app-shell-seed.ts <contributor address> [price DATA]
// Prints { campaignSlug, campaignId, acceptedId, rejectedId, versionId, datasetId, publishTxHash } as one JSON line.
import { randomBytes } from "node:crypto";
import { parseUnits } from "viem";
import { PAYOUT_REASONS } from "@/lib/domain/payouts/reasons";
import { db } from "@/lib/server/db";
import { requireRegistry } from "@/lib/server/datasets/registry";
import { earnPayouts } from "@/lib/server/payouts/earn-payouts";
import { makeCampaign } from "../../support/campaigns";
import { acceptedSample, publishedVersion, publishOnRegistry, textSamples } from "../../support/datasets";

async function main(): Promise<void> {
  const [address, price = "2"] = process.argv.slice(2);
  if (!address) throw new Error("usage: app-shell-seed.ts <contributor address> [price DATA]");
  const lower = address.toLowerCase();
  const contributor = await db.user.upsert({ where: { address: lower }, create: { address: lower }, update: {}, select: { id: true } });
  const campaign = await makeCampaign();
  const accepted = await acceptedSample(campaign.id, contributor.id, { text: `Accepted for the app shell ${campaign.slug}: sturdy and quiet.` });
  const text = `Rejected for the app shell ${campaign.slug}: buy followers at my site.`;
  // As a reject leaves it: the label the contributor chose and the (tiny) probability that it is right.
  const rejected = await db.sample.create({
    data: {
      campaignId: campaign.id,
      contributorId: contributor.id,
      status: "REJECTED",
      contentHash: randomBytes(32).toString("hex"),
      mimeType: "text/plain; charset=utf-8",
      sizeBytes: Buffer.byteLength(text),
      textContent: text,
      labels: "positive",
      consensusLabel: "positive",
      posterior: 0.001,
      decidedAt: new Date(),
    },
    select: { id: true },
  });
  const seller = await db.user.upsert({ where: { address: "0x" + "e3".repeat(20) }, create: { address: "0x" + "e3".repeat(20) }, update: {}, select: { id: true, address: true } });
  const version = await publishedVersion({ contributors: [seller], samples: textSamples(12), priceWei: parseUnits(price, 18), campaignStatus: "CLOSED" });
  // The payout worker signs with the same account: a publish racing one of its batches may be refused for its nonce.
  const registry = await requireRegistry();
  for (let attempt = 1; ; attempt++) {
    try {
      await publishOnRegistry(version.versionId, registry);
      break;
    } catch (error) {
      if (attempt >= 5 || !/nonce/i.test(String(error))) throw error;
    }
  }
  // The reward comes out of the seeded (funded) campaign's budget, so that the worker can pay it.
  const funded = await db.campaign.findUniqueOrThrow({ where: { slug: "product-review-sentiment" }, select: { id: true } });
  await db.$transaction((tx) =>
    earnPayouts(tx, [{ reason: PAYOUT_REASONS.SAMPLE_ACCEPTED, subjectId: accepted.id, recipientUserId: contributor.id, amountWei: parseUnits("1", 18), campaignId: funded.id }]),
  );

  const { publishTxHash } = await db.datasetVersion.findUniqueOrThrow({ where: { id: version.versionId }, select: { publishTxHash: true } });
  console.log(
    JSON.stringify({ campaignSlug: campaign.slug, campaignId: campaign.id, acceptedId: accepted.id, rejectedId: rejected.id, versionId: version.versionId, datasetId: version.datasetId, publishTxHash }),
  );
}

main()
  .catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  })
  .finally(() => db.$disconnect());
