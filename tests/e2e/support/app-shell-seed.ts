// Test-only: what the app-shell specs need on their pages, written to the e2e database the way the flows leave it
// (those flows have their own tests): a campaign with one accepted and one rejected sample of a contributor, a reward
// earned for the accepted one (the running payout worker pays it), and a published dataset version nobody owns yet.
// Run with tsx --conditions=react-server:
//   tsx --conditions=react-server tests/e2e/support/app-shell-seed.ts <contributor address> [price DATA]
// Also a campaign panel that decided an undecided sample of the contributor's (the appeal page).
// Prints { campaignSlug, campaignId, acceptedId, rejectedId, versionId, datasetId, publishTxHash, appealId } as one JSON line.
import { randomBytes, randomUUID } from "node:crypto";
import { parseUnits } from "viem";
import { escrowBondKey } from "@/lib/chain/review-escrow";
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

  const appealId = await decidedPanel(campaign.id, contributor.id);

  const { publishTxHash } = await db.datasetVersion.findUniqueOrThrow({ where: { id: version.versionId }, select: { publishTxHash: true } });
  console.log(
    JSON.stringify({ campaignSlug: campaign.slug, campaignId: campaign.id, acceptedId: accepted.id, rejectedId: rejected.id, versionId: version.versionId, datasetId: version.datasetId, publishTxHash, appealId }),
  );
}

/** A sample left undecided, sent to a campaign panel of three that rejected it, as the panel step leaves it. */
async function decidedPanel(campaignId: string, contributorId: string): Promise<string> {
  const text = `Undecided for the app shell ${campaignId}: it is fine I guess.`;
  const now = new Date();
  const sample = await db.sample.create({
    data: { campaignId, contributorId, status: "REJECTED", contentHash: randomBytes(32).toString("hex"), mimeType: "text/plain; charset=utf-8", sizeBytes: Buffer.byteLength(text), textContent: text, labels: "neutral", decidedAt: now },
    select: { id: true },
  });
  const id = randomUUID();
  await db.appeal.create({
    data: {
      id,
      kind: "escalation",
      sampleId: sample.id,
      onceKey: `sample:${sample.id}`,
      appellantId: contributorId,
      bondWei: "0",
      bondKey: escrowBondKey(id),
      state: "UPHELD",
      round: 1,
      appealedStatus: "ESCALATED",
      openedAt: now,
      decidedAt: now,
      outcomeNote: "The panel of 3 rejected the sample at 95% (threshold 90%).",
    },
  });
  for (let i = 0; i < 3; i++) {
    const address = `0x${randomBytes(20).toString("hex")}`;
    const panelist = await db.user.create({ data: { address }, select: { id: true } });
    await db.panelSeat.create({ data: { appealId: id, round: 1, reviewerId: panelist.id, createdAt: now } });
  }
  return id;
}

main()
  .catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  })
  .finally(() => db.$disconnect());
