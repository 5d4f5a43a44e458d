import "../support/small-inline-fit-limit";
import Database from "better-sqlite3";
import { parseUnits } from "viem";
import { beforeEach, describe, expect, it } from "vitest";
import { PAYOUT_REASONS } from "@/lib/domain/payouts/reasons";
import { getEnv } from "@/lib/env";
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
import { seedBusyCampaign } from "../support/many-processes/seed";
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

/** A campaign far past the inline limit (2,400 reviews) with no snapshot yet, samples waiting for review, six reviewers. */
async function bigCampaignWithoutSnapshot(pendingSamples: number) {
  const seeded = await seedBusyCampaign({ decidedSamples: 600, goldItems: 100, pendingSamples, crowd: 30 });
  return { ...seeded, crowd: await reviewers(6) };
}

describe("a verdict during a fit", () => {
  it("verdicts given while a background fit runs in its process are all kept; the next poll sees those it did not read, and the next fit decides what they completed", async () => {
    const { campaignId, pendingIds, seededReviews, crowd } = await bigCampaignWithoutSnapshot(12);
    const pool = createFitPool();
    try {
      // The fit process started and warm (no such campaign: nothing to fit), so that the fit below reads at once.
      expect(await pool.run("no-such-campaign")).toBeNull();
      let fitting = true;
      const fit = pool.run(campaignId).finally(() => (fitting = false));
      // One reviewer after another round the crowd while the fit runs: during its read, its EM and its reconcile.
      const acknowledged: string[] = [];
      let during = 0;
      for (let turn = 0; fitting; turn++) {
        const reviewer = crowd[turn % crowd.length]!;
        const task = await claimReview(reviewer, { ...NO_GOLD, campaignId });
        if (!task) break;
        acknowledged.push((await submitVerdict(reviewer, { sampleId: task.sampleId, verdict: "ACCEPT" })).reviewId);
        during++;
      }
      const first = await fit;
      expect(first).toMatchObject({ version: 1 });
      expect(during).toBeGreaterThan(0);
      // Then the rest of the queue, with two more samples, after it: surely not in its snapshot.
      for (let i = 0; i < 2; i++) pendingIds.push((await pendingSample(campaignId, contributor.id)).id);
      let after = 0;
      for (let idle = 0, turn = 0; idle < crowd.length; turn++) {
        const reviewer = crowd[turn % crowd.length]!;
        const task = await claimReview(reviewer, { ...NO_GOLD, campaignId });
        if (!task) {
          idle++;
          continue;
        }
        idle = 0;
        acknowledged.push((await submitVerdict(reviewer, { sampleId: task.sampleId, verdict: "ACCEPT" })).reviewId);
        after++;
      }
      expect(after).toBeGreaterThanOrEqual(6);

      // Nothing lost: every acknowledged verdict is a row, and the fit wrote no review of its own.
      const reviews = await db.review.findMany({ where: { sampleId: { in: pendingIds } }, select: { id: true } });
      expect(reviews.map((r) => r.id).sort()).toEqual([...acknowledged].sort());
      const v1 = await db.consensusSnapshot.findUniqueOrThrow({ where: { campaignId } });
      expect(v1.reviews).toBeGreaterThanOrEqual(seededReviews);
      expect(v1.reviews).toBeLessThan(seededReviews + acknowledged.length);
      // Those it did not read count as new, so the campaign is due again once the debounce allows.
      expect(await campaignsDueForFit({ now: new Date(v1.fittedAt.getTime() + 60_000) })).toEqual([campaignId]);

      const second = await pool.run(campaignId);
      expect(second).toMatchObject({ version: 2, reviews: seededReviews + acknowledged.length });
      const v2 = await db.consensusSnapshot.findUniqueOrThrow({ where: { campaignId } });
      expect(await db.review.count({ where: { sample: { campaignId }, createdAt: { lt: v2.fittedAt } } })).toBe(v2.reviews);
      // No sample with all its reviews in is left waiting: each was decided by one fit or the other, once.
      const samples = await db.sample.findMany({
        where: { id: { in: pendingIds } },
        select: { id: true, status: true, requiredReviews: true, _count: { select: { reviews: true } }, decisions: { where: { flagged: false, outcome: { not: "NEED_MORE_REVIEWS" } }, select: { id: true } } },
      });
      const complete = samples.filter((s) => s._count.reviews >= 3);
      expect(complete.length).toBeGreaterThan(0);
      for (const s of complete) {
        if (s.status === "PENDING_REVIEW") expect(s._count.reviews, s.id).toBeLessThan(s.requiredReviews);
        else expect(s.decisions, s.id).toHaveLength(1);
      }
      expect(await campaignsDueForFit({ now: new Date(v2.fittedAt.getTime() + 60_000) })).toEqual([]);
    } finally {
      await pool.destroy();
    }
  });

  // A verdict that waits for SQLite's write lock (held here by another connection, as another process would) while a
  // fit reads the reviews: stamped when its request began, it would be neither in the fit nor newer than its
  // fittedAt, so never counted as new, and a sample it completed before a first snapshot would wait for ever. It is
  // stamped under the write lock instead.
  it("a verdict that waited for the write lock while a fit read is counted as new since that fit", async () => {
    const { campaignId, pendingIds, crowd } = await bigCampaignWithoutSnapshot(1);
    const [sampleId] = pendingIds;
    for (const r of crowd.slice(0, 2)) await vote(r, campaignId, "ACCEPT");
    const last = crowd[2]!;
    expect((await claimReview(last, { ...NO_GOLD, campaignId }))?.sampleId).toBe(sampleId);

    const other = new Database(getEnv().databaseUrl.replace(/^file:/, ""));
    try {
      other.exec("BEGIN IMMEDIATE");
      const verdict = submitVerdict(last, { sampleId: sampleId!, verdict: "ACCEPT" });
      await new Promise((resolve) => setTimeout(resolve, 50));
      // The fit's read, while the verdict waits; its snapshot is written once the verdict is in.
      const row = await db.campaign.findUniqueOrThrow({ where: { id: campaignId } });
      const consensus = await campaignConsensus(db, { ...row, labelSchema: ZLabelSchema.parse(row.labelSchema) });
      other.exec("COMMIT");
      await verdict;
      expect(await saveSnapshotIfCurrent(db, campaignId, consensus, 0)).toBe(1);
    } finally {
      other.close();
    }

    const v1 = await db.consensusSnapshot.findUniqueOrThrow({ where: { campaignId } });
    expect(await db.review.count({ where: { sample: { campaignId } } })).toBe(v1.reviews + 1);
    expect(await db.review.count({ where: { sample: { campaignId }, createdAt: { lt: v1.fittedAt } } })).toBe(v1.reviews);
    expect(await campaignsDueForFit({ now: new Date(v1.fittedAt.getTime() + 60_000) })).toEqual([campaignId]);
  });
});

