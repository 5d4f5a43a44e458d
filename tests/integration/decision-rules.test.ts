import { parseUnits } from "viem";
import { beforeEach, describe, expect, it } from "vitest";
import { APP_ERROR_STATUS, AppError } from "@/lib/errors";
import type { SessionUser } from "@/lib/server/auth/session";
import type { DecisionInputs } from "@/lib/server/reviews/decision-inputs";
import { db } from "@/lib/server/db";
import { claimReview } from "@/lib/server/reviews/claim-review";
import { decideSample } from "@/lib/server/reviews/decide-sample";
import { earnDecisionPayouts } from "@/lib/server/reviews/decision-payouts";
import { listEscalated } from "@/lib/server/reviews/list-escalated";
import { resolveEscalation } from "@/lib/server/reviews/resolve-escalation";
import { submitVerdict } from "@/lib/server/reviews/submit-verdict";
import { makeCampaign } from "../support/campaigns";
import { resetDb } from "../support/db-reset";
import { goldWithVerdicts, pendingSample, reviewers, sessionUser } from "../support/reviews";

const NO_GOLD = { random: () => 0.99 };
const T0 = new Date("2026-12-01T12:00:00Z");
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const FEE = parseUnits("0.25", 18);
const REWARD = parseUnits("2", 18);

async function judge(reviewer: SessionUser, verdict: "ACCEPT" | "REJECT", now: Date, random = NO_GOLD.random) {
  const task = await claimReview(reviewer, { random, now });
  expect(task).not.toBeNull();
  await submitVerdict(reviewer, { sampleId: task!.sampleId, verdict, ...(verdict === "REJECT" ? { reason: "low_quality" } : {}) }, { now });
  return task!.sampleId;
}

const payoutsOf = (subjectId: string) => db.payout.findMany({ where: { subjectId }, orderBy: { key: "asc" }, select: { reason: true, recipientId: true, amountWei: true, status: true } });

let contributor: SessionUser;
beforeEach(async () => {
  await resetDb();
  contributor = await sessionUser({ name: "Ada" });
});

describe("reviewer fees", () => {
  // Fresh reviewers and no gold: the calibrated posterior stays cautious (one dissent in three leaves the label near
  // 0.47 of 4 outcome classes), so the split sample asks for a fourth review, and 3 against 1 decides at 0.55.
  it("pays every reviewer who voted for the decided class, not the one who disagreed, from the campaign budget, once", async () => {
    const campaign = await makeCampaign();
    // Budget for the reward and two fees: the third fee waits, unfunded, like any reward past the budget.
    await db.campaign.update({ where: { id: campaign.id }, data: { acceptThreshold: 0.55, reviewerFeeWei: FEE.toString(), budgetWei: (REWARD + 2n * FEE).toString() } });
    const sample = await pendingSample(campaign.id, contributor.id);
    const [alan, barbara, claude, dora] = await reviewers(4);
    await judge(alan!, "ACCEPT", at(0));
    await judge(barbara!, "REJECT", at(1));
    await judge(claude!, "ACCEPT", at(2));
    expect(await db.sample.findUniqueOrThrow({ where: { id: sample.id }, select: { status: true, requiredReviews: true } })).toEqual({ status: "PENDING_REVIEW", requiredReviews: 4 });
    expect(await payoutsOf(sample.id)).toEqual([]);
    await judge(dora!, "ACCEPT", at(3));
    expect((await db.sample.findUniqueOrThrow({ where: { id: sample.id } })).status).toBe("ACCEPTED");

    const agreed = [alan!.id, claude!.id, dora!.id];
    const paid = await payoutsOf(sample.id);
    expect(paid.filter((p) => p.reason === "review.agreed").map((p) => p.recipientId).sort()).toEqual([...agreed].sort());
    expect(paid.filter((p) => p.reason === "review.agreed").map((p) => p.status).sort()).toEqual(["PENDING", "PENDING", "UNFUNDED"]);
    expect(paid.filter((p) => p.reason === "sample.accepted")).toEqual([{ reason: "sample.accepted", recipientId: contributor.id, amountWei: REWARD.toString(), status: "PENDING" }]);
    expect(paid.some((p) => p.recipientId === barbara!.id)).toBe(false);

    // A re-decision (a later run, or the same decision written again) earns nothing new: the keys already exist.
    await decideSample(sample.id, { now: at(10) });
    const reviews = (await db.review.findMany({ where: { sampleId: sample.id }, select: { reviewerId: true, verdict: true } })).map((r) => ({ reviewerId: r.reviewerId, voteClass: r.verdict === "ACCEPT" ? 0 : 3 }));
    await db.$transaction((tx) => earnDecisionPayouts(tx, { sampleId: sample.id, outcome: "ACCEPT", decidedClass: 0, contributorId: contributor.id, campaign: { id: campaign.id, rewardWei: REWARD.toString(), reviewerFeeWei: FEE.toString() }, reviews }));
    expect(await payoutsOf(sample.id)).toEqual(paid);
  });

  it("pays the rejecting majority of a rejected sample, and nothing at all with a fee of 0", async () => {
    const campaign = await makeCampaign();
    await db.campaign.update({ where: { id: campaign.id }, data: { acceptThreshold: 0.55, reviewerFeeWei: FEE.toString() } });
    const rejectedSample = await pendingSample(campaign.id, contributor.id);
    const [alan, barbara, claude, dora] = await reviewers(4);
    await judge(alan!, "REJECT", at(0));
    await judge(barbara!, "REJECT", at(1));
    await judge(claude!, "ACCEPT", at(2));
    await judge(dora!, "REJECT", at(3));
    expect((await db.sample.findUniqueOrThrow({ where: { id: rejectedSample.id } })).status).toBe("REJECTED");
    expect((await payoutsOf(rejectedSample.id)).map((p) => p.recipientId).sort()).toEqual([alan!.id, barbara!.id, dora!.id].sort());

    await db.campaign.update({ where: { id: campaign.id }, data: { reviewerFeeWei: "0" } });
    const free = await pendingSample(campaign.id, contributor.id);
    for (const [i, r] of [alan!, barbara!, claude!].entries()) await judge(r, "ACCEPT", at(10 + i));
    expect((await db.sample.findUniqueOrThrow({ where: { id: free.id } })).status).toBe("ACCEPTED");
    expect((await payoutsOf(free.id)).map((p) => p.reason)).toEqual(["sample.accepted"]);
  });
});

