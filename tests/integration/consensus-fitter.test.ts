import "../support/small-inline-fit-limit";
import { parseUnits } from "viem";
import { beforeEach, describe, expect, it } from "vitest";
import { PAYOUT_REASONS } from "@/lib/domain/payouts/reasons";
import type { SessionUser } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import { createFitPool } from "@/lib/jobs/consensus-fit/pool";
import { runConsensusFitter } from "@/lib/jobs/consensus-fitter";
import { claimReview } from "@/lib/server/reviews/claim-review";
import { campaignConsensus, saveSnapshotIfCurrent } from "@/lib/server/reviews/campaign-consensus";
import { fitCampaign } from "@/lib/server/reviews/consensus-fit";
import { latestSnapshot } from "@/lib/server/reviews/consensus-snapshot";
import type { DecisionInputs } from "@/lib/server/reviews/decision-inputs";
import { campaignsDueForFit } from "@/lib/server/reviews/fit-schedule";
import { submitVerdict } from "@/lib/server/reviews/submit-verdict";
import { ZLabelSchema } from "@/lib/schemas/label-schema";
import { makeCampaign } from "../support/campaigns";
import { resetDb } from "../support/db-reset";
import { goldWithVerdicts, pendingSample, reviewers, sessionUser } from "../support/reviews";

const NO_GOLD = { random: () => 0.99 };

let contributor: SessionUser;
beforeEach(async () => {
  await resetDb();
  contributor = await sessionUser({ name: "Ada" });
});

/** Ten gold items the crowd answered right, written directly: 10 x crowd.length reviews. */
async function provenOnGold(campaignId: string, crowd: readonly SessionUser[], items = 10) {
  for (let i = 0; i < items; i++) {
    const truth = i % 2 === 0 ? "ACCEPT" : "REJECT";
    await goldWithVerdicts(campaignId, contributor.id, truth, crowd.map((r) => ({ reviewerId: r.id, verdict: truth })));
  }
}

async function vote(reviewer: SessionUser, campaignId: string, verdict: "ACCEPT" | "REJECT") {
  const task = await claimReview(reviewer, { ...NO_GOLD, campaignId });
  expect(task).not.toBeNull();
  await submitVerdict(reviewer, { sampleId: task!.sampleId, verdict, ...(verdict === "REJECT" ? { reason: "low_quality" } : {}) });
  return task!.sampleId;
}

const snapshotVersion = async (campaignId: string) => (await db.consensusSnapshot.findUnique({ where: { campaignId }, select: { version: true } }))?.version ?? 0;

