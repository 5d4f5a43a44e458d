// Gold history for the demo's text campaign: ten samples with known answers, each already judged right by the three
// demo reviewers. Consensus is calibrated on gold (lib/domain/consensus/calibration.ts): without any, three agreeing
// reviewers give a label about 0.6, so nothing would reach the campaign's 0.9 and every demo sample would wait for a
// fourth reviewer the demo does not have. Written once per campaign (only while it has no gold item).
import { createHash } from "node:crypto";
import { db } from "@/lib/server/db";

const GOLD: { text: string; label: string; verdict: "ACCEPT" | "REJECT" }[] = [
  { text: "The battery easily lasts two days and the screen is bright even in sunlight.", label: "positive", verdict: "ACCEPT" },
  { text: "Arrived early, fits perfectly, and the fabric feels great. Would buy again.", label: "positive", verdict: "ACCEPT" },
  { text: "Stopped charging after a week and support never answered my emails.", label: "negative", verdict: "ACCEPT" },
  { text: "The lid cracked the first time I dropped it on a carpet. Very flimsy.", label: "negative", verdict: "ACCEPT" },
  { text: "It is a phone case. It holds the phone. Nothing more to say about it.", label: "neutral", verdict: "ACCEPT" },
  { text: "Delivered on Tuesday in a cardboard box with a printed manual.", label: "neutral", verdict: "ACCEPT" },
  { text: "asdf asdf asdf asdf", label: "positive", verdict: "REJECT" },
  { text: "BUY CHEAP FOLLOWERS NOW at my website, best prices guaranteed!!!", label: "positive", verdict: "REJECT" },
  { text: "Lorem ipsum dolor sit amet, consectetur adipiscing elit.", label: "neutral", verdict: "REJECT" },
  { text: "Click here to win a free cruise, limited offer, act today.", label: "negative", verdict: "REJECT" },
];

export async function seedGoldHistory(campaignSlug: string, contributorId: string, reviewerIds: readonly string[]): Promise<number> {
  const campaign = await db.campaign.findUnique({ where: { slug: campaignSlug }, select: { id: true, _count: { select: { goldItems: true } } } });
  if (!campaign || campaign._count.goldItems > 0) return 0;
  await db.$transaction(async (tx) => {
    for (const item of GOLD) {
      const sample = await tx.sample.create({
        data: {
          campaignId: campaign.id,
          contributorId,
          contentHash: createHash("sha256").update(item.text).digest("hex"),
          mimeType: "text/plain; charset=utf-8",
          sizeBytes: Buffer.byteLength(item.text),
          textContent: item.text,
          labels: item.label,
        },
        select: { id: true },
      });
      await tx.goldItem.create({ data: { campaignId: campaign.id, sampleId: sample.id, expectedVerdict: item.verdict, expectedLabel: item.verdict === "ACCEPT" ? item.label : null } });
      for (const reviewerId of reviewerIds) {
        await tx.review.create({ data: { sampleId: sample.id, reviewerId, verdict: item.verdict, reason: item.verdict === "REJECT" ? "low_quality" : null } });
      }
    }
  });
  return GOLD.length;
}