describe("reliability floor", () => {
  it("stops serving a reviewer whose measured reliability fell below the campaign's floor, and logs it", async () => {
    const campaign = await makeCampaign();
    await db.campaign.update({ where: { id: campaign.id }, data: { reliabilityFloor: 0.6 } });
    const [honest1, honest2, yesMan] = await reviewers(3);
    for (let i = 0; i < 8; i++) {
      const truth = i % 2 === 0 ? "REJECT" : "ACCEPT";
      await goldWithVerdicts(campaign.id, contributor.id, truth, [
        { reviewerId: honest1!.id, verdict: truth },
        { reviewerId: honest2!.id, verdict: truth },
        { reviewerId: yesMan!.id, verdict: "ACCEPT" },
      ]);
    }
    const lastGold = await goldWithVerdicts(campaign.id, contributor.id, "REJECT", []);
    await pendingSample(campaign.id, contributor.id);
    expect(await db.campaignReviewer.count()).toBe(0);

    // The gold draw (random 0) serves the unseen gold item; the always-accept answer is the ninth measured one.
    expect(await judge(yesMan!, "ACCEPT", at(0), () => 0)).toBe(lastGold.id);
    const row = await db.campaignReviewer.findUniqueOrThrow({ where: { campaignId_userId: { campaignId: campaign.id, userId: yesMan!.id } } });
    expect(row).toMatchObject({ active: false, inactiveReason: "below-floor" });
    expect(row.reliability).toBeLessThan(0.6);
    expect(await db.auditEvent.findMany({ where: { action: "reviewer.below-floor" }, select: { subject: true, details: true } })).toEqual([
      { subject: `campaign:${campaign.id}`, details: expect.objectContaining({ userId: yesMan!.id, votes: 9, floor: 0.6 }) },
    ]);

    // The queue of this campaign is closed to them (the global role notwithstanding); honest reviewers still get items.
    expect(await claimReview(yesMan!, { ...NO_GOLD, now: at(1) })).toBeNull();
    expect(await claimReview(honest1!, { ...NO_GOLD, now: at(1) })).not.toBeNull();
    expect(await db.campaignReviewer.count({ where: { active: false } })).toBe(1);
  });
});

