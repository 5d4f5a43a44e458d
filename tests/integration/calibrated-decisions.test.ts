// Issue 14: one calibrated decision about what ships. A classification campaign's outcome classes are its labels and
// "unacceptable"; a review votes for one of them (accept: the contributor's label; accept with label L: L; reject
// because the label is wrong, naming L: L; any other rejection: unacceptable). A sample ships with label L only when
// P(L) reaches the threshold, is rejected when P(unacceptable) does, and otherwise gets one more review up to k_max,
// then escalates. Everything below goes through the real services (claimReview + submitVerdict, decideSample,
// recheckCampaign, listGold, getSampleExplanation); setup rows another flow would produce are written directly.
import { randomBytes } from "node:crypto";
import { parseUnits } from "viem";
import { beforeEach, describe, expect, it } from "vitest";
import { decisionInWords, UNACCEPTABLE, type Decision } from "@/lib/domain/consensus";
import { canonicalLabelJson } from "@/lib/domain/datasets/merkle-leaf";
import { PAYOUT_REASONS } from "@/lib/domain/payouts/reasons";
import { AppError } from "@/lib/errors";
import type { TRejectReason } from "@/lib/schemas/review";
import { campaignFieldErrors, campaignInputFromForm, ZCampaignInput } from "@/lib/schemas/campaign";
import type { SessionUser } from "@/lib/server/auth/session";
import { createCampaign } from "@/lib/server/campaigns/save-campaign";
import { db } from "@/lib/server/db";
import { listGold } from "@/lib/server/gold/manage-gold";
import { earnPayouts } from "@/lib/server/payouts/earn-payouts";
import { claimReview } from "@/lib/server/reviews/claim-review";
import { decideSample } from "@/lib/server/reviews/decide-sample";
import type { DecisionInputs } from "@/lib/server/reviews/decision-inputs";
import { campaignsToRecheck, CONSENSUS_RULE, recheckCampaign } from "@/lib/server/reviews/recheck-decisions";
import { submitVerdict } from "@/lib/server/reviews/submit-verdict";
import { getSampleExplanation } from "@/lib/server/samples/get-sample-explanation";
import { makeCampaign } from "../support/campaigns";
import { resetDb } from "../support/db-reset";
import { pendingSample, reviewers, sessionUser } from "../support/reviews";

const LABELS = ["sports", "politics", "tech", "world"] as const;
const NEWS = { kind: "single_label" as const, labels: [...LABELS] };
/** Never the gold draw: every claim serves the oldest open sample. */
const NO_GOLD = () => 0.99;
const REWARD = parseUnits("2", 18).toString();
const FEE = parseUnits("0.1", 18).toString();

type Vote = { verdict: "ACCEPT" | "REJECT"; reason?: TRejectReason; label?: string };
const accept: Vote = { verdict: "ACCEPT" };
const acceptAs = (label: string): Vote => ({ verdict: "ACCEPT", label });
const wrongLabel = (label?: string): Vote => ({ verdict: "REJECT", reason: "wrong_label", ...(label ? { label } : {}) });
const reject = (reason: TRejectReason = "low_quality", label?: string): Vote => ({ verdict: "REJECT", reason, ...(label ? { label } : {}) });

let admin: SessionUser;
let contributor: SessionUser;
beforeEach(async () => {
  await resetDb();
  admin = await sessionUser({ roles: ["ADMIN"], name: "Grace" });
  contributor = await sessionUser({ name: "Ada" });
});

/** A news campaign (k = 3, k_max = 5, threshold 0.9 unless told), with the decision settings under test. */
async function newsCampaign(settings: { reviewsPerItem?: number; maxReviews?: number; acceptThreshold?: number; reliabilityFloor?: number; consensusRule?: number } = {}) {
  const campaign = await makeCampaign({ labelSchema: NEWS });
  return db.campaign.update({
    where: { id: campaign.id },
    data: { reviewsPerItem: 3, maxReviews: 5, acceptThreshold: 0.9, ...settings },
    select: { id: true, reviewsPerItem: true, maxReviews: true, acceptThreshold: true, rewardWei: true, reviewerFeeWei: true },
  });
}

/** What a review of `truth` (a label, or null: unacceptable) looks like from a careful reviewer, varied by `i`. */
function honestVote(truth: string | null, own: string, i: number): Vote {
  if (truth === null) return reject((["low_quality", "off_topic", "unsafe"] as const)[i % 3]);
  if (truth === own) return accept;
  return i % 2 === 0 ? acceptAs(truth) : wrongLabel(truth);
}

async function writeReview(sampleId: string, reviewerId: string, vote: Vote) {
  await db.review.create({ data: { sampleId, reviewerId, verdict: vote.verdict, reason: vote.reason ?? null, label: vote.label ?? null } });
}

/**
 * Gold items (known answers spread over the four labels and "unacceptable", a third of them labelled wrongly by
 * their contributor) and earlier accepted samples, which `crowd` all answered alike and right: reviewers with a
 * record of agreeing. `wrongKnown` of the gold items carry a known answer the crowd contradicts (an admin's slip).
 * Written directly, as the queue would have collected them; then one decideSample stores the campaign's fit.
 */