describe("where a verdict's model comes from", () => {
  it("fits a small campaign inline at every decision, then, once its fit saw more than the limit, decides from the snapshot alone", async () => {
    const campaign = await makeCampaign();
    const trio = await reviewers(3);
    // 2 gold items x 3 = 6 reviews: small. The first decision fits inline and stores version 1.
    await provenOnGold(campaign.id, trio, 2);
    const first = await pendingSample(campaign.id, contributor.id);
    for (const r of trio) await vote(r, campaign.id, "ACCEPT");
    expect(await snapshotVersion(campaign.id)).toBe(1);
    const firstDecision = await db.consensusDecision.findFirstOrThrow({ where: { sampleId: first.id } });
    expect((firstDecision.inputs as unknown as DecisionInputs).snapshot).toMatchObject({ version: 1, reviews: 9, votesBehind: 0 });

    // Grow past the limit: the background fit (what the worker's fitter runs) stores version 2 over 39 reviews.
    await provenOnGold(campaign.id, trio, 10);
    const fitted = await fitCampaign(campaign.id);
    expect(fitted).toMatchObject({ version: 2, reviews: 39, goldItems: 12 });

    // Verdicts now read the snapshot: no new version, and the decision names the snapshot it used.
    const second = await pendingSample(campaign.id, contributor.id);
    for (const r of trio) await vote(r, campaign.id, "ACCEPT");
    expect(await snapshotVersion(campaign.id)).toBe(2);
    const decision = await db.consensusDecision.findFirstOrThrow({ where: { sampleId: second.id } });
    expect(decision.outcome).toBe("ACCEPT");
    // The snapshot was read before these three verdicts: the decision says it was three votes behind.
    expect((decision.inputs as unknown as DecisionInputs).snapshot).toMatchObject({ version: 2, reviews: 39, goldItems: 12, votesBehind: 3 });
    expect((await db.sample.findUniqueOrThrow({ where: { id: second.id } })).status).toBe("ACCEPTED");
    // Paid: the contributor's reward and each agreeing reviewer's fee, funded from the budget.
    const payouts = await db.payout.findMany({ where: { subjectId: second.id }, select: { reason: true, recipientId: true, amountWei: true, status: true } });
    expect(payouts.filter((p) => p.reason === PAYOUT_REASONS.SAMPLE_ACCEPTED)).toEqual([{ reason: PAYOUT_REASONS.SAMPLE_ACCEPTED, recipientId: contributor.id, amountWei: parseUnits("2", 18).toString(), status: "PENDING" }]);
    expect(payouts.filter((p) => p.reason === PAYOUT_REASONS.REVIEW_AGREED).map((p) => p.recipientId).sort()).toEqual(trio.map((r) => r.id).sort());
    const ledger = await db.campaignPayoutLedger.findUniqueOrThrow({ where: { campaignId: campaign.id } });
    const funded = await db.payout.findMany({ where: { campaignId: campaign.id, status: "PENDING" }, select: { amountWei: true } });
    expect(BigInt(ledger.fundedWei)).toBe(funded.reduce((sum, p) => sum + BigInt(p.amountWei), 0n));
  });

  it("leaves a large campaign without a snapshot waiting, and its first background fit decides what waited", async () => {
    const campaign = await makeCampaign();
    const trio = await reviewers(3);
    await provenOnGold(campaign.id, trio, 10);
    const sample = await pendingSample(campaign.id, contributor.id);
    for (const r of trio) await vote(r, campaign.id, "ACCEPT");
    expect(await db.sample.findUniqueOrThrow({ where: { id: sample.id }, select: { status: true } })).toEqual({ status: "PENDING_REVIEW" });
    expect(await db.consensusDecision.count()).toBe(0);
    expect(await campaignsDueForFit()).toEqual([campaign.id]);

    const fitted = await fitCampaign(campaign.id);
    expect(fitted).toMatchObject({ version: 1, decided: 1 });
    expect(await db.sample.findUniqueOrThrow({ where: { id: sample.id }, select: { status: true } })).toEqual({ status: "ACCEPTED" });
    // Nothing new since: not due again.
    expect(await campaignsDueForFit()).toEqual([]);
  });
});

