// The review API (app/api/review/*) through its route handlers, with real Requests against the real database: the same
// services as the review desk, reached with a `review`-scoped API key or a session cookie, blind, and every bad input a
// clear 4xx that writes nothing.
import { createHash, randomBytes } from "node:crypto";
import { NextRequest } from "next/server";
import { beforeEach, describe, expect, it } from "vitest";
import { GET as blobRoute } from "@/app/api/blobs/[key]/route";
import { POST as nextRoute } from "@/app/api/review/next/route";
import { GET as quizGetRoute, POST as quizPostRoute } from "@/app/api/review/quiz/[campaign]/route";
import { POST as skipRoute } from "@/app/api/review/skip/route";
import { POST as undoRoute } from "@/app/api/review/undo/route";
import { POST as verdictRoute } from "@/app/api/review/verdicts/route";
import { createApiKey, revokeApiKey, type ApiKeyScope } from "@/lib/server/api-keys/api-keys";
import type { SessionUser } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import { markGold } from "@/lib/server/gold/manage-gold";
import { defaultStorage } from "@/lib/server/storage/default-storage";
import { makeCampaign } from "../support/campaigns";
import { resetDb } from "../support/db-reset";
import { INTEGRATION } from "../support/ports";
import { pendingSample, sessionUser } from "../support/reviews";
import { userWithSession } from "../support/sessions";

const APP = INTEGRATION.appUrl;

/** A caller: an API key, a session cookie (sent from Tessera's own origin unless `headers` say otherwise), or nobody. */
type Caller = { key?: string; cookie?: string };
type Reviewer = SessionUser & { key: string; cookie: string };
type ApiResponse = { status: number; body: Record<string, unknown> & { error?: { code: string; message: string; details?: Record<string, unknown> } } };

type Handler = (request: NextRequest, context: { params: Promise<{ campaign: string }> }) => Promise<Response>;
const ROUTES = { next: nextRoute, verdicts: verdictRoute, undo: undoRoute, skip: skipRoute } as const;

/** A POST to one of the review routes. `body`: an object (sent as JSON), a raw string, or nothing. */
async function post(path: keyof typeof ROUTES, caller: Caller | null, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse> {
  const raw = body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body);
  const request = new NextRequest(`${APP}/api/review/${path}`, {
    method: "POST",
    body: raw,
    headers: { ...authHeaders(caller), ...(raw === undefined ? {} : { "content-type": "application/json" }), ...headers },
  });
  return read(await ROUTES[path](request));
}

async function quiz(method: "GET" | "POST", campaign: string, caller: Caller | null, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse> {
  const raw = body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body);
  const request = new NextRequest(`${APP}/api/review/quiz/${campaign}`, {
    method,
    body: raw,
    headers: { ...authHeaders(caller), ...(raw === undefined ? {} : { "content-type": "application/json" }), ...headers },
  });
  const handler: Handler = method === "GET" ? quizGetRoute : quizPostRoute;
  return read(await handler(request, { params: Promise.resolve({ campaign }) }));
}

function authHeaders(caller: Caller | null): Record<string, string> {
  if (!caller) return {};
  if (caller.key) return { authorization: `Bearer ${caller.key}` };
  // What a browser sends from Tessera's own pages.
  return caller.cookie ? { cookie: caller.cookie, origin: APP, "sec-fetch-site": "same-origin" } : {};
}

async function read(response: Response): Promise<ApiResponse> {
  return { status: response.status, body: (await response.json()) as ApiResponse["body"] };
}

async function keyFor(user: SessionUser, scopes: ApiKeyScope[]): Promise<string> {
  return (await createApiKey(user, { name: `key ${scopes.join(",")}`, scopes })).key;
}

async function reviewer(options: { roles?: ("REVIEWER" | "ADMIN")[]; name?: string } = { roles: ["REVIEWER"] }): Promise<Reviewer> {
  const session = await userWithSession(options);
  const user: SessionUser = { id: session.id, address: session.address, displayName: options.name ?? null, roles: [...(options.roles ?? [])].sort() };
  return { ...user, key: await keyFor(user, ["review"]), cookie: session.cookie };
}

