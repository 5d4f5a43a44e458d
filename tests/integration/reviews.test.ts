import { beforeEach, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import type { SessionUser } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import { claimReview } from "@/lib/server/reviews/claim-review";
import type { DecisionInputs } from "@/lib/server/reviews/decision-inputs";
import { skipReview } from "@/lib/server/reviews/skip-review";
import { submitVerdict } from "@/lib/server/reviews/submit-verdict";
import { undoVerdict } from "@/lib/server/reviews/undo-verdict";
import { makeCampaign } from "../support/campaigns";
import { resetDb } from "../support/db-reset";
import { goldWithVerdicts, pendingSample, reviewers, sessionUser } from "../support/reviews";

// Gold draws are random in production; tests fix them so that a claim serves the normal sample they expect.
const NO_GOLD = { random: () => 0.99 };
const T0 = new Date("2026-11-22T12:00:00Z");
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

async function rejected(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

async function claimAndJudge(reviewer: SessionUser, verdict: "ACCEPT" | "REJECT", now = T0, campaignId?: string) {
  const task = await claimReview(reviewer, { ...NO_GOLD, now, campaignId });
  expect(task).not.toBeNull();
  await submitVerdict(reviewer, { sampleId: task!.sampleId, verdict, ...(verdict === "REJECT" ? { reason: "low_quality" } : {}) }, { now });
  return task!;
}

let contributor: SessionUser;
/**
 * Gold items the given reviewers all answered right (half accept, half reject): what calibrates a campaign's
 * posteriors. Without gold they stay cautious and three agreeing votes do not reach 0.9 (see calibration.ts).
 */
async function provenOnGold(campaignId: string, crowd: readonly SessionUser[], items = 10) {
  for (let i = 0; i < items; i++) {
    const truth = i % 2 === 0 ? "ACCEPT" : "REJECT";
    await goldWithVerdicts(campaignId, contributor.id, truth, crowd.map((r) => ({ reviewerId: r.id, verdict: truth })));
  }
}

beforeEach(async () => {
  await resetDb();
  contributor = await sessionUser({ name: "Ada" });
});

describe("claiming a sample", () => {
  it("shows the reviewer the content, the contributor's labels and the schema, and nothing about other verdicts", async () => {
    const campaign = await makeCampaign();
    const sample = await pendingSample(campaign.id, contributor.id, { text: "The battery lasts two days." });
    const [alan] = await reviewers(1);
    const task = await claimReview(alan!, { ...NO_GOLD, now: T0 });
    expect(task).toEqual({
      assignmentId: expect.any(String),
      sampleId: sample.id,
      leaseExpiresAt: at(300),
      campaign: { id: campaign.id, slug: campaign.slug, title: campaign.title, dataType: "TEXT", labelSchema: { kind: "single_label", labels: ["positive", "negative", "neutral"] } },
      content: { kind: "text", text: "The battery lasts two days." },
      mimeType: "text/plain; charset=utf-8",
      contributorLabels: ["positive"],
    });
    // A reload gives the same sample back rather than a second one.
    expect((await claimReview(alan!, { ...NO_GOLD, now: at(10) }))?.assignmentId).toBe(task!.assignmentId);
  });

  it("never serves a reviewer their own sample, one they reviewed, or one they skipped", async () => {
    const campaign = await makeCampaign();
    const reviewerContributor = await sessionUser({ roles: ["REVIEWER"] });
    await pendingSample(campaign.id, reviewerContributor.id);
    expect(await claimReview(reviewerContributor, { ...NO_GOLD, now: T0 })).toBeNull();

    const other = await pendingSample(campaign.id, contributor.id);
    const task = await claimAndJudge(reviewerContributor, "ACCEPT");
    expect(task.sampleId).toBe(other.id);
    expect(await claimReview(reviewerContributor, { ...NO_GOLD, now: at(1) })).toBeNull();

    const third = await pendingSample(campaign.id, contributor.id);
    const held = await claimReview(reviewerContributor, { ...NO_GOLD, now: at(2) });
    expect(held?.sampleId).toBe(third.id);
    await skipReview(reviewerContributor, { sampleId: third.id });
    expect(await claimReview(reviewerContributor, { ...NO_GOLD, now: at(3) })).toBeNull();
    // The skipped slot is free for someone else at once: the row remembers the reviewer but holds no slot.
    expect(await db.reviewAssignment.findMany({ where: { sampleId: third.id }, select: { status: true, slot: true } })).toEqual([{ status: "SKIPPED", slot: null }]);
  });

  it("frees expired leases for other reviewers, and a slot cannot be held twice even by a direct insert", async () => {
    const campaign = await makeCampaign();
    const sample = await pendingSample(campaign.id, contributor.id, { requiredReviews: 1 });
    const [alan, barbara] = await reviewers(2);
    const first = await claimReview(alan!, { ...NO_GOLD, now: T0 });
    expect(first?.sampleId).toBe(sample.id);
    expect(await claimReview(barbara!, { ...NO_GOLD, now: at(299) })).toBeNull();
    const second = await claimReview(barbara!, { ...NO_GOLD, now: at(301) });
    expect(second?.sampleId).toBe(sample.id);

    await expect(
      db.reviewAssignment.create({ data: { campaignId: campaign.id, sampleId: sample.id, reviewerId: alan!.id, slot: 0, leaseExpiresAt: at(900) } }),
    ).rejects.toMatchObject({ code: "P2002" });
  });

  it("lets a quiz-qualified reviewer in without the global role, and an inactive row overrides the global role", async () => {
    const campaign = await makeCampaign();
    await pendingSample(campaign.id, contributor.id);
    const quizzed = await sessionUser();
    await expect(rejected(claimReview(quizzed, { ...NO_GOLD, now: T0 }))).resolves.toMatchObject({ code: "FORBIDDEN" });
    await db.campaignReviewer.create({ data: { campaignId: campaign.id, userId: quizzed.id, source: "QUIZ" } });
    expect(await claimReview(quizzed, { ...NO_GOLD, now: T0 })).not.toBeNull();

    const [demoted] = await reviewers(1);
    await db.campaignReviewer.create({ data: { campaignId: campaign.id, userId: demoted!.id, source: "ADMIN", active: false } });
    expect(await claimReview(demoted!, { ...NO_GOLD, now: T0 })).toBeNull();
  });

  it("20 reviewers claiming at once: every slot held once, nobody holds two, and every verdict is recorded", async () => {
    const campaign = await makeCampaign();
    const samples = [await pendingSample(campaign.id, contributor.id), await pendingSample(campaign.id, contributor.id)];
    const crowd = await reviewers(20);
    const tasks = await Promise.all(crowd.map((r) => claimReview(r, { ...NO_GOLD, now: T0 })));
    const served = tasks.flatMap((t, i) => (t ? [{ reviewer: crowd[i]!, task: t }] : []));
    expect(served).toHaveLength(6);

    const leases = await db.reviewAssignment.findMany({ select: { sampleId: true, slot: true, reviewerId: true } });
    expect(leases).toHaveLength(6);
    for (const s of samples) expect(leases.filter((l) => l.sampleId === s.id).map((l) => l.slot).sort()).toEqual([0, 1, 2]);
    expect(new Set(leases.map((l) => l.reviewerId)).size).toBe(6);

    await Promise.all(served.map(({ reviewer, task }) => submitVerdict(reviewer, { sampleId: task.sampleId, verdict: "ACCEPT" }, { now: at(5) })));
    expect(await db.review.count()).toBe(6);
    expect(await db.reviewAssignment.count({ where: { status: "DONE" } })).toBe(6);
    expect(await db.consensusDecision.count()).toBe(2);
  });
});

describe("refused verdicts", () => {
  it("on a sample the reviewer does not hold", async () => {
    const campaign = await makeCampaign();
    const sample = await pendingSample(campaign.id, contributor.id);
    const [alan] = await reviewers(1);
    const error = await rejected(submitVerdict(alan!, { sampleId: sample.id, verdict: "ACCEPT" }, { now: T0 }));
    expect(error).toMatchObject({ code: "CONFLICT", message: "You do not hold this sample. Take the next one from the review queue." });
    expect(await db.review.count()).toBe(0);
  });

  it("on an expired lease", async () => {
    const campaign = await makeCampaign();
    await pendingSample(campaign.id, contributor.id);
    const [alan] = await reviewers(1);
    const task = await claimReview(alan!, { ...NO_GOLD, now: T0 });
    const error = await rejected(submitVerdict(alan!, { sampleId: task!.sampleId, verdict: "ACCEPT" }, { now: at(300) }));
    expect(error).toMatchObject({ code: "CONFLICT", message: expect.stringContaining("hold on this sample expired") });
    expect(await db.review.count()).toBe(0);
  });

  it("twice on the same sample", async () => {
    const campaign = await makeCampaign();
    await pendingSample(campaign.id, contributor.id);
    const [alan] = await reviewers(1);
    const task = await claimAndJudge(alan!, "ACCEPT");
    const error = await rejected(submitVerdict(alan!, { sampleId: task.sampleId, verdict: "REJECT", reason: "off_topic" }, { now: at(1) }));
    expect(error).toMatchObject({ code: "CONFLICT", message: "You already reviewed this sample." });
    expect(await db.review.findMany({ select: { verdict: true } })).toEqual([{ verdict: "ACCEPT" }]);
  });

  it("on their own sample", async () => {
    const campaign = await makeCampaign();
    const reviewerContributor = await sessionUser({ roles: ["REVIEWER"] });
    const own = await pendingSample(campaign.id, reviewerContributor.id);
    const error = await rejected(submitVerdict(reviewerContributor, { sampleId: own.id, verdict: "ACCEPT" }, { now: T0 }));
    expect(error).toMatchObject({ code: "FORBIDDEN", message: "You cannot review your own sample." });
  });

  it("by a non-reviewer", async () => {
    const campaign = await makeCampaign();
    const sample = await pendingSample(campaign.id, contributor.id);
    const stranger = await sessionUser();
    const error = await rejected(submitVerdict(stranger, { sampleId: sample.id, verdict: "ACCEPT" }, { now: T0 }));
    expect(error).toMatchObject({ code: "FORBIDDEN", message: expect.stringContaining("not a reviewer of this campaign") });
  });

  it("on a closed campaign", async () => {
    const campaign = await makeCampaign();
    await pendingSample(campaign.id, contributor.id);
    const [alan] = await reviewers(1);
    const task = await claimReview(alan!, { ...NO_GOLD, now: T0 });
    await db.campaign.update({ where: { id: campaign.id }, data: { status: "CLOSED" } });
    const error = await rejected(submitVerdict(alan!, { sampleId: task!.sampleId, verdict: "ACCEPT" }, { now: at(1) }));
    expect(error).toMatchObject({ code: "CONFLICT", message: "This campaign is closed: it takes no more verdicts." });
  });

  it("with a forged label outside the schema, or a reject without a reason", async () => {
    const campaign = await makeCampaign();
    await pendingSample(campaign.id, contributor.id);
    const [alan] = await reviewers(1);
    const task = await claimReview(alan!, { ...NO_GOLD, now: T0 });
    const forged = await rejected(submitVerdict(alan!, { sampleId: task!.sampleId, verdict: "ACCEPT", label: "ecstatic" }, { now: at(1) }));
    expect(forged).toMatchObject({ code: "VALIDATION", message: "'ecstatic' is not a label of this campaign. Choose one of: positive, negative, neutral." });
    await expect(submitVerdict(alan!, { sampleId: task!.sampleId, verdict: "REJECT" }, { now: at(1) })).rejects.toMatchObject({ name: "ZodError" });
    expect(await db.review.count()).toBe(0);
    // The lease is intact: a correct verdict still goes through.
    await submitVerdict(alan!, { sampleId: task!.sampleId, verdict: "ACCEPT", label: "negative" }, { now: at(2) });
    expect(await db.review.findFirst({ select: { label: true } })).toEqual({ label: "negative" });
  });
});

describe("consensus", () => {
  it("three accepts accept the sample, with a recorded decision, its posterior, the contributor's reward and the reviewers' fees", async () => {
    const campaign = await makeCampaign();
    const trio = await reviewers(3);
    await provenOnGold(campaign.id, trio);
    const sample = await pendingSample(campaign.id, contributor.id);
    for (const [i, r] of trio.entries()) await claimAndJudge(r, "ACCEPT", at(i));

    const decided = await db.sample.findUniqueOrThrow({ where: { id: sample.id } });
    expect(decided.status).toBe("ACCEPTED");
    expect(decided.posterior).toBeGreaterThanOrEqual(0.9);
    expect(decided.consensusLabel).toBe("positive");
    expect(decided.decidedAt).toEqual(at(2));
    const decisions = await db.consensusDecision.findMany({ where: { sampleId: sample.id } });
    expect(decisions).toHaveLength(1);
    expect(decisions[0]).toMatchObject({ outcome: "ACCEPT", posterior: decided.posterior, label: "positive", reviews: 3, flagged: false });
    const inputs = decisions[0]!.inputs as unknown as DecisionInputs;
    expect(inputs.votes.map((v) => v.verdict)).toEqual(["ACCEPT", "ACCEPT", "ACCEPT"]);
    expect(inputs.votes.every((v) => v.weight > 0)).toBe(true);
    // The contributor's reward and, for each of the three agreeing reviewers, the campaign's reviewer fee.
    expect(await db.payout.findMany({ orderBy: { key: "asc" }, select: { reason: true, subjectId: true, recipientId: true, amountWei: true } })).toEqual([
      ...trio.map((r) => r.id).sort().map((id) => ({ reason: "review.agreed", subjectId: sample.id, recipientId: id, amountWei: campaign.reviewerFeeWei })),
      { reason: "sample.accepted", subjectId: sample.id, recipientId: contributor.id, amountWei: campaign.rewardWei },
    ]);
  });

  it("asks for one more review on disagreement, and decides once enough are in", async () => {
    const campaign = await makeCampaign();
    const crowd = await reviewers(5);
    // Reviewers proven right on gold: one dissent among them is real doubt, which two more agreeing votes settle.
    await provenOnGold(campaign.id, crowd);
    const sample = await pendingSample(campaign.id, contributor.id);
    await claimAndJudge(crowd[0]!, "ACCEPT", at(0));
    await claimAndJudge(crowd[1]!, "REJECT", at(1));
    expect(await db.consensusDecision.count()).toBe(0); // the third slot is still out
    await claimAndJudge(crowd[2]!, "ACCEPT", at(2));

    const after3 = await db.sample.findUniqueOrThrow({ where: { id: sample.id } });
    expect(after3).toMatchObject({ status: "PENDING_REVIEW", requiredReviews: 4, posterior: null });
    expect(await db.consensusDecision.findMany({ select: { outcome: true, reviews: true } })).toEqual([{ outcome: "NEED_MORE_REVIEWS", reviews: 3 }]);

    for (const [i, reviewer] of [crowd[3]!, crowd[4]!].entries()) {
      const next = await claimReview(reviewer, { ...NO_GOLD, now: at(3 + 2 * i) });
      expect(next?.sampleId).toBe(sample.id);
      await submitVerdict(reviewer, { sampleId: sample.id, verdict: "ACCEPT" }, { now: at(4 + 2 * i) });
    }
    const decisions = await db.consensusDecision.findMany({ orderBy: { createdAt: "asc" }, select: { outcome: true, reviews: true } });
    expect(decisions).toEqual([
      { outcome: "NEED_MORE_REVIEWS", reviews: 3 },
      { outcome: "NEED_MORE_REVIEWS", reviews: 4 },
      { outcome: "ACCEPT", reviews: 5 },
    ]);
  });

  it("weighs a reviewer who always accepts below the honest ones once gold items show it", async () => {
    const campaign = await makeCampaign();
    const [honest1, honest2, yesMan] = await reviewers(3);
    for (let i = 0; i < 8; i++) {
      const truth = i % 2 === 0 ? "REJECT" : "ACCEPT";
      await goldWithVerdicts(campaign.id, contributor.id, truth, [
        { reviewerId: honest1!.id, verdict: truth },
        { reviewerId: honest2!.id, verdict: truth },
        { reviewerId: yesMan!.id, verdict: "ACCEPT" },
      ]);
    }
    const sample = await pendingSample(campaign.id, contributor.id);
    for (const [i, r] of [honest1!, honest2!, yesMan!].entries()) {
      const task = await claimAndJudge(r, i < 2 ? "REJECT" : "ACCEPT", at(i));
      expect(task.sampleId).toBe(sample.id);
    }

    const decision = await db.consensusDecision.findFirstOrThrow({ where: { sampleId: sample.id } });
    const votes = (decision.inputs as unknown as DecisionInputs).votes;
    const byReviewer = new Map(votes.map((v) => [v.reviewerId, v]));
    const yes = byReviewer.get(yesMan!.id)!;
    for (const h of [honest1!, honest2!]) {
      const honest = byReviewer.get(h.id)!;
      expect(honest.reliability).toBeGreaterThan(yes.reliability + 0.2);
      expect(Math.abs(honest.weight)).toBeGreaterThan(Math.abs(yes.weight) * 2);
    }
    expect(decision.outcome).toBe("REJECT");
    expect((await db.sample.findUniqueOrThrow({ where: { id: sample.id } })).status).toBe("REJECTED");
    // Gold items are measured, never decided.
    expect(await db.consensusDecision.count()).toBe(1);
  });

  it("takes the consensus label from the reviewers, not blindly from the contributor", async () => {
    const campaign = await makeCampaign();
    const trio = await reviewers(3);
    await provenOnGold(campaign.id, trio);
    const sample = await pendingSample(campaign.id, contributor.id, { labels: "positive" });
    for (const [i, r] of trio.entries()) {
      const task = await claimReview(r, { ...NO_GOLD, now: at(i) });
      await submitVerdict(r, { sampleId: task!.sampleId, verdict: "ACCEPT", label: "neutral" }, { now: at(i) });
    }
    expect(await db.sample.findUniqueOrThrow({ where: { id: sample.id }, select: { status: true, consensusLabel: true } })).toEqual({ status: "ACCEPTED", consensusLabel: "neutral" });
  });
});

describe("undo", () => {
  it("takes a verdict back within 10 seconds and re-opens the lease; later it is refused", async () => {
    const campaign = await makeCampaign();
    const sample = await pendingSample(campaign.id, contributor.id);
    const [alan] = await reviewers(1);
    await claimAndJudge(alan!, "REJECT", T0);
    const undone = await undoVerdict(alan!, { sampleId: sample.id }, { now: at(9) });
    expect(undone.leaseExpiresAt).toEqual(at(309));
    expect(await db.review.count()).toBe(0);
    expect((await claimReview(alan!, { ...NO_GOLD, now: at(10) }))?.sampleId).toBe(sample.id);

    await submitVerdict(alan!, { sampleId: sample.id, verdict: "ACCEPT" }, { now: at(10) });
    const error = await rejected(undoVerdict(alan!, { sampleId: sample.id }, { now: at(21) }));
    expect(error).toMatchObject({ code: "CONFLICT", message: "A verdict can only be undone within 10 seconds." });
    expect(await db.review.findMany({ select: { verdict: true } })).toEqual([{ verdict: "ACCEPT" }]);
  });

  it("refuses to undo a verdict once the sample is decided", async () => {
    const campaign = await makeCampaign();
    const trio = await reviewers(3);
    await provenOnGold(campaign.id, trio);
    const sample = await pendingSample(campaign.id, contributor.id);
    for (const r of trio) await claimAndJudge(r, "ACCEPT", T0);
    const error = await rejected(undoVerdict(trio[2]!, { sampleId: sample.id }, { now: at(1) }));
    expect(error).toMatchObject({ code: "CONFLICT", message: "This sample has been decided already, so the verdict stands." });
  });
});
