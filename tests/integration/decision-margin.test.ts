import "../support/small-inline-fit-limit";
import { randomBytes } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { decideOutcome, itemPosterior, MAX_DECISION_MARGIN, outcomeSpace } from "@/lib/domain/consensus";
import { PAYOUT_REASONS } from "@/lib/domain/payouts/reasons";
import type { SessionUser } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import { claimReview } from "@/lib/server/reviews/claim-review";
import { fitCampaign } from "@/lib/server/reviews/consensus-fit";
import { latestSnapshot } from "@/lib/server/reviews/consensus-snapshot";
import type { DecisionInputs } from "@/lib/server/reviews/decision-inputs";
import { submitVerdict } from "@/lib/server/reviews/submit-verdict";
import { makeCampaign } from "../support/campaigns";
import { resetDb } from "../support/db-reset";
import { goldWithVerdicts, pendingSample, reviewers, sessionUser } from "../support/reviews";

// What the background fit does beyond fitting: decide escalations a newer model is sure of, and measure how far its
// model still moves as the margin later decisions must clear.

const NO_GOLD = { random: () => 0.99 };
const LABELS = ["positive", "negative", "neutral"];

let contributor: SessionUser;
beforeEach(async () => {
  await resetDb();
  contributor = await sessionUser({ name: "Ada" });
});

/** Gold items the crowd answered right, written directly. */
async function provenOnGold(campaignId: string, crowd: readonly SessionUser[], items: number) {
  for (let i = 0; i < items; i++) {
    const truth = i % 2 === 0 ? "ACCEPT" : "REJECT";
    await goldWithVerdicts(campaignId, contributor.id, truth, crowd.map((r) => ({ reviewerId: r.id, verdict: truth })));
  }
}

/** A sample in `status` with every reviewer's ACCEPT already in, written directly. */
async function sampleWithAccepts(campaignId: string, crowd: readonly SessionUser[], data: { status: "ACCEPTED" | "ESCALATED"; posterior: number; decidedAt: Date }) {
  const sample = await pendingSample(campaignId, contributor.id, { requiredReviews: crowd.length });
  await db.sample.update({ where: { id: sample.id }, data: { ...data, consensusLabel: data.status === "ACCEPTED" ? "positive" : null } });
  for (const r of crowd) await db.review.create({ data: { sampleId: sample.id, reviewerId: r.id, verdict: "ACCEPT" } });
  return sample;
}

describe("escalations the fitter decides", () => {
  it("accepts an escalated sample a newer model is sure of, pays it once, and leaves one under appeal to its panel", async () => {
    const campaign = await makeCampaign();
    const crowd = await reviewers(5);
    await provenOnGold(campaign.id, crowd, 6);
    const escalated = await sampleWithAccepts(campaign.id, crowd, { status: "ESCALATED", posterior: 0.6, decidedAt: new Date() });
    const appealed = await sampleWithAccepts(campaign.id, crowd, { status: "ESCALATED", posterior: 0.6, decidedAt: new Date() });
    await db.appeal.create({ data: { sampleId: appealed.id, onceKey: `sample:${appealed.id}`, appellantId: contributor.id, bondWei: "1", bondKey: `0x${randomBytes(32).toString("hex")}` } });

    const first = await fitCampaign(campaign.id);
    expect(first).toMatchObject({ escalationsDecided: 1 });
    expect(await db.sample.findUniqueOrThrow({ where: { id: escalated.id }, select: { status: true, consensusLabel: true } })).toEqual({ status: "ACCEPTED", consensusLabel: "positive" });
    expect((await db.sample.findUniqueOrThrow({ where: { id: appealed.id } })).status).toBe("ESCALATED");
    const decision = await db.consensusDecision.findFirstOrThrow({ where: { sampleId: escalated.id } });
    expect(decision).toMatchObject({ outcome: "ACCEPT", flagged: false, reviews: 5 });

    // Another fit finds nothing more to decide, and nothing is paid twice.
    expect(await fitCampaign(campaign.id)).toMatchObject({ escalationsDecided: 0 });
    const rewards = await db.payout.findMany({ where: { subjectId: escalated.id, reason: PAYOUT_REASONS.SAMPLE_ACCEPTED } });
    expect(rewards.map((p) => p.recipientId)).toEqual([contributor.id]);
    expect(await db.consensusDecision.count({ where: { sampleId: escalated.id } })).toBe(1);
    expect(await db.payout.count({ where: { subjectId: appealed.id } })).toBe(0);
  });
});

describe("the decision margin", () => {
  it("is measured from how far recent acceptances' posteriors moved, and later decisions must clear the threshold by it", async () => {
    const campaign = await makeCampaign();
    const trio = await reviewers(3);
    await provenOnGold(campaign.id, trio, 10);
    expect(await fitCampaign(campaign.id)).toMatchObject({ version: 1, decisionMargin: 0 });

    // Acceptances decided (before that fit) at a posterior far above what the model now gives the same votes: the
    // model has moved a long way since, so the next fit asks for the largest margin.
    const before = new Date(Date.now() - 60_000);
    for (let i = 0; i < 40; i++) await sampleWithAccepts(campaign.id, trio, { status: "ACCEPTED", posterior: 0.999999, decidedAt: before });
    const fitted = await fitCampaign(campaign.id);
    expect(fitted).toMatchObject({ version: 2, decisionMargin: MAX_DECISION_MARGIN });
    const snapshot = (await latestSnapshot(campaign.id))!;
    expect(snapshot.decisionMargin).toBe(MAX_DECISION_MARGIN);

    // A threshold that three agreeing votes clear, but not by the margin.
    const space = outcomeSpace({ kind: "single_label", labels: LABELS });
    const positive = space.classNames.indexOf("positive");
    const p = itemPosterior(snapshot.model, trio.map((r) => ({ reviewerId: r.id, label: positive })))[positive]!;
    const threshold = 1 / (1 + Math.exp(-(Math.log(p / (1 - p)) - MAX_DECISION_MARGIN / 2)));
    expect(threshold).toBeGreaterThan(0.5);
    await db.campaign.update({ where: { id: campaign.id }, data: { acceptThreshold: threshold } });

    const sample = await pendingSample(campaign.id, contributor.id);
    for (const r of trio) {
      const task = await claimReview(r, { ...NO_GOLD, campaignId: campaign.id });
      expect(task?.sampleId).toBe(sample.id);
      await submitVerdict(r, { sampleId: sample.id, verdict: "ACCEPT" });
    }
    const decision = await db.consensusDecision.findFirstOrThrow({ where: { sampleId: sample.id } });
    const inputs = decision.inputs as unknown as DecisionInputs;
    expect(decision.outcome).toBe("NEED_MORE_REVIEWS");
    expect(inputs.snapshot.decisionMargin).toBe(MAX_DECISION_MARGIN);
    expect(decision.posterior).toBeCloseTo(p, 9);
    // Without the margin the same posterior would have been accepted.
    const posterior = space.classNames.map((name) => inputs.classPosterior[name]!);
    expect(decideOutcome({ posterior, unacceptable: space.unacceptable, threshold, reviews: 3, minReviews: 3, maxReviews: 5 }).decision).toBe("ACCEPT");
    expect((await db.sample.findUniqueOrThrow({ where: { id: sample.id } })).requiredReviews).toBe(4);
  });
});