/** Every row a review request could write, whole, so that "nothing written" also catches an update. */
async function reviewRows() {
  return {
    reviews: await db.review.findMany({ orderBy: { id: "asc" } }),
    assignments: await db.reviewAssignment.findMany({ orderBy: { id: "asc" } }),
    decisions: await db.consensusDecision.findMany({ orderBy: { id: "asc" } }),
    samples: await db.sample.findMany({ orderBy: { id: "asc" }, select: { id: true, status: true, requiredReviews: true } }),
    quizAttempts: await db.quizAttempt.findMany({ orderBy: { id: "asc" } }),
    campaignReviewers: await db.campaignReviewer.findMany({ orderBy: { userId: "asc" } }),
  };
}

async function counts() {
  return { reviews: await db.review.count(), assignments: await db.reviewAssignment.count(), decisions: await db.consensusDecision.count() };
}

type Task = { taskId: string; campaign: { id: string; slug: string; labelSchema: unknown }; content: { kind: string; url?: string }; mimeType: string; contributorLabels: string[]; leaseExpiresAt: string };
const taskOf = (r: ApiResponse) => r.body.task as Task | null;
/** The sample behind a served task, read from the database: the API itself never names it. */
const sampleOf = async (task: { taskId: string } | null | undefined) =>
  task ? (await db.reviewAssignment.findUniqueOrThrow({ where: { id: task.taskId }, select: { sampleId: true } })).sampleId : null;

let contributor: SessionUser;
let campaign: { id: string; slug: string };
beforeEach(async () => {
  await resetDb();
  contributor = await sessionUser({ name: "Ada" });
  campaign = await makeCampaign();
  // No gold in the queue unless a test asks for it: the route draws with Math.random.
  await db.campaign.update({ where: { id: campaign.id }, data: { goldRate: 0 } });
});