describe("background fits", () => {
  it("of two fitters of one campaign, one writes its snapshot; an older version never overwrites a newer one", async () => {
    const campaign = await makeCampaign();
    await provenOnGold(campaign.id, await reviewers(3), 10);
    const [a, b] = await Promise.all([fitCampaign(campaign.id), fitCampaign(campaign.id)]);
    expect([a!.version, b!.version].sort()).toEqual([1, null].sort());
    expect(await snapshotVersion(campaign.id)).toBe(1);

    // A fit that started from version 0 finishes after version 1 was written: dropped, version 1 stands whole.
    const row = await db.campaign.findUniqueOrThrow({ where: { id: campaign.id } });
    const stale = await campaignConsensus(db, { ...row, labelSchema: ZLabelSchema.parse(row.labelSchema) });
    const before = await db.consensusSnapshot.findUniqueOrThrow({ where: { campaignId: campaign.id } });
    expect(await saveSnapshotIfCurrent(db, campaign.id, stale, 0)).toBeNull();
    expect(await db.consensusSnapshot.findUniqueOrThrow({ where: { campaignId: campaign.id } })).toEqual(before);
  });

  it("reads only its own campaign's snapshot, and none stored by another format version", async () => {
    const [one, other] = [await makeCampaign(), await makeCampaign()];
    await provenOnGold(one.id, await reviewers(3), 2);
    await fitCampaign(one.id);
    expect(await latestSnapshot(one.id)).not.toBeNull();
    expect(await latestSnapshot(other.id)).toBeNull();
    await db.consensusSnapshot.update({ where: { campaignId: one.id }, data: { version: 2, model: { version: -1 } } });
    expect(await latestSnapshot(one.id)).toBeNull();
  });

  it("flags a decided sample the new fit would reverse, without flipping it, and applies the reliability floor", async () => {
    const campaign = await makeCampaign();
    await db.campaign.update({ where: { id: campaign.id }, data: { reliabilityFloor: 0.6 } });
    const [honest1, honest2, yesMan] = await reviewers(3);
    for (let i = 0; i < 10; i++) {
      const truth = i % 2 === 0 ? "REJECT" : "ACCEPT";
      await goldWithVerdicts(campaign.id, contributor.id, truth, [
        { reviewerId: honest1!.id, verdict: truth },
        { reviewerId: honest2!.id, verdict: truth },
        { reviewerId: yesMan!.id, verdict: "ACCEPT" },
      ]);
    }
    // Accepted once (say by an older fit), though both honest reviewers rejected it.
    const accepted = await pendingSample(campaign.id, contributor.id);
    for (const [r, verdict] of [[honest1!, "REJECT"], [honest2!, "REJECT"], [yesMan!, "ACCEPT"]] as const) {
      await db.review.create({ data: { sampleId: accepted.id, reviewerId: r.id, verdict, reason: verdict === "REJECT" ? "low_quality" : null } });
    }
    await db.sample.update({ where: { id: accepted.id }, data: { status: "ACCEPTED", consensusLabel: "positive", posterior: 0.95 } });

    const fitted = await fitCampaign(campaign.id);
    expect(fitted).toMatchObject({ version: 1, flagged: 1, belowFloor: 1 });
    expect(await db.consensusDecision.findMany({ where: { sampleId: accepted.id }, select: { outcome: true, flagged: true } })).toEqual([{ outcome: "REJECT", flagged: true }]);
    expect((await db.sample.findUniqueOrThrow({ where: { id: accepted.id } })).status).toBe("ACCEPTED");
    expect(await db.campaignReviewer.findUniqueOrThrow({ where: { campaignId_userId: { campaignId: campaign.id, userId: yesMan!.id } } })).toMatchObject({ active: false, inactiveReason: "below-floor" });
    // Once flagged, a later fit does not flag it again.
    await db.review.create({ data: { sampleId: (await pendingSample(campaign.id, contributor.id)).id, reviewerId: honest1!.id, verdict: "ACCEPT" } });
    expect(await fitCampaign(campaign.id)).toMatchObject({ version: 2, flagged: 0 });
  });
});

describe("the worker's fitter", () => {
  it("fits in a process of its own; a fit killed part-way writes nothing and the next poll redoes it", async () => {
    const campaign = await makeCampaign();
    await provenOnGold(campaign.id, await reviewers(3), 10);
    const pool = createFitPool();
    try {
      const killed = new AbortController();
      const run = pool.run(campaign.id, killed.signal);
      killed.abort();
      await expect(run).rejects.toThrow();
      expect(await snapshotVersion(campaign.id)).toBe(0);

      const logs: string[] = [];
      const stop = new AbortController();
      const loop = runConsensusFitter({
        pollMs: 50,
        log: (line) => logs.push(line),
        signal: stop.signal,
        fit: async (id, signal) => {
          const summary = await pool.run(id, signal);
          stop.abort();
          return summary;
        },
      });
      await loop;
      expect(await snapshotVersion(campaign.id)).toBe(1);
      expect(logs).toEqual([expect.stringMatching(new RegExp(`^consensus: campaign ${campaign.id} snapshot v1 over 30 reviews and 10 gold items`))]);
    } finally {
      await pool.destroy();
    }
  });
});
