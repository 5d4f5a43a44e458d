import { beforeEach, describe, expect, it } from "vitest";
import { GOLD_REPLAY_ORDERS } from "@/lib/domain/consensus";
import { AppError } from "@/lib/errors";
import type { SessionUser } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import { decideSample } from "@/lib/server/reviews/decide-sample";
import { listGold, markGold, removeGold } from "@/lib/server/gold/manage-gold";
import { startQuiz } from "@/lib/server/quiz/start-quiz";
import { submitQuiz } from "@/lib/server/quiz/submit-quiz";
import { quizStatus } from "@/lib/server/quiz/quiz-status";
import { claimReview } from "@/lib/server/reviews/claim-review";
import { skipReview } from "@/lib/server/reviews/skip-review";
import { setCampaignReviewer } from "@/lib/server/users/set-campaign-reviewer";
import { makeCampaign } from "../support/campaigns";
import { resetDb } from "../support/db-reset";
import { goldWithVerdicts, pendingSample, reviewers, sessionUser } from "../support/reviews";

const T0 = new Date("2026-12-01T12:00:00Z");
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

async function rejected(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

let admin: SessionUser;
let contributor: SessionUser;
let campaignId: string;
/** sampleId -> the right answer */
let key: Map<string, { verdict: "ACCEPT" | "REJECT"; label?: string }>;

beforeEach(async () => {
  await resetDb();
  admin = await sessionUser({ roles: ["ADMIN"], name: "Grace" });
  contributor = await sessionUser({ name: "Ada" });
  const campaign = await makeCampaign();
  campaignId = campaign.id;
  await db.campaign.update({ where: { id: campaignId }, data: { quizSize: 3, quizPassMark: 0.66 } });
  key = new Map();
  const answers = [{ verdict: "ACCEPT" as const }, { verdict: "REJECT" as const }, { verdict: "ACCEPT" as const, label: "neutral" }, { verdict: "REJECT" as const }];
  for (const answer of answers) {
    const sample = await pendingSample(campaignId, contributor.id);
    await markGold(admin, { sampleId: sample.id, expectedVerdict: answer.verdict, expectedLabel: answer.label });
    key.set(sample.id, answer);
  }
});

/** The gold samples a sitting served, in order: only the server knows them; the sitting names its items by position. */
async function served(attemptId: string): Promise<string[]> {
  const row = await db.quizAttempt.findUniqueOrThrow({ where: { id: attemptId }, select: { sampleIds: true } });
  return row.sampleIds as string[];
}
const right = (sampleId: string, item: number) => ({ item, ...key.get(sampleId)! });
const wrong = (sampleId: string, item: number) => ({ item, verdict: key.get(sampleId)!.verdict === "ACCEPT" ? ("REJECT" as const) : ("ACCEPT" as const) });

describe("qualification quiz", () => {
  it("a pass makes the newcomer a reviewer of the campaign (source QUIZ), logged, and the queue serves them", async () => {
    const newcomer = await sessionUser({ name: "Margaret" });
    await pendingSample(campaignId, contributor.id);
    const sitting = await startQuiz(newcomer, { campaignId }, { now: T0, seed: 3 });
    expect(sitting.items).toHaveLength(3);
    // Quiz items look like queue items: content and the contributor's labels, never the known answer.
    expect(JSON.stringify(sitting.items)).not.toMatch(/expected|REJECT|ACCEPT/);
    // Nor which samples they are: a sample id would let a second wallet recognise the gold in its queue.
    for (const goldId of key.keys()) expect(JSON.stringify(sitting)).not.toContain(goldId);
    // A reload resumes the same sitting rather than drawing an easier one.
    expect((await startQuiz(newcomer, { campaignId }, { now: at(1), seed: 4 })).attemptId).toBe(sitting.attemptId);

    const [first, ...rest] = await served(sitting.attemptId);
    const result = await submitQuiz(newcomer, { attemptId: sitting.attemptId, answers: [wrong(first!, 0), ...rest.map((id, i) => right(id, i + 1))] }, { now: at(2) });
    // Pass or fail only: a score would let two wallets work out every gold answer between them.
    expect(result).toEqual({ passed: true, retryAt: null });
    expect(await db.campaignReviewer.findMany({ where: { userId: newcomer.id }, select: { campaignId: true, source: true, active: true } })).toEqual([{ campaignId, source: "QUIZ", active: true }]);
    expect(await db.auditEvent.findMany({ where: { actorId: newcomer.id }, select: { action: true, subject: true, details: true } })).toEqual([
      { action: "reviewer.quiz-pass", subject: `campaign:${campaignId}`, details: { attemptId: sitting.attemptId, correct: 2, total: 3, passMark: 0.66 } },
    ]);
    expect(await claimReview(newcomer, { random: () => 0.99, now: at(3) })).not.toBeNull();
    await expect(rejected(startQuiz(newcomer, { campaignId }, { now: at(4) }))).resolves.toMatchObject({ code: "CONFLICT", message: "You already review this campaign: open the review queue." });
  });

  it("a fail says only that, grants nothing, and refuses a retake for an hour; then a fresh sitting is drawn", async () => {
    const newcomer = await sessionUser();
    const sitting = await startQuiz(newcomer, { campaignId }, { now: T0, seed: 1 });
    const ids = await served(sitting.attemptId);
    const result = await submitQuiz(newcomer, { attemptId: sitting.attemptId, answers: [right(ids[0]!, 0), wrong(ids[1]!, 1), wrong(ids[2]!, 2)] }, { now: T0 });
    expect(result).toEqual({ passed: false, retryAt: at(60) });
    expect(await quizStatus(db, newcomer, campaignId, at(59))).toEqual({ kind: "wait", retryAt: at(60) });
    expect(await db.campaignReviewer.count()).toBe(0);
    expect(await db.auditEvent.findFirst({ where: { actorId: newcomer.id }, select: { action: true } })).toEqual({ action: "reviewer.quiz-fail" });
    await expect(rejected(claimReview(newcomer, { now: T0 }))).resolves.toMatchObject({ code: "FORBIDDEN" });

    const early = await rejected(startQuiz(newcomer, { campaignId }, { now: at(59) }));
    expect(early).toMatchObject({ code: "CONFLICT", message: "You did not pass the quiz. You can retake it at 13:00 UTC." });
    expect(JSON.stringify(early)).not.toMatch(/1\/3|1 of 3/);
    const again = await startQuiz(newcomer, { campaignId }, { now: at(60), seed: 2 });
    expect(again.attemptId).not.toBe(sitting.attemptId);
  });

  it("refuses a second scoring, someone else's sitting, missing or extra answers and forged labels, leaving nothing behind", async () => {
    const newcomer = await sessionUser();
    const other = await sessionUser();
    const sitting = await startQuiz(newcomer, { campaignId }, { now: T0, seed: 1 });
    const ids = await served(sitting.attemptId);
    const outsider = [...key.keys()].find((id) => !ids.includes(id))!;

    await expect(rejected(submitQuiz(other, { attemptId: sitting.attemptId, answers: ids.map(right) }))).resolves.toMatchObject({ code: "NOT_FOUND", message: "That quiz does not exist." });
    await expect(rejected(submitQuiz(newcomer, { attemptId: sitting.attemptId, answers: ids.slice(0, 2).map(right) }))).resolves.toMatchObject({
      code: "VALIDATION",
      message: "Answer every item of this quiz, once each, and nothing else.",
    });
    await expect(rejected(submitQuiz(newcomer, { attemptId: sitting.attemptId, answers: [...ids.slice(0, 2).map(right), right(outsider, 3)] }))).resolves.toMatchObject({ code: "VALIDATION" });
    await expect(rejected(submitQuiz(newcomer, { attemptId: sitting.attemptId, answers: [...ids.slice(0, 2).map(right), right(ids[2]!, 1)] }))).resolves.toMatchObject({ code: "VALIDATION" });
    await expect(rejected(submitQuiz(newcomer, { attemptId: sitting.attemptId, answers: [...ids.slice(0, 2).map(right), { item: 2, verdict: "ACCEPT", label: "sarcastic" }] }))).resolves.toMatchObject({
      code: "VALIDATION",
      message: "'sarcastic' is not a label of this campaign.",
    });
    expect(await db.quizAttempt.findUniqueOrThrow({ where: { id: sitting.attemptId }, select: { submittedAt: true, correct: true } })).toEqual({ submittedAt: null, correct: null });
    expect(await db.campaignReviewer.count()).toBe(0);
    expect(await db.auditEvent.count({ where: { actorId: { in: [newcomer.id, other.id] } } })).toBe(0);

    await submitQuiz(newcomer, { attemptId: sitting.attemptId, answers: ids.map(right) }, { now: T0 });
    await expect(rejected(submitQuiz(newcomer, { attemptId: sitting.attemptId, answers: ids.map(right) }))).resolves.toMatchObject({ code: "CONFLICT", message: "This quiz was already scored." });
    expect(await db.auditEvent.count({ where: { actorId: newcomer.id } })).toBe(1);
  });

  it("cannot bring back a reviewer an admin removed, and needs enough gold the newcomer did not contribute", async () => {
    const removed = await sessionUser();
    await db.campaignReviewer.create({ data: { campaignId, userId: removed.id, source: "ADMIN", active: false, inactiveReason: "revoked" } });
    await expect(rejected(startQuiz(removed, { campaignId }, { now: T0 }))).resolves.toMatchObject({ code: "FORBIDDEN", message: "An admin removed you from this campaign's reviewers." });
    // Ada contributed every gold item: she cannot be quizzed on her own samples.
    await expect(rejected(startQuiz(contributor, { campaignId }, { now: T0 }))).resolves.toMatchObject({ code: "CONFLICT", message: "This campaign's quiz is not ready: it needs 3 gold items and has 0. Ask an admin." });
    expect(await db.quizAttempt.count()).toBe(0);
  });
});

describe("gold seen in a quiz", () => {
  it("is never served to that wallet in the review queue, even when the gold draw comes up", async () => {
    const newcomer = await sessionUser({ name: "Margaret" });
    const normal = await pendingSample(campaignId, contributor.id);
    const sitting = await startQuiz(newcomer, { campaignId }, { now: T0, seed: 3 });
    const seen = await served(sitting.attemptId);
    expect(await submitQuiz(newcomer, { attemptId: sitting.attemptId, answers: seen.map(right) }, { now: at(1) })).toMatchObject({ passed: true });
    const unseen = [...key.keys()].filter((id) => !seen.includes(id));
    expect(unseen).toHaveLength(1);

    // random 0 always takes the gold draw, and from any of the candidates the first: only the unseen item may come up.
    const first = await claimReview(newcomer, { random: () => 0, now: at(2) });
    expect(first?.sampleId).toBe(unseen[0]);
    await skipReview(newcomer, { sampleId: first!.sampleId });
    const second = await claimReview(newcomer, { random: () => 0, now: at(4) });
    expect(second?.sampleId).toBe(normal.id);
    expect(await db.reviewAssignment.count({ where: { reviewerId: newcomer.id, sampleId: { in: seen } } })).toBe(0);
  });
});

describe("gold a quiz showed anyone", () => {
  it("is never queue gold again, for any reviewer, and later sittings draw from the same pool", async () => {
    const first = await sessionUser({ name: "Margaret" });
    const normal = await pendingSample(campaignId, contributor.id);
    const shown = await served((await startQuiz(first, { campaignId }, { now: T0, seed: 3 })).attemptId);
    // 4 gold items, sittings of 3: the pool is one sitting's worth, so the fourth stays queue gold.
    expect((await db.goldItem.findMany({ where: { quizExposedAt: { not: null } }, select: { sampleId: true } })).map((g) => g.sampleId).sort()).toEqual([...shown].sort());
    const queueGold = [...key.keys()].filter((id) => !shown.includes(id));
    expect(queueGold).toHaveLength(1);

    // A reviewer who never sat the quiz (the global role) is not served what the sitting showed, even on the gold draw.
    const [veteran] = await reviewers(1);
    const task = await claimReview(veteran!, { random: () => 0, now: at(1) });
    expect(task?.sampleId).toBe(queueGold[0]);
    await skipReview(veteran!, { sampleId: task!.sampleId });
    expect((await claimReview(veteran!, { random: () => 0, now: at(2) }))?.sampleId).toBe(normal.id);

    // Another wallet's sitting, with another seed, shows the same pool: pooling sittings learns no more gold.
    const second = await sessionUser({ name: "Barbara" });
    const again = await served((await startQuiz(second, { campaignId }, { now: T0, seed: 99 })).attemptId);
    expect([...again].sort()).toEqual([...shown].sort());
    expect(await db.goldItem.count({ where: { quizExposedAt: { not: null } } })).toBe(3);
  });
});

describe("gold items", () => {
  it("admins mark, list and remove gold, each logged; the labels and the caller are checked", async () => {
    const sample = await pendingSample(campaignId, contributor.id);
    await expect(rejected(markGold(contributor, { sampleId: sample.id, expectedVerdict: "ACCEPT" }))).resolves.toMatchObject({ code: "FORBIDDEN" });
    await expect(rejected(markGold(admin, { sampleId: sample.id, expectedVerdict: "ACCEPT", expectedLabel: "sarcastic" }))).resolves.toMatchObject({
      code: "VALIDATION",
      message: "'sarcastic' is not a label of this campaign. Choose one of: positive, negative, neutral.",
    });
    expect(await db.goldItem.count({ where: { sampleId: sample.id } })).toBe(0);

    await markGold(admin, { sampleId: sample.id, expectedVerdict: "REJECT" });
    await expect(rejected(markGold(admin, { sampleId: sample.id, expectedVerdict: "ACCEPT" }))).resolves.toMatchObject({ code: "CONFLICT", message: "This sample is a gold item already." });
    const listed = await listGold(admin, campaignId);
    expect(listed.gold.map((g) => g.sampleId)).toContain(sample.id);
    expect(listed.candidates.map((c) => c.sampleId)).not.toContain(sample.id);

    await expect(rejected(removeGold(contributor, sample.id))).resolves.toMatchObject({ code: "FORBIDDEN" });
    await removeGold(admin, sample.id);
    expect(await db.goldItem.count({ where: { sampleId: sample.id } })).toBe(0);
    expect((await db.auditEvent.findMany({ where: { subject: `sample:${sample.id}` }, orderBy: { createdAt: "asc" }, select: { action: true } })).map((e) => e.action)).toEqual(["gold.add", "gold.remove"]);
  });
});

describe("gold items and the crowd", () => {
  it("lists each gold item's crowd agreement from the campaign's consensus and flags one the crowd firmly contradicts", async () => {
    const crowd = await reviewers(4);
    const all = (verdict: "ACCEPT" | "REJECT") => crowd.map((r) => ({ reviewerId: r.id, verdict }));
    const agreeing = [];
    for (const expected of ["ACCEPT", "REJECT", "ACCEPT", "REJECT", "ACCEPT", "REJECT"] as const) agreeing.push(await goldWithVerdicts(campaignId, contributor.id, expected, all(expected)));
    // Known to deserve rejection, yet all four reviewers accept it: a wrong known answer, or a confusing sample.
    const disputed = await goldWithVerdicts(campaignId, contributor.id, "REJECT", all("ACCEPT"));
    // A verdict on a gold item fits the campaign's consensus and stores it: what the gold page reads.
    await decideSample(disputed.id);

    const listed = await listGold(admin, campaignId);
    const row = (sampleId: string) => listed.gold.find((g) => g.sampleId === sampleId)!;
    // The calibration fitted from the gold answers predicted leave-gold-out: the crowd is right on six of seven.
    expect(listed.calibration).not.toBeNull();
    expect(listed.calibration!.goldItems).toBe(7);
    expect(listed.calibration!.reliability!.predictions).toBe(7 * GOLD_REPLAY_ORDERS);
    for (const sample of agreeing) expect(row(sample.id)).toMatchObject({ reviews: 4, correct: 4, contradicted: false });
    // Calibrated: four unanimous votes were wrong on one of these seven gold items, so they are worth about 6/7.
    for (const sample of agreeing) expect(row(sample.id).crowdAgreement).toBeGreaterThan(0.8);
    for (const sample of agreeing) expect(row(sample.id).crowdAgreement).toBeLessThan(0.95);
    expect(row(disputed.id)).toMatchObject({ reviews: 4, correct: 0, contradicted: true });
    expect(row(disputed.id).crowdAgreement).toBeLessThan(0.5);
    // The quiz's gold items nobody has reviewed: no agreement to show, nothing flagged.
    for (const g of listed.gold.filter((g) => g.reviews === 0)) expect(g).toMatchObject({ crowdAgreement: null, contradicted: false });
  });
});

describe("campaign reviewers", () => {
  it("admins remove and restore a quiz-qualified reviewer, logged; a non-admin cannot, and the quiz does not undo a removal", async () => {
    const newcomer = await sessionUser();
    await pendingSample(campaignId, contributor.id);
    const sitting = await startQuiz(newcomer, { campaignId }, { now: T0, seed: 1 });
    await submitQuiz(newcomer, { attemptId: sitting.attemptId, answers: (await served(sitting.attemptId)).map(right) }, { now: T0 });

    await expect(rejected(setCampaignReviewer(newcomer, { campaignId, userId: newcomer.id, active: true }))).resolves.toMatchObject({ code: "FORBIDDEN" });
    await setCampaignReviewer(admin, { campaignId, userId: newcomer.id, active: false });
    expect(await db.campaignReviewer.findFirstOrThrow({ where: { userId: newcomer.id }, select: { active: true, inactiveReason: true, source: true } })).toEqual({ active: false, inactiveReason: "revoked", source: "QUIZ" });
    await expect(rejected(claimReview(newcomer, { random: () => 0.99, now: at(1) }))).resolves.toMatchObject({ code: "FORBIDDEN" });
    await expect(rejected(startQuiz(newcomer, { campaignId }, { now: at(120) }))).resolves.toMatchObject({ code: "FORBIDDEN", message: "An admin removed you from this campaign's reviewers." });

    await setCampaignReviewer(admin, { campaignId, userId: newcomer.id, active: true });
    expect(await claimReview(newcomer, { random: () => 0.99, now: at(2) })).not.toBeNull();
    expect((await db.auditEvent.findMany({ where: { actorId: admin.id, action: { startsWith: "reviewer." } }, orderBy: { createdAt: "asc" }, select: { action: true } })).map((e) => e.action)).toEqual([
      "reviewer.campaign-revoke",
      "reviewer.campaign-grant",
    ]);
  });
});