describe("escalated samples", () => {
  async function escalatedSample() {
    const campaign = await makeCampaign();
    await db.campaign.update({ where: { id: campaign.id }, data: { reviewsPerItem: 1, maxReviews: 2, acceptThreshold: 0.99, reviewerFeeWei: FEE.toString() } });
    const sample = await pendingSample(campaign.id, contributor.id, { requiredReviews: 1 });
    const [alan, barbara] = await reviewers(2);
    await judge(alan!, "ACCEPT", at(0));
    await judge(barbara!, "REJECT", at(1));
    expect((await db.sample.findUniqueOrThrow({ where: { id: sample.id } })).status).toBe("ESCALATED");
    return { campaign, sample, alan: alan!, barbara: barbara! };
  }

  it("lists them for admins with the votes, weights and posterior", async () => {
    const { sample, alan, barbara } = await escalatedSample();
    const admin = await sessionUser({ roles: ["ADMIN"] });
    const { rows, total } = await listEscalated(admin);
    expect(total).toBe(1);
    expect(rows[0]).toMatchObject({ id: sample.id, posterior: expect.any(Number) });
    expect(rows[0]!.inputs!.votes.map((v) => [v.reviewerId, v.verdict])).toEqual([
      [alan.id, "ACCEPT"],
      [barbara.id, "REJECT"],
    ]);
    expect(rows[0]!.reviewerAddresses[alan.id]).toBe(alan.address);
    await expect(listEscalated(alan)).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("a non-admin gets 403 and nothing changes; an admin's resolution is decided, paid and logged once", async () => {
    const { sample, alan } = await escalatedSample();
    const before = { decisions: await db.consensusDecision.count(), payouts: await db.payout.count(), audit: await db.auditEvent.count() };
    const error = await resolveEscalation(alan, { sampleId: sample.id, outcome: "ACCEPT" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(APP_ERROR_STATUS[(error as AppError).code]).toBe(403);
    expect((await db.sample.findUniqueOrThrow({ where: { id: sample.id } })).status).toBe("ESCALATED");
    expect({ decisions: await db.consensusDecision.count(), payouts: await db.payout.count(), audit: await db.auditEvent.count() }).toEqual(before);

    const admin = await sessionUser({ roles: ["ADMIN"] });
    await expect(resolveEscalation(admin, { sampleId: sample.id, outcome: "MAYBE" })).rejects.toMatchObject({ name: "ZodError" });
    const { decisionId } = await resolveEscalation(admin, { sampleId: sample.id, outcome: "ACCEPT", note: "Clearly positive." }, { now: at(5) });
    expect(await db.sample.findUniqueOrThrow({ where: { id: sample.id }, select: { status: true, decidedAt: true, consensusLabel: true } })).toEqual({ status: "ACCEPTED", decidedAt: at(5), consensusLabel: "positive" });
    const decision = await db.consensusDecision.findUniqueOrThrow({ where: { id: decisionId } });
    expect(decision).toMatchObject({ outcome: "ACCEPT", flagged: false, reviews: 2 });
    expect(decision.inputs).toMatchObject({ engine: "admin", resolvedBy: admin.id, note: "Clearly positive.", votes: expect.any(Array) });
    expect((await payoutsOf(sample.id)).map((p) => [p.reason, p.recipientId])).toEqual([
      ["review.agreed", alan.id],
      ["sample.accepted", contributor.id],
    ]);
    expect(await db.auditEvent.findMany({ where: { actorId: admin.id }, select: { action: true } })).toEqual([{ action: "sample.resolve-accept" }]);

    await expect(resolveEscalation(admin, { sampleId: sample.id, outcome: "REJECT" })).rejects.toMatchObject({ code: "CONFLICT", message: "This sample is not escalated (any more): nothing to resolve." });
    expect(await db.payout.count({ where: { subjectId: sample.id } })).toBe(2);
  });
});

describe("reputation priors", () => {
  it("a reviewer's record in other campaigns is their prior in a new one: same votes, different weight", async () => {
    const earlier = await makeCampaign();
    const [good, bad, fresh] = await reviewers(3);
    for (let i = 0; i < 10; i++) {
      const truth = i % 2 === 0 ? "REJECT" : "ACCEPT";
      await goldWithVerdicts(earlier.id, contributor.id, truth, [
        { reviewerId: good!.id, verdict: truth },
        { reviewerId: bad!.id, verdict: truth === "ACCEPT" ? "REJECT" : "ACCEPT" },
      ]);
    }
    const campaign = await makeCampaign();
    const sample = await pendingSample(campaign.id, contributor.id);
    for (const [i, r] of [good!, bad!, fresh!].entries()) await judge(r, "ACCEPT", at(i));

    const decision = await db.consensusDecision.findFirstOrThrow({ where: { sampleId: sample.id } });
    const reliability = new Map((decision.inputs as unknown as DecisionInputs).votes.map((v) => [v.reviewerId, v.reliability]));
    expect(reliability.get(good!.id)!).toBeGreaterThan(reliability.get(fresh!.id)! + 0.05);
    expect(reliability.get(fresh!.id)!).toBeGreaterThan(reliability.get(bad!.id)! + 0.05);
  });
});