async function agreeingRecord(campaignId: string, crowd: readonly SessionUser[], options: { gold?: number; earlier?: number; wrongKnown?: number } = {}) {
  const goldIds: string[] = [];
  for (let i = 0; i < (options.gold ?? 20); i++) {
    const truth = i % 5 === 4 ? null : LABELS[i % 4]!;
    const own = i % 3 === 0 ? LABELS[(i + 1) % 4]! : (truth ?? LABELS[i % 4]!);
    const sample = await pendingSample(campaignId, contributor.id, { labels: own });
    const known = i < (options.wrongKnown ?? 0) ? (truth === null ? "sports" : null) : truth;
    await db.goldItem.create({ data: { campaignId, sampleId: sample.id, expectedVerdict: known === null ? "REJECT" : "ACCEPT", expectedLabel: known } });
    for (const [j, r] of crowd.entries()) await writeReview(sample.id, r.id, honestVote(truth, own, i + j));
    goldIds.push(sample.id);
  }
  for (let i = 0; i < (options.earlier ?? 4); i++) {
    const label = LABELS[i % 4]!;
    const sample = await db.sample.create({
      data: {
        campaignId,
        contributorId: contributor.id,
        status: "ACCEPTED",
        contentHash: randomBytes(32).toString("hex"),
        mimeType: "text/plain; charset=utf-8",
        sizeBytes: 20,
        textContent: `An earlier sample ${i}.`,
        labels: label,
        consensusLabel: label,
        posterior: 0.97,
        decidedAt: new Date(),
      },
    });
    for (const r of crowd) await writeReview(sample.id, r.id, accept);
  }
  if (goldIds.length > 0) await decideSample(goldIds[0]!);
  return goldIds;
}

/** One review through the queue, as the review desk sends it; returns the sample it was about. */
async function judge(reviewer: SessionUser, campaignId: string, vote: Vote): Promise<string> {
  const task = await claimReview(reviewer, { campaignId, random: NO_GOLD });
  expect(task, `${reviewer.displayName} gets a sample`).not.toBeNull();
  await submitVerdict(reviewer, { sampleId: task!.sampleId, ...vote });
  return task!.sampleId;
}

const sampleRow = (id: string) => db.sample.findUniqueOrThrow({ where: { id }, select: { status: true, requiredReviews: true, consensusLabel: true, posterior: true } });
const decisionsOf = (sampleId: string) => db.consensusDecision.findMany({ where: { sampleId }, orderBy: [{ reviews: "asc" }, { createdAt: "asc" }] });
const inputsOf = (decision: { inputs: unknown }) => decision.inputs as unknown as DecisionInputs;
const payoutsOf = (subjectId: string) => db.payout.findMany({ where: { subjectId }, orderBy: { key: "asc" }, select: { reason: true, recipientId: true, amountWei: true } });
const fee = (recipientId: string) => ({ reason: PAYOUT_REASONS.REVIEW_AGREED, recipientId, amountWei: FEE });
const reward = () => ({ reason: PAYOUT_REASONS.SAMPLE_ACCEPTED, recipientId: contributor.id, amountWei: REWARD });
const sortedPayouts = (rows: { reason: string; recipientId: string; amountWei: string }[]) => [...rows].sort((a, b) => (`${a.reason}:${a.recipientId}` < `${b.reason}:${b.recipientId}` ? -1 : 1));

/** A recorded decision in the words of the sample page. */
function inWords(decision: { outcome: string; reviews: number; inputs: unknown }): string {
  const inputs = inputsOf(decision);
  return decisionInWords({ decision: decision.outcome as Decision, classPosterior: inputs.classPosterior, kind: inputs.space, unacceptable: UNACCEPTABLE, decidedClass: inputs.decidedClass, threshold: inputs.threshold, reviews: decision.reviews, maxReviews: inputs.maxReviews });
}

const labelsOnly = (posterior: Record<string, number>) => Object.entries(posterior).filter(([name]) => name !== UNACCEPTABLE);