describe("review API: the happy paths", () => {
  it("claim -> verdict -> undo -> verdict with an API key; the responses say nothing about other votes or the consensus", async () => {
    const samples = [await pendingSample(campaign.id, contributor.id), await pendingSample(campaign.id, contributor.id)];
    const alan = await reviewer();
    // Another reviewer's vote is already in: nothing in Alan's answers may show it.
    const grace = await reviewer();
    expect(await sampleOf(taskOf(await post("next", grace, {})))).toBe(samples[0]!.id);
    expect((await post("verdicts", grace, { sampleId: samples[0]!.id, verdict: "REJECT", reason: "off_topic" })).status).toBe(201);

    const claimed = await post("next", alan, { campaign: campaign.slug });
    expect(claimed.status).toBe(200);
    const task = taskOf(claimed)!;
    expect(await sampleOf(task)).toBe(samples[0]!.id);
    // Exactly the desk's payload (review-task.ts): content, the contributor's labels, the campaign's schema, the lease,
    // and an opaque task id, never the sample's id.
    expect(Object.keys(task).sort()).toEqual(["campaign", "content", "contributorLabels", "leaseExpiresAt", "mimeType", "taskId"]);
    expect(JSON.stringify(claimed.body)).not.toContain(samples[0]!.id);
    expect(Object.keys(task.campaign).sort()).toEqual(["dataType", "id", "labelSchema", "slug", "title"]);
    expect(task).toMatchObject({ content: { kind: "text" }, contributorLabels: ["positive"], campaign: { id: campaign.id, labelSchema: { kind: "single_label" } } });
    expect(JSON.stringify(claimed.body)).not.toMatch(/REJECT|off_topic|gold|posterior|consensus|verdict|review(s|er)|contributorId|assignment|slot/i);
    expect(new Date(task.leaseExpiresAt).getTime()).toBeGreaterThan(Date.now());

    // A second claim gives back the sample already held: an agent that lost its answer loses nothing.
    expect(await sampleOf(taskOf(await post("next", alan)))).toBe(samples[0]!.id);

    const voted = await post("verdicts", alan, { taskId: task.taskId, verdict: "accept", label: "negative" });
    expect(voted.status).toBe(201);
    // An acknowledgement only: a decision or a posterior would tell Alan how Grace voted.
    expect(Object.keys(voted.body).sort()).toEqual(["ok", "taskId", "undoUntil"]);
    expect(voted.body).toMatchObject({ ok: true, taskId: task.taskId });
    expect(new Date(voted.body.undoUntil as string).getTime()).toBeGreaterThan(Date.now());
    expect(await db.review.findMany({ where: { reviewerId: alan.id }, select: { verdict: true, label: true } })).toEqual([{ verdict: "ACCEPT", label: "negative" }]);

    const undone = await post("undo", alan, { taskId: task.taskId });
    expect(undone.status).toBe(200);
    expect(Object.keys(undone.body).sort()).toEqual(["leaseExpiresAt", "ok", "taskId"]);
    expect(await db.review.count({ where: { reviewerId: alan.id } })).toBe(0);
    expect(await db.reviewAssignment.findFirst({ where: { reviewerId: alan.id }, select: { status: true } })).toEqual({ status: "LEASED" });
    // Alan holds the sample again: the queue gives it back, and the verdict he meant goes in.
    expect(taskOf(await post("next", alan))?.taskId).toBe(task.taskId);
    const again = await post("verdicts", alan, { taskId: task.taskId, verdict: "REJECT", reason: "wrong_label", label: "neutral" });
    expect(again.status).toBe(201);
    expect(await db.review.findMany({ where: { reviewerId: alan.id }, select: { verdict: true, reason: true, label: true } })).toEqual([{ verdict: "REJECT", reason: "wrong_label", label: "neutral" }]);

    // The next claim moves on to the other sample.
    expect(await sampleOf(taskOf(await post("next", alan)))).toBe(samples[1]!.id);
  });

  it("works the same with a session cookie from Tessera's own pages", async () => {
    const sample = await pendingSample(campaign.id, contributor.id);
    const alan = await reviewer();
    const asBrowser = { cookie: alan.cookie };
    expect(await sampleOf(taskOf(await post("next", asBrowser)))).toBe(sample.id);
    expect((await post("verdicts", asBrowser, { sampleId: sample.id, verdict: "ACCEPT" })).status).toBe(201);
    expect(await db.review.count({ where: { reviewerId: alan.id } })).toBe(1);
  });

  it("a verdict with next: true also claims the next sample of the campaign, until the queue is empty", async () => {
    const samples = [await pendingSample(campaign.id, contributor.id), await pendingSample(campaign.id, contributor.id)];
    const alan = await reviewer();
    expect(await sampleOf(taskOf(await post("next", alan)))).toBe(samples[0]!.id);
    const first = await post("verdicts", alan, { sampleId: samples[0]!.id, verdict: "ACCEPT", next: true });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ ok: true, sampleId: samples[0]!.id, next: { taskId: expect.any(String), campaign: { id: campaign.id } } });
    expect(await sampleOf(first.body.next as Task)).toBe(samples[1]!.id);
    // The claim is a real lease, the same that POST /api/review/next would have taken.
    expect(await db.reviewAssignment.findFirst({ where: { reviewerId: alan.id, sampleId: samples[1]!.id }, select: { status: true } })).toEqual({ status: "LEASED" });
    const last = await post("verdicts", alan, { sampleId: samples[1]!.id, verdict: "ACCEPT", next: true });
    expect(last.status).toBe(201);
    expect(last.body.next).toBeNull();
    expect(await db.review.count({ where: { reviewerId: alan.id } })).toBe(2);
  });

  it("skip hands the sample back and the next claim serves another; an empty queue is { task: null }", async () => {
    const samples = [await pendingSample(campaign.id, contributor.id), await pendingSample(campaign.id, contributor.id)];
    const alan = await reviewer();
    expect(await sampleOf(taskOf(await post("next", alan)))).toBe(samples[0]!.id);
    const skipped = await post("skip", alan, { sampleId: samples[0]!.id });
    expect(skipped).toEqual({ status: 200, body: { ok: true, sampleId: samples[0]!.id } });
    expect(await db.reviewAssignment.findFirst({ where: { reviewerId: alan.id, sampleId: samples[0]!.id }, select: { status: true, slot: true } })).toEqual({ status: "SKIPPED", slot: null });
    expect(await sampleOf(taskOf(await post("next", alan)))).toBe(samples[1]!.id);
    expect((await post("skip", alan, { sampleId: samples[1]!.id })).status).toBe(200);
    expect(await post("next", alan)).toEqual({ status: 200, body: { task: null } });
    // The skipped slot is free at once for someone else.
    const grace = await reviewer();
    expect(await sampleOf(taskOf(await post("next", grace)))).toBe(samples[0]!.id);
  });

  it("a file sample comes as a URL that the same review key may read; others may not", async () => {
    const image = await makeCampaign({ dataType: "IMAGE", labelSchema: { kind: "single_label", labels: ["stop", "yield"] } });
    await db.campaign.update({ where: { id: image.id }, data: { goldRate: 0 } });
    const bytes = randomBytes(256);
    const blobKey = createHash("sha256").update(bytes).digest("hex");
    await defaultStorage().put(blobKey, bytes, { contentType: "image/png" });
    const sample = await db.sample.create({
      data: { campaignId: image.id, contributorId: contributor.id, contentHash: blobKey, blobKey, mimeType: "image/png", sizeBytes: bytes.length, width: 8, height: 8, labels: "stop" },
    });
    const alan = await reviewer();
    const bob = await reviewer({ roles: [], name: "Bob" });
    const task = taskOf(await post("next", alan, { campaign: image.slug }))!;
    expect(await sampleOf(task)).toBe(sample.id);
    expect(task).toMatchObject({ content: { kind: "file", url: `/api/blobs/${blobKey}`, width: 8, height: 8 }, mimeType: "image/png" });
    const url = task.content.url!;
    const getBlob = async (key: string) => blobRoute(new NextRequest(`${APP}${url}`, { headers: { authorization: `Bearer ${key}` } }), { params: Promise.resolve({ key: blobKey }) });
    const served = await getBlob(alan.key);
    expect(served.status).toBe(200);
    expect(Buffer.from(await served.arrayBuffer()).equals(bytes)).toBe(true);
    // Someone who neither holds it nor reviews globally: the same "no such file" as a missing one.
    expect((await getBlob(bob.key)).status).toBe(404);
  });

  it("a gold item comes through the API looking exactly like any other sample", async () => {
    const admin = await sessionUser({ roles: ["ADMIN"] });
    const normal = await pendingSample(campaign.id, contributor.id);
    const gold = await pendingSample(campaign.id, contributor.id);
    await markGold(admin, { sampleId: gold.id, expectedVerdict: "REJECT" });
    const alan = await reviewer();
    const first = taskOf(await post("next", alan))!;
    expect(await sampleOf(first)).toBe(normal.id);
    expect((await post("verdicts", alan, { sampleId: normal.id, verdict: "ACCEPT" })).status).toBe(201);
    await db.campaign.update({ where: { id: campaign.id }, data: { goldRate: 1 } });
    const grace = await reviewer();
    const served = await post("next", grace);
    const goldTask = taskOf(served)!;
    expect(await sampleOf(goldTask)).toBe(gold.id);
    expect(Object.keys(goldTask).sort()).toEqual(Object.keys(first).sort());
    expect(JSON.stringify(served.body)).not.toMatch(/gold|expected|REJECT/i);
    expect(JSON.stringify(served.body)).not.toContain(gold.id);
    const voted = await post("verdicts", grace, { taskId: goldTask.taskId, verdict: "ACCEPT" });
    expect(Object.keys(voted.body).sort()).toEqual(["ok", "taskId", "undoUntil"]);
  });

  it("names a task by an id of the reviewer's own: two reviewers of one gold item get different ids, and another's id is no task", async () => {
    const admin = await sessionUser({ roles: ["ADMIN"] });
    const gold = await pendingSample(campaign.id, contributor.id);
    await markGold(admin, { sampleId: gold.id, expectedVerdict: "ACCEPT" });
    // Gold is mixed into a queue that has something to serve.
    await pendingSample(campaign.id, contributor.id);
    await db.campaign.update({ where: { id: campaign.id }, data: { goldRate: 1 } });
    const [alan, grace] = [await reviewer(), await reviewer()];
    const served = [await post("next", alan), await post("next", grace)];
    const [forAlan, forGrace] = served.map((r) => taskOf(r)!);
    expect([await sampleOf(forAlan), await sampleOf(forGrace)]).toEqual([gold.id, gold.id]);
    // The same sample, yet nothing in common a farm could compare: not the id, and the sample's id nowhere.
    expect(forAlan!.taskId).not.toBe(forGrace!.taskId);
    for (const r of served) expect(JSON.stringify(r.body)).not.toContain(gold.id);

    // Grace's task id means nothing to Alan: 404 for a verdict, an undo or a skip, and nothing written.
    const before = await counts();
    for (const [op, body] of [["verdicts", { taskId: forGrace!.taskId, verdict: "ACCEPT" }], ["undo", { taskId: forGrace!.taskId }], ["skip", { taskId: forGrace!.taskId }]] as const) {
      const refused = await post(op, alan, body);
      expect(refused.status).toBe(404);
      expect(refused.body.error?.message).toMatch(/no such task/);
    }
    expect(await counts()).toEqual(before);

    // Each verdict by the reviewer's own task id lands on the one gold sample.
    expect((await post("verdicts", alan, { taskId: forAlan!.taskId, verdict: "ACCEPT" })).status).toBe(201);
    expect((await post("skip", grace, { taskId: forGrace!.taskId })).body).toEqual({ ok: true, taskId: forGrace!.taskId });
    expect(await db.review.findMany({ select: { sampleId: true, reviewerId: true } })).toEqual([{ sampleId: gold.id, reviewerId: alan.id }]);
  });

  it("the qualification quiz: a newcomer's key starts a sitting, a reload resumes it, a pass opens the queue", async () => {
    const admin = await sessionUser({ roles: ["ADMIN"] });
    await db.campaign.update({ where: { id: campaign.id }, data: { quizSize: 3, quizPassMark: 0.66 } });
    const answers = new Map<string, { verdict: "ACCEPT" | "REJECT"; label?: string }>();
    for (const answer of [{ verdict: "ACCEPT" as const }, { verdict: "REJECT" as const }, { verdict: "ACCEPT" as const, label: "neutral" }, { verdict: "REJECT" as const }]) {
      const sample = await pendingSample(campaign.id, contributor.id);
      await markGold(admin, { sampleId: sample.id, expectedVerdict: answer.verdict, expectedLabel: answer.label });
      answers.set(sample.id, answer);
    }
    const queued = await pendingSample(campaign.id, contributor.id);
    const newcomer = await reviewer({ name: "Margaret" });

    // Not a reviewer yet: the queue refuses and says how to become one.
    const refused = await post("next", newcomer, { campaign: campaign.slug });
    expect(refused.status).toBe(403);
    expect(refused.body.error?.message).toMatch(/not a reviewer of this campaign/);

    const sitting = await quiz("GET", campaign.slug, newcomer);
    expect(sitting.status).toBe(200);
    expect(sitting.body).toMatchObject({ status: "open", passMark: 0.66 });
    const items = sitting.body.items as { item: number; content: { kind: string } }[];
    expect(items.map((i) => i.item)).toEqual([0, 1, 2]);
    // Items are named by position: a sample id would let a second wallet recognise the gold in its queue.
    for (const id of answers.keys()) expect(JSON.stringify(sitting.body)).not.toContain(id);
    expect(JSON.stringify(items)).not.toMatch(/expected|REJECT|ACCEPT/);
    // By id as well as by slug; a reload resumes the same sitting.
    expect((await quiz("GET", campaign.id, newcomer)).body.attemptId).toBe(sitting.body.attemptId);

    const attemptId = sitting.body.attemptId as string;
    const served = (await db.quizAttempt.findUniqueOrThrow({ where: { id: attemptId } })).sampleIds as string[];
    const result = await quiz("POST", campaign.slug, newcomer, { attemptId, answers: served.map((id, item) => ({ item, ...answers.get(id)! })) });
    expect(result).toEqual({ status: 200, body: { passed: true, retryAt: null } });
    expect(await db.campaignReviewer.findMany({ where: { userId: newcomer.id }, select: { source: true, active: true } })).toEqual([{ source: "QUIZ", active: true }]);

    expect((await quiz("GET", campaign.slug, newcomer)).body).toMatchObject({ status: "reviewer" });
    // Without a record yet, half of a newcomer's queue is gold (farm-rules.ts): the queued sample or the one gold item
    // the quiz did not show, never one it showed.
    const unseenGold = [...answers.keys()].filter((id) => !served.includes(id));
    expect([queued.id, ...unseenGold]).toContain(await sampleOf(taskOf(await post("next", newcomer, { campaign: campaign.slug }))));

    // A failed sitting: pass or fail only, never the score, and the cool-down is stated.
    const other = await reviewer({ name: "Barbara" });
    const second = await quiz("GET", campaign.slug, other);
    const secondServed = (await db.quizAttempt.findUniqueOrThrow({ where: { id: second.body.attemptId as string } })).sampleIds as string[];
    const wrong = secondServed.map((id, item) => ({ item, verdict: answers.get(id)!.verdict === "ACCEPT" ? "REJECT" : "ACCEPT" }));
    const failed = await quiz("POST", campaign.slug, other, { attemptId: second.body.attemptId, answers: wrong });
    expect(failed.status).toBe(200);
    expect(Object.keys(failed.body).sort()).toEqual(["passed", "retryAt"]);
    expect(failed.body.passed).toBe(false);
    const waiting = await quiz("GET", campaign.slug, other);
    expect(waiting.body).toMatchObject({ status: "wait", retryAt: failed.body.retryAt });
  });
});

