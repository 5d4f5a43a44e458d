// The review page's "N left" counts and quiz offers (issue 17, item 8) against a real SQLite file: a count is what the
// claim could still serve (never the reviewer's own samples, gold, or what they reviewed, skipped or hold), and a
// quiz is offered only where one can be sat.
import { beforeEach, describe, expect, it } from "vitest";
import type { SessionUser } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import { listQuizOffers } from "@/lib/server/quiz/quiz-offers";
import { claimReview } from "@/lib/server/reviews/claim-review";
import { reviewQueueOverview } from "@/lib/server/reviews/review-queue-overview";
import { skipReview } from "@/lib/server/reviews/skip-review";
import { submitVerdict } from "@/lib/server/reviews/submit-verdict";
import { makeCampaign } from "../support/campaigns";
import { resetDb } from "../support/db-reset";
import { pendingSample, sessionUser } from "../support/reviews";

let reviewer: SessionUser;
let contributor: SessionUser;

beforeEach(async () => {
  await resetDb();
  reviewer = await sessionUser({ roles: ["REVIEWER"], name: "Margaret" });
  contributor = await sessionUser({ name: "Ada" });
});

const leftIn = (campaignId: string) => reviewQueueOverview(reviewer).campaigns.find((c) => c.id === campaignId)?.left;

describe("review queue counts", () => {
  it("counts what the claim could still serve, per campaign and in all", async () => {
    const a = (await makeCampaign({ status: "OPEN" })).id;
    const b = (await makeCampaign({ status: "OPEN" })).id;
    await makeCampaign({ status: "CLOSED" });
    await db.campaign.updateMany({ data: { goldRate: 0 } });
    for (let i = 0; i < 4; i++) await pendingSample(a, contributor.id);
    for (let i = 0; i < 2; i++) await pendingSample(b, contributor.id);
    await pendingSample(a, reviewer.id); // their own: never theirs to review
    const gold = await pendingSample(a, contributor.id);
    await db.goldItem.create({ data: { campaignId: a, sampleId: gold.id, expectedVerdict: "ACCEPT" } });

    let overview = reviewQueueOverview(reviewer);
    expect(overview.campaigns.map((c) => [c.id, c.left])).toEqual([
      [a, 4],
      [b, 2],
    ]);
    expect(overview).toMatchObject({ left: 6, capped: false });

    // The sample they hold still counts, until a verdict or a skip takes it.
    const held = (await claimReview(reviewer, { campaignId: a }))!;
    expect(leftIn(a)).toBe(4);
    await submitVerdict(reviewer, { sampleId: held.sampleId, verdict: "ACCEPT" });
    expect(leftIn(a)).toBe(3);
    const next = (await claimReview(reviewer, { campaignId: a }))!;
    expect(leftIn(a)).toBe(3);
    await skipReview(reviewer, { sampleId: next.sampleId });
    expect(leftIn(a)).toBe(2);
    // Held in one campaign while another is reviewed: still counted where it is held.
    await claimReview(reviewer, { campaignId: a });
    await claimReview(reviewer, { campaignId: b });
    expect(reviewQueueOverview(reviewer).campaigns.map((c) => c.left)).toEqual([2, 2]);
    overview = reviewQueueOverview(reviewer);
    expect(overview.left).toBe(4);
  });

  it("counts no further than its cap", async () => {
    const a = (await makeCampaign({ status: "OPEN" })).id;
    const rows = Array.from({ length: 1003 }, (_, i) => ({
      campaignId: a,
      contributorId: contributor.id,
      contentHash: `hash-${i}`,
      mimeType: "text/plain",
      sizeBytes: 4,
      textContent: `t ${i}`,
      labels: "positive",
    }));
    await db.sample.createMany({ data: rows });
    expect(reviewQueueOverview(reviewer)).toMatchObject({ left: 1000, capped: true });
  });

  it("a wallet that reviews nothing has no campaigns and nothing left", async () => {
    await makeCampaign({ status: "OPEN" });
    const nobody = await sessionUser();
    expect(reviewQueueOverview(nobody)).toEqual({ campaigns: [], left: 0, capped: false });
  });
});

describe("quiz offers", () => {
  it("offers a quiz only where enough gold can be asked, and says why not elsewhere", async () => {
    const newcomer = await sessionUser({ name: "Linus" });
    const ready = await makeCampaign({ status: "OPEN" });
    const noGold = await makeCampaign({ status: "OPEN" });
    await makeCampaign({ status: "DRAFT" });
    await db.campaign.updateMany({ data: { quizSize: 2 } });
    for (let i = 0; i < 2; i++) {
      const s = await pendingSample(ready.id, contributor.id);
      await db.goldItem.create({ data: { campaignId: ready.id, sampleId: s.id, expectedVerdict: "ACCEPT" } });
    }
    // One gold item in the other campaign, and it is the newcomer's own: they could be asked none.
    const own = await pendingSample(noGold.id, newcomer.id);
    await db.goldItem.create({ data: { campaignId: noGold.id, sampleId: own.id, expectedVerdict: "ACCEPT" } });

    const offers = await listQuizOffers(newcomer);
    expect(offers.map((o) => [o.slug, o.status.kind])).toEqual([
      [ready.slug, "open"],
      [noGold.slug, "not-enough-gold"],
    ]);
    expect(offers[1]!.status).toEqual({ kind: "not-enough-gold", available: 0, needed: 2 });
    // A holder of the global role needs no quiz anywhere.
    expect(await listQuizOffers(reviewer)).toEqual([]);
  });
});
