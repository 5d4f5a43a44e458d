// The campaigns of bench:review-load, written directly to the database: a synthetic crowd's reviews at scale.
import { createHash, randomBytes } from "node:crypto";
import { seededRandom } from "../../../lib/domain/consensus";
import type { PrismaClient } from "../../../lib/generated/prisma/client";

export const LABELS = ["sports", "politics", "tech", "world"] as const;
/** Samples waiting for review in each seeded campaign: more than a load run's verdicts can finish. */
export const PENDING_SAMPLES = 3_000;
const CHUNK = 2_000;

export const scaleTag = (n: number) => (n >= 1_000_000 ? `${n / 1_000_000}m` : n >= 1_000 ? `${n / 1_000}k` : String(n));

export type LoadReviewer = { key: string; skill: number };

/**
 * A campaign with `reviews` reviews already in, and PENDING_SAMPLES waiting. The load's reviewers are members of its
 * own crowd, as at a campaign of that size most verdicts come from reviewers it already knows: `loadReviewers` of
 * them get the reviewer role and a `review` key, and vote on the truth with their own skill.
 */
export async function seedCampaign(db: PrismaClient, reviews: number, seed: number, loadReviewers: number): Promise<{ id: string; seeded: number; reviewers: LoadReviewer[] }> {
  const random = seededRandom(seed);
  const tag = `${scaleTag(reviews)}-${randomBytes(3).toString("hex")}`;
  const contributor = await db.user.create({ data: { address: `0x${randomBytes(20).toString("hex")}`, displayName: `Bench contributor ${tag}` } });
  const campaign = await db.campaign.create({
    data: {
      slug: `review-load-${tag}`,
      title: `Review load ${scaleTag(reviews)}`,
      description: "News snippets by topic (made by tests/bench/review-load.ts).",
      dataType: "TEXT",
      labelSchema: { kind: "single_label", labels: [...LABELS] },
      rewardWei: "0",
      reviewerFeeWei: "0",
      budgetWei: (10n ** 24n).toString(),
      targetSamples: 10_000_000,
      licence: "CC-BY-4.0",
      status: "OPEN",
      goldRate: 0,
      reliabilityFloor: 0,
      maxPendingPerContributor: 10_000_000,
    },
  });
  const crowdSize = Math.max(60, Math.round(reviews / 2_000));
  const crowd: { id: string; skill: number }[] = [];
  for (let start = 0; start < crowdSize; start += CHUNK) {
    const rows = Array.from({ length: Math.min(CHUNK, crowdSize - start) }, (_, k) => ({ id: `u-${tag}-${start + k}`, address: `0x${randomBytes(20).toString("hex")}`, displayName: `Seeded reviewer ${start + k}` }));
    await db.user.createMany({ data: rows });
    for (const row of rows) crowd.push({ id: row.id, skill: 0.6 + 0.35 * random() });
  }
  const decidedSamples = Math.floor(reviews / 3);
  const now = Date.now();
  let sampleRows: object[] = [];
  let reviewRows: object[] = [];
  let goldRows: object[] = [];
  const flush = async () => {
    if (sampleRows.length > 0) await db.sample.createMany({ data: sampleRows as never });
    if (reviewRows.length > 0) for (let s = 0; s < reviewRows.length; s += CHUNK) await db.review.createMany({ data: reviewRows.slice(s, s + CHUNK) as never });
    if (goldRows.length > 0) await db.goldItem.createMany({ data: goldRows as never });
    sampleRows = [];
    reviewRows = [];
    goldRows = [];
  };
  for (let i = 0; i < decidedSamples + PENDING_SAMPLES; i++) {
    const truth = Math.floor(random() * LABELS.length);
    const given = random() < 0.85 ? truth : Math.floor(random() * LABELS.length);
    const text = `Snippet ${i} of ${tag} about ${LABELS[truth]}.`;
    const id = `s-${tag}-${i}`;
    const pending = i >= decidedSamples;
    const isGold = !pending && i % 100 === 0;
    const createdAt = new Date(now - 86_400_000 + i);
    sampleRows.push({
      id,
      campaignId: campaign.id,
      contributorId: contributor.id,
      contentHash: createHash("sha256").update(text).digest("hex"),
      mimeType: "text/plain; charset=utf-8",
      sizeBytes: text.length,
      textContent: text,
      labels: LABELS[given],
      status: pending ? "PENDING_REVIEW" : "ACCEPTED",
      consensusLabel: pending ? null : LABELS[truth],
      posterior: pending ? null : 0.95,
      decidedAt: pending ? null : createdAt,
      requiredReviews: 3,
      createdAt,
    });
    if (isGold) goldRows.push({ campaignId: campaign.id, sampleId: id, expectedVerdict: "ACCEPT", expectedLabel: LABELS[truth] });
    if (!pending) {
      const seen = new Set<number>();
      while (seen.size < 3) seen.add(Math.floor(random() * crowd.length));
      for (const j of seen) {
        const reviewer = crowd[j]!;
        const perceived = random() < reviewer.skill ? truth : Math.floor(random() * LABELS.length);
        // Created now, as they are written: the fitter counts what came in since its last fit by creation time.
        reviewRows.push({ sampleId: id, reviewerId: reviewer.id, verdict: "ACCEPT", label: perceived === given ? null : LABELS[perceived] });
      }
    }
    if (reviewRows.length >= 20 * CHUNK || sampleRows.length >= 10 * CHUNK) await flush();
  }
  await flush();
  const load: LoadReviewer[] = [];
  for (const member of crowd.slice(0, loadReviewers)) {
    await db.roleGrant.create({ data: { userId: member.id, role: "REVIEWER" } });
    const key = `tsk_${randomBytes(32).toString("base64url")}`;
    await db.apiKey.create({ data: { userId: member.id, name: "review load bench", prefix: key.slice(0, 10), keyHash: createHash("sha256").update(key).digest("hex"), scopes: "review" } });
    load.push({ key, skill: member.skill });
  }
  return { id: campaign.id, seeded: decidedSamples * 3, reviewers: load };
}