describe("review API: 32 reviewers at once", () => {
  it("claim and vote through the API until the queue is empty: no double slot, no lost verdict, no 5xx", async () => {
    const SAMPLES = 30;
    for (let i = 0; i < SAMPLES; i++) await pendingSample(campaign.id, contributor.id);
    const crowd: Reviewer[] = [];
    for (let i = 0; i < 32; i++) crowd.push(await reviewer({ roles: ["REVIEWER"], name: `Reviewer ${i + 1}` }));

    const statuses: number[] = [];
    const acknowledged: { reviewerId: string; sampleId: string }[] = [];
    await Promise.all(
      crowd.map(async (r, index) => {
        for (;;) {
          const claimed = await post("next", r, {});
          statuses.push(claimed.status);
          const task = taskOf(claimed);
          if (claimed.status !== 200 || !task) return;
          // Everyone accepts as labeled, except a few who reject now and then: some samples need a further review.
          const sampleId = (await sampleOf(task))!;
          const verdict = index % 8 === 0 && sampleId.charCodeAt(sampleId.length - 1) % 2 === 0 ? { verdict: "REJECT", reason: "low_quality" } : { verdict: "ACCEPT" };
          const voted = await post("verdicts", r, { taskId: task.taskId, ...verdict });
          statuses.push(voted.status);
          if (voted.status === 201) acknowledged.push({ reviewerId: r.id, sampleId });
          else return;
        }
      }),
    );

    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(statuses.filter((s) => s >= 400)).toEqual([]);
    // No lost verdict: every acknowledged verdict is a row, and every row was acknowledged.
    const reviews = await db.review.findMany({ select: { reviewerId: true, sampleId: true } });
    const key = (v: { reviewerId: string; sampleId: string }) => `${v.reviewerId}/${v.sampleId}`;
    expect(reviews.map(key).sort()).toEqual(acknowledged.map(key).sort());
    expect(acknowledged.length).toBeGreaterThanOrEqual(SAMPLES * 3);

    // No double slot: each sample's slots are distinct and within what it needed, and every verdict closed its own.
    const samples = await db.sample.findMany({ select: { id: true, status: true, requiredReviews: true, assignments: { select: { slot: true, status: true, reviewerId: true } } } });
    for (const s of samples) {
      const done = s.assignments.filter((a) => a.status === "DONE");
      const slots = done.map((a) => a.slot);
      expect(new Set(slots).size).toBe(slots.length);
      expect(slots.every((slot) => slot !== null && slot < s.requiredReviews)).toBe(true);
      expect(done.length).toBe(reviews.filter((r) => r.sampleId === s.id).length);
      expect(s.assignments.filter((a) => a.status === "LEASED")).toEqual([]);
    }
    // The queue ran dry: every sample reached a decision (or a panel), none still waits on a review nobody can give.
    expect(samples.filter((s) => s.status === "PENDING_REVIEW" && s.assignments.filter((a) => a.status === "DONE").length < s.requiredReviews)).toEqual([]);
    expect(await db.consensusDecision.count()).toBeGreaterThanOrEqual(SAMPLES);
  });
});

