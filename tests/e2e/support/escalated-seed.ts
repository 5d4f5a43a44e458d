// Test-only: a sample its three reviewers left undecided at k_max (each voted for another class), in a campaign of
// its own, as the review loop leaves it; for the admin override spec. Run with tsx --conditions=react-server:
//   tsx --conditions=react-server tests/e2e/support/escalated-seed.ts <run id>
// Prints { sampleId, text } as one JSON line.
import { randomBytes } from "node:crypto";
import { db } from "@/lib/server/db";
import { makeCampaign } from "../../support/campaigns";

async function main(): Promise<void> {
  const [run] = process.argv.slice(2);
  if (!run) throw new Error("usage: escalated-seed.ts <run id>");
  const campaign = await makeCampaign({ status: "OPEN" });
  await db.campaign.update({ where: { id: campaign.id }, data: { reviewsPerItem: 3, maxReviews: 3 } });
  const wallet = () => `0x${randomBytes(20).toString("hex")}`;
  const contributor = await db.user.create({ data: { address: wallet() }, select: { id: true } });
  const text = `Undecided for the override spec ${run}: fine, or maybe not.`;
  const sample = await db.sample.create({
    data: {
      campaignId: campaign.id,
      contributorId: contributor.id,
      status: "ESCALATED",
      contentHash: randomBytes(32).toString("hex"),
      mimeType: "text/plain; charset=utf-8",
      sizeBytes: Buffer.byteLength(text),
      textContent: text,
      labels: "positive",
      requiredReviews: 3,
      decidedAt: new Date(),
    },
    select: { id: true },
  });
  const votes = [
    { verdict: "ACCEPT" as const, reason: null, label: null },
    { verdict: "REJECT" as const, reason: "wrong_label", label: "negative" },
    { verdict: "REJECT" as const, reason: "low_quality", label: null },
  ];
  for (const vote of votes) {
    const reviewer = await db.user.create({ data: { address: wallet() }, select: { id: true } });
    await db.review.create({ data: { sampleId: sample.id, reviewerId: reviewer.id, ...vote } });
  }
  console.log(JSON.stringify({ sampleId: sample.id, text }));
}

main()
  .catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  })
  .finally(() => db.$disconnect());
