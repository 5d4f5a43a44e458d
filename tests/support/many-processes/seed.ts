// A campaign for tests/integration/many-processes.test.ts, written directly with createMany: thousands of reviews
// already in (so that a background fit takes a while and the campaign is far past the inline-fit limit), gold items
// the seeded crowd answered, and samples waiting for review.
import { createHash, randomBytes } from "node:crypto";
import { parseUnits } from "viem";
import { seededRandom } from "@/lib/domain/consensus";
import type { SessionUser } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";

const LABELS = ["positive", "negative", "neutral"] as const;
const CHUNK = 2_000;

export type BusyCampaign = { campaignId: string; contributorId: string; pendingIds: string[]; seededReviews: number };

export async function seedBusyCampaign(options: { decidedSamples: number; goldItems: number; pendingSamples: number; crowd: number; seed?: number }): Promise<BusyCampaign> {
  const random = seededRandom(options.seed ?? 16);
  const tag = randomBytes(4).toString("hex");
  const contributor = await db.user.create({ data: { address: `0x${randomBytes(20).toString("hex")}`, displayName: `Contributor ${tag}` } });
  const campaign = await db.campaign.create({
    data: {
      slug: `many-processes-${tag}`,
      title: "Many processes",
      description: "Made by tests/support/many-processes/seed.ts.",
      dataType: "TEXT",
      labelSchema: { kind: "single_label", labels: [...LABELS] },
      rewardWei: parseUnits("2", 18).toString(),
      budgetWei: parseUnits("1000000", 18).toString(),
      targetSamples: 1_000_000,
      licence: "CC-BY-4.0",
      status: "OPEN",
      // Only the pending samples are served, so that every verdict is one the test can account for.
      goldRate: 0,
      maxPendingPerContributor: 1_000_000,
    },
  });
  const crowd = Array.from({ length: options.crowd }, (_, i) => ({ id: `crowd-${tag}-${i}`, address: `0x${randomBytes(20).toString("hex")}`, displayName: `Seeded reviewer ${i}` }));
  await db.user.createMany({ data: crowd });

  const t0 = Date.now() - 86_400_000;
  type Row = Record<string, unknown>;
  const samples: Row[] = [];
  const reviews: Row[] = [];
  const gold: Row[] = [];
  const pendingIds: string[] = [];
  const total = options.goldItems + options.decidedSamples + options.pendingSamples;
  for (let i = 0; i < total; i++) {
    const id = `s-${tag}-${i}`;
    const text = `Sample ${i} of ${tag}.`;
    const isGold = i < options.goldItems;
    const pending = i >= options.goldItems + options.decidedSamples;
    // "Acceptable as labeled" four times in five, as the web processes' reviewers mostly find it.
    const acceptable = random() < 0.8;
    const createdAt = new Date(t0 + i);
    samples.push({
      id,
      campaignId: campaign.id,
      contributorId: contributor.id,
      contentHash: createHash("sha256").update(text).digest("hex"),
      mimeType: "text/plain; charset=utf-8",
      sizeBytes: text.length,
      textContent: text,
      labels: LABELS[i % LABELS.length],
      status: pending || isGold ? "PENDING_REVIEW" : acceptable ? "ACCEPTED" : "REJECTED",
      consensusLabel: !pending && !isGold && acceptable ? LABELS[i % LABELS.length] : null,
      posterior: pending || isGold ? null : 0.97,
      decidedAt: pending || isGold ? null : createdAt,
      requiredReviews: 3,
      createdAt,
    });
    if (pending) {
      pendingIds.push(id);
      continue;
    }
    if (isGold) gold.push({ campaignId: campaign.id, sampleId: id, expectedVerdict: acceptable ? "ACCEPT" : "REJECT" });
    const chosen = new Set<number>();
    while (chosen.size < (isGold ? 6 : 3)) chosen.add(Math.floor(random() * crowd.length));
    for (const j of chosen) {
      const right = random() < 0.9;
      const accept = right ? acceptable : !acceptable;
      reviews.push({ sampleId: id, reviewerId: crowd[j]!.id, verdict: accept ? "ACCEPT" : "REJECT", reason: accept ? null : "low_quality", createdAt: new Date(t0 + i) });
    }
  }
  for (let s = 0; s < samples.length; s += CHUNK) await db.sample.createMany({ data: samples.slice(s, s + CHUNK) as never });
  for (let s = 0; s < reviews.length; s += CHUNK) await db.review.createMany({ data: reviews.slice(s, s + CHUNK) as never });
  await db.goldItem.createMany({ data: gold as never });
  return { campaignId: campaign.id, contributorId: contributor.id, pendingIds, seededReviews: reviews.length };
}

/** Holders of the global reviewer role, as the services see a signed-in user. */
export async function webReviewers(count: number): Promise<SessionUser[]> {
  const out: SessionUser[] = [];
  for (let i = 0; i < count; i++) {
    const user = await db.user.create({ data: { address: `0x${randomBytes(20).toString("hex")}`, displayName: `Web reviewer ${i + 1}` } });
    await db.roleGrant.create({ data: { userId: user.id, role: "REVIEWER" } });
    out.push({ id: user.id, address: user.address, displayName: user.displayName, roles: ["REVIEWER"] });
  }
  return out;
}