describe("review API: every bad input is a clear 4xx and writes nothing", () => {
  /** The stage each case starts from: Alan holds samples[0], Grace holds samples[1], samples[2] is Alan's own. */
  let alan: Reviewer;
  let grace: Reviewer;
  let samples: { id: string }[];
  beforeEach(async () => {
    // One slot each, so that Alan and Grace hold one sample each.
    samples = [await pendingSample(campaign.id, contributor.id, { requiredReviews: 1 }), await pendingSample(campaign.id, contributor.id, { requiredReviews: 1 })];
    alan = await reviewer({ roles: ["REVIEWER"], name: "Alan" });
    grace = await reviewer({ roles: ["REVIEWER"], name: "Grace" });
    samples.push(await pendingSample(campaign.id, alan.id));
    expect(await sampleOf(taskOf(await post("next", alan)))).toBe(samples[0]!.id);
    expect(await sampleOf(taskOf(await post("next", grace)))).toBe(samples[1]!.id);
  });

  const foreign = { origin: "http://localhost:4001", "sec-fetch-site": "same-site" };
  const vote = () => ({ sampleId: samples[0]!.id, verdict: "ACCEPT" });

  type Case = { name: string; status: number; message: RegExp; setup?: () => Promise<void>; run: () => Promise<ApiResponse> };
  const cases: Case[] = [
    { name: "no key and no session", status: 401, message: /Sign in with your wallet, or send an API key/, run: () => post("verdicts", null, vote()) },
    { name: "a malformed Authorization header", status: 401, message: /Authorization: Bearer <key>/, run: () => post("verdicts", null, vote(), { authorization: "Token abc" }) },
    { name: "an unknown key", status: 401, message: /not valid, or it was revoked/, run: () => post("verdicts", { key: "tsk_not-a-key" }, vote()) },
    {
      name: "a key without the review scope",
      status: 403,
      message: /not allowed to review: it lacks the 'review' scope/,
      run: async () => post("verdicts", { key: await keyFor(alan, ["upload", "download"]) }, vote()),
    },
    {
      name: "a key without the review scope, claiming",
      status: 403,
      message: /lacks the 'review' scope/,
      run: async () => post("next", { key: await keyFor(alan, ["download"]) }, {}),
    },
    {
      name: "a revoked key",
      status: 401,
      message: /revoked/,
      run: async () => {
        const { key, row } = await createApiKey(alan, { name: "old", scopes: ["review"] });
        await revokeApiKey(alan, row.id);
        return post("verdicts", { key }, vote());
      },
    },
    { name: "a verdict on another reviewer's sample", status: 409, message: /You do not hold this sample/, run: () => post("verdicts", alan, { sampleId: samples[1]!.id, verdict: "ACCEPT" }) },
    { name: "a skip of another reviewer's sample", status: 409, message: /You do not hold this sample/, run: () => post("skip", alan, { sampleId: samples[1]!.id }) },
    { name: "an undo of a verdict never given", status: 404, message: /no verdict on this sample to undo/, run: () => post("undo", alan, { sampleId: samples[1]!.id }) },
    { name: "a verdict on one's own sample", status: 403, message: /your own sample/, run: () => post("verdicts", alan, { sampleId: samples[2]!.id, verdict: "ACCEPT" }) },
    { name: "a verdict on a sample that does not exist", status: 404, message: /does not exist/, run: () => post("verdicts", alan, { sampleId: "no-such-sample", verdict: "ACCEPT" }) },
    {
      name: "a verdict on an expired lease",
      status: 409,
      message: /hold on this sample expired/,
      setup: async () => {
        await db.reviewAssignment.updateMany({ where: { reviewerId: alan.id }, data: { leaseExpiresAt: new Date(Date.now() - 1000) } });
      },
      run: () => post("verdicts", alan, vote()),
    },
    {
      name: "a second verdict on the same sample",
      status: 409,
      message: /You already reviewed this sample/,
      setup: async () => {
        expect((await post("verdicts", alan, vote())).status).toBe(201);
      },
      run: () => post("verdicts", alan, { sampleId: samples[0]!.id, verdict: "REJECT", reason: "off_topic" }),
    },
    {
      name: "an undo after the window",
      status: 409,
      message: /only be undone within 10 seconds/,
      setup: async () => {
        expect((await post("verdicts", alan, vote())).status).toBe(201);
        await db.review.updateMany({ where: { reviewerId: alan.id }, data: { createdAt: new Date(Date.now() - 60_000) } });
      },
      run: () => post("undo", alan, { sampleId: samples[0]!.id }),
    },
    { name: "a label outside the campaign's schema", status: 422, message: /'cheerful' is not a label of this campaign. Choose one of: positive, negative, neutral/, run: () => post("verdicts", alan, { ...vote(), label: "cheerful" }) },
    { name: "a rejection without a reason", status: 422, message: /Some fields are invalid/, run: () => post("verdicts", alan, { sampleId: samples[0]!.id, verdict: "REJECT" }) },
    { name: "a verdict that is neither accept nor reject", status: 422, message: /Some fields are invalid/, run: () => post("verdicts", alan, { sampleId: samples[0]!.id, verdict: "MAYBE" }) },
    { name: "wrong types", status: 422, message: /Some fields are invalid/, run: () => post("verdicts", alan, { sampleId: 42, verdict: true, label: ["positive"] }) },
    { name: "an unknown field (a typo must not become a verdict without a label)", status: 422, message: /Some fields are invalid/, run: () => post("verdicts", alan, { ...vote(), labels: "positive" }) },
    { name: "a body that is not an object", status: 422, message: /Some fields are invalid/, run: () => post("verdicts", alan, [vote()]) },
    { name: "a body that is not JSON", status: 400, message: /must be JSON/, run: () => post("verdicts", alan, "{ sampleId: nope") },
    { name: "a verdict whose next is not a boolean", status: 422, message: /Some fields are invalid/, run: () => post("verdicts", alan, { ...vote(), next: "yes" }) },
    { name: "an empty body", status: 400, message: /must be JSON, and it is empty/, run: () => post("verdicts", alan, "") },
    { name: "a body not declared as JSON", status: 415, message: /Content-Type: application\/json/, run: () => post("verdicts", alan, JSON.stringify(vote()), { "content-type": "text/plain" }) },
    { name: "a body far too large", status: 413, message: /larger than 16 KiB/, run: () => post("verdicts", alan, { ...vote(), reason: "x".repeat(20_000) }) },
    { name: "an undo with a malformed body", status: 422, message: /Some fields are invalid/, run: () => post("undo", alan, { sample: samples[0]!.id }) },
    { name: "a claim for a campaign that does not exist", status: 404, message: /no campaign 'nope'/, run: () => post("next", alan, { campaign: "nope" }) },
    { name: "a claim with a malformed body", status: 422, message: /Some fields are invalid/, run: () => post("next", alan, { campaign: 7 }) },
    {
      name: "a claim by someone who is not a reviewer",
      status: 403,
      message: /not a reviewer yet/,
      run: async () => post("next", await reviewer({ roles: [], name: "Newcomer" }), {}),
    },
    { name: "a cross-site verdict riding on the session cookie (CSRF)", status: 403, message: /another site/, run: () => post("verdicts", { cookie: alan.cookie }, vote(), foreign) },
    { name: "a cross-site claim riding on the session cookie (CSRF)", status: 403, message: /another site/, run: () => post("next", { cookie: grace.cookie }, undefined, { origin: "https://evil.example" }) },
    { name: "a cross-site skip riding on the session cookie (CSRF)", status: 403, message: /another site/, run: () => post("skip", { cookie: alan.cookie }, { sampleId: samples[0]!.id }, { origin: "http://127.0.0.1:3999", "sec-fetch-site": "cross-site" }) },
    { name: "a cross-site quiz start riding on the session cookie (CSRF)", status: 403, message: /another site/, run: () => quiz("GET", campaign.slug, { cookie: alan.cookie }, undefined, { origin: "null" }) },
    {
      name: "a quiz submission for another person's sitting",
      status: 404,
      message: /That quiz does not exist/,
      setup: async () => {
        await db.campaign.update({ where: { id: campaign.id }, data: { quizSize: 1 } });
        const admin = await sessionUser({ roles: ["ADMIN"] });
        const gold = await pendingSample(campaign.id, contributor.id);
        await markGold(admin, { sampleId: gold.id, expectedVerdict: "ACCEPT" });
        const newcomer = await reviewer({ roles: [], name: "Newcomer" });
        const sitting = await quiz("GET", campaign.slug, newcomer);
        expect(sitting.body.status).toBe("open");
        attemptOfNewcomer = sitting.body.attemptId as string;
      },
      run: async () => quiz("POST", campaign.slug, await reviewer({ roles: [], name: "Intruder" }), { attemptId: attemptOfNewcomer, answers: [{ item: 0, verdict: "ACCEPT" }] }),
    },
    { name: "a quiz of a campaign that does not exist", status: 404, message: /no campaign/, run: () => quiz("GET", "no-such-campaign", alan) },
    { name: "a quiz submission with malformed answers", status: 422, message: /Some fields are invalid/, run: () => quiz("POST", campaign.slug, alan, { attemptId: "x", answers: [{ item: "first", verdict: "yes" }] }) },
  ];
  let attemptOfNewcomer = "";

  it.each(cases)("$name: $status", async ({ status, message, setup, run }) => {
    await setup?.();
    const before = await reviewRows();
    const beforeCounts = await counts();
    const response = await run();
    expect(response.status).toBe(status);
    expect(response.body.error?.message).toMatch(message);
    expect(await counts()).toEqual(beforeCounts);
    expect(await reviewRows()).toEqual(before);
  });

  it("field errors name the fields", async () => {
    const response = await post("verdicts", alan, { sampleId: 42, verdict: "MAYBE", labels: "x" });
    expect(response.status).toBe(422);
    expect(Object.keys(response.body.error?.details?.fieldErrors as object).sort()).toEqual(["labels"]);
    const typed = await post("verdicts", alan, { sampleId: 42, verdict: "MAYBE" });
    expect(Object.keys(typed.body.error?.details?.fieldErrors as object).sort()).toEqual(["sampleId", "verdict"]);
    expect((typed.body.error?.details?.fieldErrors as Record<string, string[]>).verdict).toEqual(["The verdict must be accept or reject."]);
  });
});
