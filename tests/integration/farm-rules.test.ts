// What keeps a few free wallets from deciding a sample among themselves (issue 18, farm-rules.ts), against a real
// SQLite file through the claim and skip services: quiz-qualified wallets without a record take at most one slot of a
// sample, a record (gold answers or an admin's grant) lifts that, and skips are limited.
import { beforeEach, describe, expect, it } from "vitest";
import { ESTABLISHED_GOLD_ANSWERS, MAX_SKIPS_PER_WINDOW } from "@/lib/domain/trust/farm-rules";
import type { SessionUser } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import { claimReview } from "@/lib/server/reviews/claim-review";
import { skipReview } from "@/lib/server/reviews/skip-review";
import { makeCampaign } from "../support/campaigns";
import { resetDb } from "../support/db-reset";
import { goldWithVerdicts, pendingSample, sessionUser } from "../support/reviews";

let campaignId: string;
let contributor: SessionUser;

/** A wallet that passed the campaign's quiz: a reviewer of this campaign only, without a record. */
async function quizReviewer(source: "QUIZ" | "ADMIN" = "QUIZ"): Promise<SessionUser> {
  const user = await sessionUser();
  await db.campaignReviewer.create({ data: { campaignId, userId: user.id, source, active: true } });
  return user;
}

beforeEach(async () => {
  await resetDb();
  campaignId = (await makeCampaign()).id;
  await db.campaign.update({ where: { id: campaignId }, data: { goldRate: 0 } });
  contributor = await sessionUser();
});

describe("newcomers' slots", () => {
  it("give a sample at most one reviewer without a record; reviewers with one fill the rest", async () => {
    const sample = await pendingSample(campaignId, contributor.id, { requiredReviews: 3 });
    const [first, second, third] = [await quizReviewer(), await quizReviewer(), await quizReviewer()];

    expect((await claimReview(first))?.sampleId).toBe(sample.id);
    // The other two newcomers find nothing: the sample's newcomer slot is taken.
    expect(await claimReview(second)).toBeNull();
    expect(await claimReview(third)).toBeNull();
    expect(await db.reviewAssignment.count({ where: { sampleId: sample.id } })).toBe(1);

    // An admin's grant, or the global reviewer role, is a record: they take the other slots.
    const granted = await quizReviewer("ADMIN");
    const global = await sessionUser({ roles: ["REVIEWER"] });
    expect((await claimReview(granted))?.sampleId).toBe(sample.id);
    expect((await claimReview(global))?.sampleId).toBe(sample.id);
    const slots = await db.reviewAssignment.findMany({ where: { sampleId: sample.id }, select: { reviewerId: true, newcomer: true, slot: true } });
    expect(slots.filter((s) => s.newcomer).map((s) => s.reviewerId)).toEqual([first.id]);
    expect(slots.map((s) => s.slot).sort()).toEqual([0, 1, 2]);
  });

  it("frees the newcomer slot when its holder skips, for another newcomer", async () => {
    const sample = await pendingSample(campaignId, contributor.id, { requiredReviews: 3 });
    const [first, second] = [await quizReviewer(), await quizReviewer()];
    expect((await claimReview(first))?.sampleId).toBe(sample.id);
    expect(await claimReview(second)).toBeNull();
    await skipReview(first, { sampleId: sample.id });
    expect((await claimReview(second))?.sampleId).toBe(sample.id);
  });

  it(`counts ${ESTABLISHED_GOLD_ANSWERS} gold answers in the campaign as a record`, async () => {
    const [veteran, almost, newcomer] = [await quizReviewer(), await quizReviewer(), await quizReviewer()];
    for (let i = 0; i < ESTABLISHED_GOLD_ANSWERS; i++) await goldWithVerdicts(campaignId, contributor.id, "ACCEPT", [{ reviewerId: veteran.id, verdict: "ACCEPT" }]);
    for (let i = 0; i < ESTABLISHED_GOLD_ANSWERS - 1; i++) await goldWithVerdicts(campaignId, contributor.id, "ACCEPT", [{ reviewerId: almost.id, verdict: "ACCEPT" }]);
    const sample = await pendingSample(campaignId, contributor.id, { requiredReviews: 3 });

    // random() = 0.99: no gold served, so each claim is for the sample.
    const noGold = { random: () => 0.99 };
    expect((await claimReview(newcomer, noGold))?.sampleId).toBe(sample.id);
    // One gold answer short: still a newcomer, and the sample already has one.
    expect(await claimReview(almost, noGold)).toBeNull();
    expect((await claimReview(veteran, noGold))?.sampleId).toBe(sample.id);
  });

  it("serves a newcomer gold at least half the time, to build their record", async () => {
    for (let i = 0; i < 3; i++) await goldWithVerdicts(campaignId, contributor.id, "ACCEPT", []);
    await pendingSample(campaignId, contributor.id, { requiredReviews: 3 });
    const newcomer = await quizReviewer();
    // random() = 0.4: below the newcomer's gold rate of 0.5, above the campaign's 0.
    const task = await claimReview(newcomer, { random: () => 0.4 });
    expect(await db.goldItem.count({ where: { sampleId: task!.sampleId } })).toBe(1);
    const veteran = await sessionUser({ roles: ["REVIEWER"] });
    const served = await claimReview(veteran, { random: () => 0.4 });
    expect(await db.goldItem.count({ where: { sampleId: served!.sampleId } })).toBe(0);
  });

  it("serves each gold item to one newcomer only, so wallets comparing what they are served cannot find gold by it", async () => {
    const gold = await goldWithVerdicts(campaignId, contributor.id, "ACCEPT", []);
    const normal = await pendingSample(campaignId, contributor.id, { requiredReviews: 3 });
    const [first, second] = [await quizReviewer(), await quizReviewer()];
    expect((await claimReview(first, { random: () => 0 }))?.sampleId).toBe(gold.id);
    // The gold draw comes up again, but the one gold item went to a newcomer already: a normal sample instead.
    expect((await claimReview(second, { random: () => 0 }))?.sampleId).toBe(normal.id);
    // Reviewers with a record are measured on every gold item (at a campaign's gold rate above 0).
    await db.campaign.update({ where: { id: campaignId }, data: { goldRate: 0.2 } });
    const veteran = await sessionUser({ roles: ["REVIEWER"] });
    expect((await claimReview(veteran, { random: () => 0 }))?.sampleId).toBe(gold.id);
  });
});

describe("skips", () => {
  it(`allow ${MAX_SKIPS_PER_WINDOW} per campaign and hour, then refuse with 429 and keep the sample held`, async () => {
    const reviewer = await sessionUser({ roles: ["REVIEWER"] });
    for (let i = 0; i <= MAX_SKIPS_PER_WINDOW; i++) await pendingSample(campaignId, contributor.id);
    for (let i = 0; i < MAX_SKIPS_PER_WINDOW; i++) {
      const task = await claimReview(reviewer);
      await skipReview(reviewer, { sampleId: task!.sampleId });
    }
    const last = await claimReview(reviewer);
    await expect(skipReview(reviewer, { sampleId: last!.sampleId })).rejects.toMatchObject({ code: "RATE_LIMITED", message: expect.stringMatching(/skipped 10 samples of this campaign in the last hour/) });
    expect(await db.reviewAssignment.findFirst({ where: { sampleId: last!.sampleId, reviewerId: reviewer.id } })).toMatchObject({ status: "LEASED" });
    // An hour later the reviewer may skip again.
    await skipReview(reviewer, { sampleId: last!.sampleId }, new Date(Date.now() + 61 * 60 * 1000));
  });
});