describe("a fit cut short after writing its snapshot", () => {
  // fitCampaign writes the snapshot, then decides the samples that waited for it. Killed in between (a SIGKILL, or the
  // worker's own SIGTERM, which aborts the fit's process), it leaves them waiting, and no new vote need ever come:
  // once the snapshot is old enough, samples with all their reviews in and no decision make the campaign due again.
  it("leaves the campaign due, so that the next fit decides what waited", async () => {
    const { campaignId, crowd } = await bigCampaignWithoutSnapshot(1);
    for (const r of crowd.slice(0, 3)) await vote(r, campaignId, "ACCEPT");
    expect(await db.sample.count({ where: { campaignId, status: "PENDING_REVIEW", goldItem: { is: null } } })).toBe(1);

    // The first half of fitCampaign, up to and including its write: what a fit killed right after it leaves behind.
    const row = await db.campaign.findUniqueOrThrow({ where: { id: campaignId } });
    const consensus = await campaignConsensus(db, { ...row, labelSchema: ZLabelSchema.parse(row.labelSchema) });
    expect(await saveSnapshotIfCurrent(db, campaignId, consensus, 0)).toBe(1);

    expect(await campaignsDueForFit({ now: new Date(Date.now() + 60_000) })).toEqual([campaignId]);
  });
});