describe("the split case of issue 14", () => {
  it("accept (sports), reject naming politics, accept as tech: not accepted after 3 reviews; a 4th is requested and served to a 4th reviewer", async () => {
    const campaign = await newsCampaign();
    const [alan, barbara, claude, dana, edsger] = await reviewers(5);
    await agreeingRecord(campaign.id, [alan!, barbara!, claude!]);
    const sample = await pendingSample(campaign.id, contributor.id, { labels: "sports" });

    await judge(alan!, campaign.id, accept);
    await judge(barbara!, campaign.id, wrongLabel("politics"));
    await judge(claude!, campaign.id, acceptAs("tech"));

    // Not accepted, with no label at all: still pending, one more slot.
    expect(await sampleRow(sample.id)).toMatchObject({ status: "PENDING_REVIEW", requiredReviews: 4, consensusLabel: null });
    expect(await payoutsOf(sample.id)).toEqual([]);
    const [afterThree, ...later] = await decisionsOf(sample.id);
    expect(later).toEqual([]);
    expect(afterThree).toMatchObject({ outcome: "NEED_MORE_REVIEWS", reviews: 3, flagged: false });
    const inputs = inputsOf(afterThree!);
    expect(inputs).toMatchObject({ rule: 2, space: "labels", threshold: 0.9, minReviews: 3, maxReviews: 5, reviews: 3, requiredReviews: 3, raisedRequiredReviews: true });
    expect(inputs.votes.map((v) => [v.reviewerId, v.votedFor])).toEqual([
      [alan!.id, "sports"],
      [barbara!.id, "politics"],
      [claude!.id, "tech"],
    ]);
    expect(Object.keys(inputs.classPosterior).sort()).toEqual([...LABELS, UNACCEPTABLE].sort());
    for (const [label, p] of labelsOnly(inputs.classPosterior)) expect(p, label).toBeLessThan(0.9);
    expect(inputs.classPosterior[UNACCEPTABLE]).toBeLessThan(0.9);
    expect(inWords(afterThree!)).toMatch(/^After 3 reviews: .*; no label reached 90%, so a 4th review was requested\.$/);

    // Reviewing stays blind while the sample is pending: its contributor sees no votes yet.
    const pending = await getSampleExplanation(contributor, sample.id);
    expect(pending.status).toBe("PENDING_REVIEW");
    expect(pending.decisions.map((d) => d.inputs)).toEqual([null]);

    // The three who reviewed it are not served it again; a fourth reviewer is.
    for (const r of [alan!, barbara!, claude!]) expect(await claimReview(r, { campaignId: campaign.id, random: NO_GOLD })).toBeNull();
    expect(await judge(dana!, campaign.id, accept)).toBe(sample.id);
    // Two of four careful reviewers for sports is no 90% either: a 5th.
    expect(await sampleRow(sample.id)).toMatchObject({ status: "PENDING_REVIEW", requiredReviews: 5, consensusLabel: null });
    expect(await judge(edsger!, campaign.id, acceptAs("world"))).toBe(sample.id);

    // At k_max it escalates (to a blind panel), never ships a label nobody agreed on, and earns nothing.
    expect(await sampleRow(sample.id)).toMatchObject({ status: "ESCALATED", requiredReviews: 5, consensusLabel: null });
    expect(await payoutsOf(sample.id)).toEqual([]);
    // Once decided, the sample page tells the whole story, newest first.
    const shown = await getSampleExplanation(contributor, sample.id);
    expect(shown.decisions.map((d) => [d.outcome, d.reviews])).toEqual([
      ["ESCALATE", 5],
      ["NEED_MORE_REVIEWS", 4],
      ["NEED_MORE_REVIEWS", 3],
    ]);
    expect(inWords(shown.decisions[2]!)).toMatch(/^After 3 reviews: .*; no label reached 90%, so a 4th review was requested\.$/);
    expect(inWords(shown.decisions[1]!)).toMatch(/^After 4 reviews: sports \d+%, .*; no label reached 90%, so a 5th review was requested\.$/);
    expect(inWords(shown.decisions[0]!)).toMatch(/^After 5 reviews: .*; no label reached 90% after the campaign's maximum of 5 reviews, so the sample was escalated\.$/);
  });
});

describe("what each kind of vote decides", () => {
  it("a unanimous accept ships the contributor's label and pays the reward and every reviewer's fee", async () => {
    const campaign = await newsCampaign();
    const crowd = await reviewers(3);
    await agreeingRecord(campaign.id, crowd);
    const sample = await pendingSample(campaign.id, contributor.id, { labels: "sports" });
    for (const r of crowd) await judge(r, campaign.id, accept);

    const row = await sampleRow(sample.id);
    expect(row).toMatchObject({ status: "ACCEPTED", consensusLabel: "sports", requiredReviews: 3 });
    expect(row.posterior).toBeGreaterThanOrEqual(0.9);
    const [decision] = await decisionsOf(sample.id);
    expect(decision).toMatchObject({ outcome: "ACCEPT", label: "sports", reviews: 3, flagged: false });
    expect(decision!.posterior).toBe(row.posterior);
    expect(inputsOf(decision!)).toMatchObject({ decidedClass: "sports", raisedRequiredReviews: false });
    expect(inputsOf(decision!).classPosterior.sports).toBe(row.posterior);
    expect(inWords(decision!)).toMatch(/^After 3 reviews: sports \d+%.*; sports reached the threshold of 90%, so the sample was accepted as sports\.$/);
    expect(await payoutsOf(sample.id)).toEqual(sortedPayouts([reward(), ...crowd.map((r) => fee(r.id))]));
  });

  it("accepts with another label when that label wins; the fee goes only to the reviewers who voted for it", async () => {
    // k = 4, so that the dissenting fourth vote is in before the decision.
    const campaign = await newsCampaign({ reviewsPerItem: 4, maxReviews: 6 });
    const [alan, barbara, claude, dana] = await reviewers(4);
    await agreeingRecord(campaign.id, [alan!, barbara!, claude!, dana!]);
    const sample = await pendingSample(campaign.id, contributor.id, { labels: "sports", requiredReviews: 4 });

    await judge(alan!, campaign.id, acceptAs("tech"));
    await judge(barbara!, campaign.id, wrongLabel("tech"));
    await judge(claude!, campaign.id, accept); // vouches for "sports", the contributor's label
    await judge(dana!, campaign.id, acceptAs("tech"));

    const row = await sampleRow(sample.id);
    expect(row).toMatchObject({ status: "ACCEPTED", consensusLabel: "tech" });
    expect(row.posterior).toBeGreaterThanOrEqual(0.9);
    const [decision] = await decisionsOf(sample.id);
    expect(decision).toMatchObject({ outcome: "ACCEPT", label: "tech", reviews: 4 });
    expect(inputsOf(decision!).votes.map((v) => v.votedFor)).toEqual(["tech", "tech", "sports", "tech"]);
    expect(inWords(decision!)).toMatch(/; tech reached the threshold of 90%, so the sample was accepted as tech\.$/);
    // Barbara's rejection named the label that shipped: she agreed. Claude's "accept" vouched for the wrong label: he did not.
    expect(await payoutsOf(sample.id)).toEqual(sortedPayouts([reward(), fee(alan!.id), fee(barbara!.id), fee(dana!.id)]));
  });

  it("a rejection naming the right label is a vote for that label: three of them ship the sample relabelled", async () => {
    const campaign = await newsCampaign();
    const crowd = await reviewers(3);
    await agreeingRecord(campaign.id, crowd);
    const sample = await pendingSample(campaign.id, contributor.id, { labels: "sports" });
    for (const r of crowd) await judge(r, campaign.id, wrongLabel("politics"));

    const row = await sampleRow(sample.id);
    expect(row).toMatchObject({ status: "ACCEPTED", consensusLabel: "politics" });
    expect(row.posterior).toBeGreaterThanOrEqual(0.9);
    const [decision] = await decisionsOf(sample.id);
    expect(inputsOf(decision!).votes.map((v) => [v.verdict, v.reason, v.votedFor])).toEqual(Array(3).fill(["REJECT", "wrong_label", "politics"]));
    expect(await payoutsOf(sample.id)).toEqual(sortedPayouts([reward(), ...crowd.map((r) => fee(r.id))]));
  });

  it("rejections without a label (any reason, 'wrong label' naming none, a label beside another reason) reject it", async () => {
    const campaign = await newsCampaign();
    const crowd = await reviewers(3);
    await agreeingRecord(campaign.id, crowd);
    const sample = await pendingSample(campaign.id, contributor.id, { labels: "sports" });
    await judge(crowd[0]!, campaign.id, reject("low_quality"));
    await judge(crowd[1]!, campaign.id, wrongLabel());
    await judge(crowd[2]!, campaign.id, reject("unsafe", "tech"));

    const row = await sampleRow(sample.id);
    expect(row).toMatchObject({ status: "REJECTED", consensusLabel: null });
    const [decision] = await decisionsOf(sample.id);
    expect(decision).toMatchObject({ outcome: "REJECT", label: null, reviews: 3 });
    const inputs = inputsOf(decision!);
    expect(inputs.decidedClass).toBe(UNACCEPTABLE);
    expect(inputs.votes.map((v) => v.votedFor)).toEqual([UNACCEPTABLE, UNACCEPTABLE, UNACCEPTABLE]);
    expect(inputs.classPosterior[UNACCEPTABLE]).toBeGreaterThanOrEqual(0.9);
    expect(inWords(decision!)).toMatch(/; unacceptable reached the threshold of 90%, so the sample was rejected\.$/);
    // No reward; every reviewer voted for the class decided.
    expect(await payoutsOf(sample.id)).toEqual(sortedPayouts(crowd.map((r) => fee(r.id))));
  });
});

describe("a campaign with one reviewer", () => {
  // k = k_max = 1: the rule as for any campaign, the calibrated P of the one vote against the threshold. Gold answered
  // by that reviewer alone is what the calibration has to go on: without it, or with a record of 18 in 20, one vote is
  // not 90% and the sample escalates; only a record of 20 in 20 lets a single vote ship.
  it.each([
    ["no gold", null, "ESCALATE"],
    ["18 of 20 gold answers right", 2, "ESCALATE"],
    ["20 of 20 gold answers right", 0, "ACCEPT"],
  ] as const)("k = k_max = 1, the only reviewer with %s: one accept is decided by its calibrated posterior (%s)", async (_, wrong, outcome) => {
    const campaign = await newsCampaign({ reviewsPerItem: 1, maxReviews: 1 });
    const [only] = await reviewers(1);
    if (wrong !== null) await agreeingRecord(campaign.id, [only!], { wrongKnown: wrong });
    const sample = await pendingSample(campaign.id, contributor.id, { labels: "sports", requiredReviews: 1 });
    await judge(only!, campaign.id, accept);

    const [decision] = await decisionsOf(sample.id);
    const inputs = inputsOf(decision!);
    expect(decision).toMatchObject({ outcome, reviews: 1, flagged: false });
    expect(inputs.calibration.goldItems).toBe(wrong === null ? 0 : 20);
    if (outcome === "ACCEPT") {
      expect(inputs.classPosterior.sports).toBeGreaterThanOrEqual(0.9);
      expect(await sampleRow(sample.id)).toMatchObject({ status: "ACCEPTED", consensusLabel: "sports", requiredReviews: 1 });
      expect(inWords(decision!)).toMatch(/^After 1 review: sports \d+%.*; sports reached the threshold of 90%, so the sample was accepted as sports\.$/);
      expect(await payoutsOf(sample.id)).toEqual(sortedPayouts([reward(), fee(only!.id)]));
    } else {
      expect(inputs.classPosterior.sports).toBeLessThan(0.9);
      expect(await sampleRow(sample.id)).toMatchObject({ status: "ESCALATED", consensusLabel: null, requiredReviews: 1 });
      expect(inWords(decision!)).toMatch(/^After 1 review: sports \d+%.*; no label reached 90% after the campaign's maximum of 1 review/);
      expect(await payoutsOf(sample.id)).toEqual([]);
    }
  });

  it("k = 1 below k_max, no gold: the only reviewer's vote asks for a second, which waits for another reviewer", async () => {
    const campaign = await newsCampaign({ reviewsPerItem: 1, maxReviews: 3 });
    const [only] = await reviewers(1);
    const sample = await pendingSample(campaign.id, contributor.id, { labels: "sports", requiredReviews: 1 });
    await judge(only!, campaign.id, accept);

    expect(await sampleRow(sample.id)).toMatchObject({ status: "PENDING_REVIEW", requiredReviews: 2, consensusLabel: null });
    const [decision] = await decisionsOf(sample.id);
    expect(decision).toMatchObject({ outcome: "NEED_MORE_REVIEWS", reviews: 1 });
    expect(inputsOf(decision!).calibration).toMatchObject({ goldItems: 0, ece: null });
    expect(inWords(decision!)).toMatch(/^After 1 review: sports \d+%.*; no label reached 90%, so a 2nd review was requested\.$/);
    // Never the same reviewer twice: the queue is empty for them, and the slot waits for someone else.
    expect(await claimReview(only!, { campaignId: campaign.id, random: NO_GOLD })).toBeNull();
    const [newcomer] = await reviewers(1);
    expect((await claimReview(newcomer!, { campaignId: campaign.id, random: NO_GOLD }))?.sampleId).toBe(sample.id);
    expect(await payoutsOf(sample.id)).toEqual([]);
  });
});

/** A deterministic source of random numbers (mulberry32). */
function seeded(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Voter = (random: () => number) => (own: string) => Vote;
const atRandom: Voter = (random) => (own) => {
  const k = Math.floor(random() * 5);
  return k === 4 ? reject() : LABELS[k] === own ? accept : acceptAs(LABELS[k]!);
};
const alwaysAccepting: Voter = () => () => accept;

describe("a crowd of spammers", () => {
  it.each([
    ["voting at random", atRandom],
    ["always accepting", alwaysAccepting],
  ])("%s, on gold as everywhere, gets nothing accepted: every sample escalates at k_max", async (_, voter) => {
    // Floor 0: the engine's decisions are under test here, not the reliability floor that would bar them first.
    const campaign = await newsCampaign({ reliabilityFloor: 0 });
    const crowd = await reviewers(5);
    const vote = voter(seeded(7));
    const goldIds: string[] = [];
    for (let i = 0; i < 20; i++) {
      const truth = i % 5 === 4 ? null : LABELS[i % 4]!;
      const own = i % 2 === 0 ? LABELS[(i + 1) % 4]! : (truth ?? LABELS[i % 4]!);
      const gold = await pendingSample(campaign.id, contributor.id, { labels: own });
      await db.goldItem.create({ data: { campaignId: campaign.id, sampleId: gold.id, expectedVerdict: truth === null ? "REJECT" : "ACCEPT", expectedLabel: truth } });
      for (const r of crowd) await writeReview(gold.id, r.id, vote(own));
      goldIds.push(gold.id);
    }
    await decideSample(goldIds[0]!);
    const samples: string[] = [];
    for (const label of LABELS) samples.push((await pendingSample(campaign.id, contributor.id, { labels: label })).id);

    // Each spammer takes whatever the queue serves, round after round, until it serves nobody.
    for (let round = 0, served = true; served && round < 10; round++) {
      served = false;
      for (const r of crowd) {
        const task = await claimReview(r, { campaignId: campaign.id, random: NO_GOLD });
        if (!task) continue;
        served = true;
        const { labels } = await db.sample.findUniqueOrThrow({ where: { id: task.sampleId }, select: { labels: true } });
        await submitVerdict(r, { sampleId: task.sampleId, ...vote(labels as string) });
      }
    }
    const rows = await db.sample.findMany({ where: { id: { in: samples } }, select: { status: true, requiredReviews: true, consensusLabel: true, _count: { select: { reviews: true } } } });
    expect(rows).toEqual(Array(samples.length).fill({ status: "ESCALATED", requiredReviews: 5, consensusLabel: null, _count: { reviews: 5 } }));
    expect(await db.sample.count({ where: { campaignId: campaign.id, status: "ACCEPTED" } })).toBe(0);
    expect(await db.payout.count({ where: { reason: PAYOUT_REASONS.SAMPLE_ACCEPTED } })).toBe(0);
  });
});

describe("gold contradicted by the crowd", () => {
  it("listGold flags exactly the contradicted items; the calibration comes out more cautious than on gold the crowd confirms", async () => {
    const clean = await newsCampaign();
    const cleanCrowd = await reviewers(3);
    await agreeingRecord(clean.id, cleanCrowd, { gold: 25 });
    const slipped = await newsCampaign();
    const slippedCrowd = await reviewers(3);
    const slippedGold = await agreeingRecord(slipped.id, slippedCrowd, { gold: 25, wrongKnown: 5 });

    const cleanList = await listGold(admin, clean.id);
    expect(cleanList.gold.filter((g) => g.contradicted)).toEqual([]);
    const slippedList = await listGold(admin, slipped.id);
    expect(slippedList.gold.filter((g) => g.contradicted).map((g) => g.sampleId).sort()).toEqual(slippedGold.slice(0, 5).sort());
    for (const g of slippedList.gold.filter((g) => g.contradicted)) expect(g).toMatchObject({ reviews: 3, correct: 0 });

    // Gold the crowd contradicts is evidence that agreeing votes can be wrong together: weaker votes (a lower
    // temperature), at least as large a share of misleading items, on both campaigns' gold.
    const [c, s] = [cleanList.calibration!, slippedList.calibration!];
    expect(c.goldItems).toBe(25);
    expect(s.goldItems).toBe(25);
    expect(s.temperature).toBeLessThan(c.temperature);
    expect(s.misleading).toBeGreaterThanOrEqual(c.misleading);
    expect(s.reliability).not.toBeNull();

    // The same unanimous sample: accepted where gold agrees with the crowd; short of 90%, a 4th review, where it does not.
    const cleanSample = await pendingSample(clean.id, contributor.id, { labels: "sports" });
    for (const r of cleanCrowd) await judge(r, clean.id, accept);
    const slippedSample = await pendingSample(slipped.id, contributor.id, { labels: "sports" });
    for (const r of slippedCrowd) await judge(r, slipped.id, accept);
    const [a, b] = [await sampleRow(cleanSample.id), await sampleRow(slippedSample.id)];
    expect(a).toMatchObject({ status: "ACCEPTED", consensusLabel: "sports" });
    expect(b).toMatchObject({ status: "PENDING_REVIEW", requiredReviews: 4 });
    const sportsAfterThree = async (id: string) => inputsOf((await decisionsOf(id))[0]!).classPosterior.sports!;
    expect(await sportsAfterThree(slippedSample.id)).toBeLessThan(0.9);
    expect(await sportsAfterThree(slippedSample.id)).toBeLessThan(await sportsAfterThree(cleanSample.id));
  });
});

describe("re-checking decisions of rule 1", () => {
  it("flags accepted samples whose label no longer reaches the threshold, touches no status, payout or published version, once", async () => {
    const campaign = await newsCampaign({ consensusRule: 1 });
    const crowd = await reviewers(3);
    await agreeingRecord(campaign.id, crowd, { earlier: 0 });

    // Accepted under rule 1 (accept/reject and the label decided apart), each paid.
    const decidedUnderRule1 = async (own: string, shipped: string, votes: Vote[]) => {
      const sample = await db.sample.create({
        data: {
          campaignId: campaign.id,
          contributorId: contributor.id,
          status: "ACCEPTED",
          contentHash: randomBytes(32).toString("hex"),
          mimeType: "text/plain; charset=utf-8",
          sizeBytes: 24,
          textContent: `Decided under rule 1, ${randomBytes(4).toString("hex")}.`,
          labels: own,
          consensusLabel: shipped,
          posterior: 0.996,
          decidedAt: new Date("2026-11-01T12:00:00Z"),
        },
      });
      for (const [i, v] of votes.entries()) await writeReview(sample.id, crowd[i]!.id, v);
      await db.consensusDecision.create({
        data: { sampleId: sample.id, outcome: "ACCEPT", posterior: 0.996, label: shipped, reviews: votes.length, inputs: { engine: "dawid-skene", pAccept: 0.996, threshold: 0.9, reviews: votes.length, maxReviews: 5, votes: [] } },
      });
      await db.$transaction((tx) =>
        earnPayouts(tx, [
          { reason: PAYOUT_REASONS.SAMPLE_ACCEPTED, subjectId: sample.id, recipientUserId: contributor.id, amountWei: BigInt(REWARD), campaignId: campaign.id },
          ...crowd.filter((_, i) => votes[i]?.verdict === "ACCEPT").map((r) => ({ reason: PAYOUT_REASONS.REVIEW_AGREED, subjectId: sample.id, recipientUserId: r.id, amountWei: BigInt(FEE), campaignId: campaign.id })),
        ]),
      );
      return sample.id;
    };
    const sound = await decidedUnderRule1("sports", "sports", [accept, accept, accept]);
    const split = await decidedUnderRule1("sports", "politics", [accept, wrongLabel("politics"), acceptAs("tech")]);
    const doubted = await decidedUnderRule1("sports", "sports", [accept, accept, reject("low_quality")]);
    const relabelled = await decidedUnderRule1("world", "world", [acceptAs("tech"), acceptAs("tech"), wrongLabel("tech")]);
    const all = [sound, split, doubted, relabelled];

    // A published version sells all four.
    const dataset = await db.dataset.create({ data: { campaignId: campaign.id, slug: `news-${randomBytes(3).toString("hex")}`, name: "News", description: "Published before the re-check." } });
    const version = await db.datasetVersion.create({
      data: { datasetId: dataset.id, version: "v1", status: "PUBLISHED", merkleRoot: `0x${"ab".repeat(32)}`, priceWei: parseUnits("10", 18).toString(), licence: "CC-BY-4.0", filters: { minPosterior: 0.9 }, sampleCount: 4, publishedAt: new Date("2026-11-02T12:00:00Z") },
    });
    const sorted = [...all].sort();
    for (const [position, sampleId] of sorted.entries()) {
      const s = await db.sample.findUniqueOrThrow({ where: { id: sampleId }, select: { consensusLabel: true, contentHash: true } });
      await db.datasetVersionSample.create({ data: { versionId: version.id, sampleId, position, labelJson: canonicalLabelJson(s.consensusLabel!), contentHash: s.contentHash, contributor: contributor.address.toLowerCase() } });
    }

    const world = async () => ({
      samples: await db.sample.findMany({ where: { id: { in: all } }, orderBy: { id: "asc" } }),
      payouts: await db.payout.findMany({ orderBy: { key: "asc" } }),
      versions: await db.datasetVersion.findMany(),
      members: await db.datasetVersionSample.findMany({ orderBy: [{ versionId: "asc" }, { position: "asc" }] }),
      reviews: await db.review.count(),
    });
    const before = await world();
    expect(before.payouts).toHaveLength(4 + 3 + 3 + 3); // reward + a fee per accepting vote
    expect(await campaignsToRecheck()).toEqual([campaign.id]);

    expect(await recheckCampaign(campaign.id)).toBe(3);

    const flags = await db.consensusDecision.findMany({ where: { flagged: true }, orderBy: { sampleId: "asc" } });
    expect(flags.map((f) => f.sampleId).sort()).toEqual([split, doubted, relabelled].sort());
    const flagOf = (id: string) => flags.find((f) => f.sampleId === id)!;
    for (const f of flags) expect(inputsOf(f)).toMatchObject({ rule: 2, recheckedFromRule: 1, threshold: 0.9, reviews: 3 });
    // Re-decided on the votes it has: nothing reaches 90%, so under the new rule it would have gone to a panel.
    expect(flagOf(split)).toMatchObject({ outcome: "ESCALATE", reviews: 3 });
    expect(inputsOf(flagOf(split)).votes.map((v) => v.votedFor)).toEqual(["sports", "politics", "tech"]);
    for (const [, p] of labelsOnly(inputsOf(flagOf(split)).classPosterior)) expect(p).toBeLessThan(0.9);
    expect(flagOf(doubted).outcome).toBe("ESCALATE");
    expect(inputsOf(flagOf(doubted)).classPosterior.sports).toBeLessThan(0.9);
    // Three votes for tech: the new rule would ship it as tech, not as the world it was sold as.
    expect(flagOf(relabelled)).toMatchObject({ outcome: "ACCEPT", label: "tech" });

    // Nothing flipped: statuses, labels, posteriors, payouts and the published version are as they were.
    expect(await world()).toEqual(before);
    expect(await db.campaign.findUniqueOrThrow({ where: { id: campaign.id }, select: { consensusRule: true } })).toEqual({ consensusRule: CONSENSUS_RULE });
    expect(CONSENSUS_RULE).toBe(2);
    expect(await db.auditEvent.findMany({ where: { action: "consensus.recheck" }, select: { subject: true, details: true } })).toEqual([
      { subject: `campaign:${campaign.id}`, details: { fromRule: 1, toRule: 2, accepted: 4, flagged: 3 } },
    ]);
    // An admin sees the flag on the sample's page, beside the rule-1 decision that still stands.
    const explained = await getSampleExplanation(admin, split);
    expect(explained).toMatchObject({ status: "ACCEPTED", consensusLabel: "politics" });
    expect(explained.decisions.map((d) => [d.outcome, d.flagged]).sort()).toEqual([
      ["ACCEPT", false],
      ["ESCALATE", true],
    ]);

    // Twice changes nothing more.
    const counts = async () => ({ decisions: await db.consensusDecision.count(), audit: await db.auditEvent.count(), snapshot: (await db.consensusSnapshot.findUniqueOrThrow({ where: { campaignId: campaign.id } })).version });
    const once = await counts();
    expect(await recheckCampaign(campaign.id)).toBeNull();
    expect(await counts()).toEqual(once);
    expect(await world()).toEqual(before);
    expect(await campaignsToRecheck()).toEqual([]);
  });
});

describe("bad input: a clear refusal, nothing written", () => {
  /** The admin form's fields for a valid news campaign. */
  function campaignForm(overrides: Record<string, string> = {}): FormData {
    const fields: Record<string, string> = {
      title: "News topics",
      slug: `news-topics-${randomBytes(3).toString("hex")}`,
      description: "Label each news snippet with its topic.",
      dataType: "TEXT",
      labelKind: "single_label",
      labels: LABELS.join(", "),
      reward: "2",
      budget: "1000",
      targetSamples: "100",
      reviewsPerItem: "3",
      maxReviews: "5",
      acceptThreshold: "0.9",
      licence: "CC-BY-4.0",
      status: "OPEN",
      nearDuplicatePolicy: "REFUSE",
      maxPendingPerContributor: "100",
      textMinLength: "1",
      textMaxLength: "5000",
      reviewerFee: "0.1",
      goldRate: "0.1",
      quizSize: "5",
      quizPassMark: "0.8",
      reliabilityFloor: "0.5",
      ...overrides,
    };
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.set(k, v);
    return form;
  }

  /** What the admin form's action does: parse, then create only what parsed. Field errors as the form shows them. */
  async function saveForm(form: FormData): Promise<{ errors: Record<string, string> } | { id: string }> {
    const parsed = ZCampaignInput.safeParse(campaignInputFromForm(form));
    if (!parsed.success) return { errors: campaignFieldErrors(parsed.error) };
    return createCampaign(admin, parsed.data);
  }

  it.each([
    ["a threshold of 0.5", { acceptThreshold: "0.5" }, { acceptThreshold: "The threshold must be above 0.5 and at most 1" }],
    ["a threshold of 1.1", { acceptThreshold: "1.1" }, { acceptThreshold: "The threshold must be above 0.5 and at most 1" }],
    ["k_max below k", { reviewsPerItem: "3", maxReviews: "2" }, { maxReviews: "The maximum must be at least the initial number of reviews" }],
  ])("refuses %s with the field's message and creates no campaign", async (_, overrides, errors) => {
    const before = { campaigns: await db.campaign.count(), audit: await db.auditEvent.count() };
    expect(await saveForm(campaignForm(overrides))).toEqual({ errors });
    expect({ campaigns: await db.campaign.count(), audit: await db.auditEvent.count() }).toEqual(before);
  });

  it.each([
    ["a threshold of 0.5", { acceptThreshold: 0.5 }, "acceptThreshold", "The threshold must be above 0.5 and at most 1."],
    ["a threshold of 1.1", { acceptThreshold: 1.1 }, "acceptThreshold", "The threshold must be above 0.5 and at most 1."],
    ["k_max below k", { reviewsPerItem: 3, maxReviews: 2 }, "maxReviews", "The maximum must be at least the initial number of reviews."],
  ])("refuses %s in the service too, for a caller that skips the form's schema, and writes nothing", async (_, overrides, field, message) => {
    const parsed = ZCampaignInput.safeParse(campaignInputFromForm(campaignForm()));
    expect(parsed.success).toBe(true);
    const before = { campaigns: await db.campaign.count(), audit: await db.auditEvent.count() };
    const error = await createCampaign(admin, { ...parsed.data!, ...overrides }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: "VALIDATION", message, details: { field } });
    expect({ campaigns: await db.campaign.count(), audit: await db.auditEvent.count() }).toEqual(before);
  });

  it("takes the edges of the allowed range: a threshold of 1 and just above 0.5, k_max equal to k", async () => {
    const edges: [Record<string, string>, { acceptThreshold: number; reviewsPerItem: number; maxReviews: number }][] = [
      [{ acceptThreshold: "1" }, { acceptThreshold: 1, reviewsPerItem: 3, maxReviews: 5 }],
      [{ acceptThreshold: "0.51" }, { acceptThreshold: 0.51, reviewsPerItem: 3, maxReviews: 5 }],
      [{ reviewsPerItem: "4", maxReviews: "4" }, { acceptThreshold: 0.9, reviewsPerItem: 4, maxReviews: 4 }],
    ];
    for (const [overrides, settings] of edges) {
      const saved = await saveForm(campaignForm(overrides));
      expect(saved).toEqual({ id: expect.any(String), slug: expect.any(String) });
      const id = (saved as { id: string }).id;
      expect(await db.campaign.findUniqueOrThrow({ where: { id }, select: { acceptThreshold: true, reviewsPerItem: true, maxReviews: true } })).toEqual(settings);
    }
    expect(await db.campaign.count()).toBe(3);
  });

  it("refuses a 'wrong label' rejection that names the sample's own label, writing nothing", async () => {
    const campaign = await newsCampaign();
    const [reviewer] = await reviewers(1);
    const sample = await pendingSample(campaign.id, contributor.id, { labels: "sports" });
    const task = await claimReview(reviewer!, { campaignId: campaign.id, random: NO_GOLD });
    expect(task?.sampleId).toBe(sample.id);
    const before = { reviews: await db.review.count(), decisions: await db.consensusDecision.count() };
    const error = await submitVerdict(reviewer!, { sampleId: sample.id, ...wrongLabel("sports") }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: "VALIDATION", message: `'sports' is the sample's own label: a "wrong label" rejection names the label it should have instead.` });
    expect({ reviews: await db.review.count(), decisions: await db.consensusDecision.count() }).toEqual(before);
    await submitVerdict(reviewer!, { sampleId: sample.id, ...wrongLabel("tech") });
    expect(await db.review.count()).toBe(before.reviews + 1);
  });

  it("refuses a verdict naming a label outside the schema (VALIDATION, the labels listed); the lease stays for a valid verdict", async () => {
    const campaign = await newsCampaign();
    const [reviewer] = await reviewers(1);
    const sample = await pendingSample(campaign.id, contributor.id, { labels: "sports" });
    const task = await claimReview(reviewer!, { campaignId: campaign.id, random: NO_GOLD });
    expect(task?.sampleId).toBe(sample.id);
    const counts = async () => ({
      reviews: await db.review.count(),
      decisions: await db.consensusDecision.count(),
      payouts: await db.payout.count(),
      snapshots: await db.consensusSnapshot.count(),
      audit: await db.auditEvent.count(),
      leases: await db.reviewAssignment.findMany({ select: { sampleId: true, reviewerId: true, status: true } }),
      sample: await sampleRow(sample.id),
    });
    const before = await counts();
    expect(before.leases).toEqual([{ sampleId: sample.id, reviewerId: reviewer!.id, status: "LEASED" }]);

    for (const vote of [acceptAs("weather"), wrongLabel("Sports"), acceptAs(UNACCEPTABLE)]) {
      const error = await submitVerdict(reviewer!, { sampleId: sample.id, ...vote }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      const message = `'${vote.label}' is not a label of this campaign. Choose one of: sports, politics, tech, world.`;
      expect(error).toMatchObject({ code: "VALIDATION", status: 422, message, details: { fieldErrors: { label: [message] } } });
      expect(await counts()).toEqual(before);
    }

    // The hold was not spent: the same reviewer can still send a valid verdict.
    await submitVerdict(reviewer!, { sampleId: sample.id, ...acceptAs("tech") });
    expect(await db.review.findMany({ select: { reviewerId: true, verdict: true, label: true } })).toEqual([{ reviewerId: reviewer!.id, verdict: "ACCEPT", label: "tech" }]);
  });

  it("refuses any label with a verdict in a campaign that is not classification", async () => {
    const campaign = await makeCampaign({ labelSchema: { kind: "multi_label", labels: ["cat", "dog", "bird"] } });
    const [reviewer] = await reviewers(1);
    const sample = await pendingSample(campaign.id, contributor.id);
    await db.sample.update({ where: { id: sample.id }, data: { labels: ["cat"] } });
    expect((await claimReview(reviewer!, { campaignId: campaign.id, random: NO_GOLD }))?.sampleId).toBe(sample.id);
    const error = await submitVerdict(reviewer!, { sampleId: sample.id, verdict: "ACCEPT", label: "cat" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: "VALIDATION", message: "This campaign takes no label with a verdict." });
    expect(await db.review.count()).toBe(0);
  });
});
