// Issue 16: two web processes and two workers on one SQLite file, as `npm start` scaled out would run them. Real OS
// processes (tests/support/many-processes/), the same services as the API (claimReview, submitVerdict) and the same
// fitter as scripts/worker.ts, with its fits in their own child processes. One worker is SIGKILLed in the middle of a
// fit, its fit process with it (as a crash of its machine would; a SIGKILL of the worker alone leaves the fit process
// to finish and write its snapshot), and started again. Everything is then checked from the database, against what
// the processes said they did: invariants, never timings.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { FITTED_CONSENSUS_VERSION } from "@/lib/domain/consensus";
import { PAYOUT_REASONS } from "@/lib/domain/payouts/reasons";
import type { AppErrorCode } from "@/lib/errors";
import { db } from "@/lib/server/db";
import type { DecisionInputs } from "@/lib/server/reviews/decision-inputs";
import { childPidsRunning, cpuTicks, groupAlive, startChild, until, type Child } from "../support/many-processes/children";
import { seedBusyCampaign, webReviewers } from "../support/many-processes/seed";
import type { WebConfig, WebError, WebResult } from "../support/many-processes/web-process";
import { resetDb } from "../support/db-reset";

// Far below the seeded campaign: every decision comes from a snapshot, or waits for one.
const CHILD_ENV = { CONSENSUS_INLINE_FIT_MAX_REVIEWS: "20" };
const WEB = "tests/support/many-processes/web-process.ts";
const FITTER = "tests/support/many-processes/fitter-process.ts";
const FITTER_POLL_MS = "100";
const INITIAL_REQUIRED = 3;
const GOLD_ITEMS = 200;

/** What a stored model must look like to be usable: lib/domain/consensus FittedConsensus, whole. */
const finite = z.number().refine(Number.isFinite, "finite");
const ZFittedConsensus = z.object({
  version: z.literal(FITTED_CONSENSUS_VERSION),
  classes: z.number().int().min(2),
  logClassPriors: z.array(finite),
  reviewers: z.record(z.string(), z.array(finite)),
  reviewerVotes: z.record(z.string(), z.number().int().positive()),
  newReviewer: z.array(finite),
  calibration: z.object({ temperature: finite, misleading: finite, goldItems: z.number().int(), predictions: z.number().int(), reliability: z.unknown() }),
});

type SeenSnapshot = { version: number; reviews: number; goldItems: number; fittedAt: Date; votesInModel: number; problems: string[] };

/** Checks a snapshot row as a reader in another process would find it: parsed whole, its counts those of its model. */
function inspectSnapshot(row: { version: number; reviews: number; goldItems: number; fittedAt: Date; model: unknown }): SeenSnapshot {
  const problems: string[] = [];
  const parsed = ZFittedConsensus.safeParse(row.model);
  let votesInModel = -1;
  if (!parsed.success) problems.push(`model: ${parsed.error.message}`);
  else {
    const m = parsed.data;
    if (m.logClassPriors.length !== m.classes) problems.push("logClassPriors length");
    if (m.newReviewer.length !== m.classes * m.classes) problems.push("newReviewer length");
    for (const [id, matrix] of Object.entries(m.reviewers)) if (matrix.length !== m.classes * m.classes || !(id in m.reviewerVotes)) problems.push(`reviewer ${id}`);
    if (Object.keys(m.reviewerVotes).length !== Object.keys(m.reviewers).length) problems.push("reviewerVotes keys");
    votesInModel = Object.values(m.reviewerVotes).reduce((a, b) => a + b, 0);
  }
  return { version: row.version, reviews: row.reviews, goldItems: row.goldItems, fittedAt: row.fittedAt, votesInModel, problems };
}

/** Fit lines of the fitter (lib/jobs/consensus-fitter.ts describeFit), by worker. */
function fitLines(worker: string, output: string) {
  const written = [...output.matchAll(/snapshot v(\d+) over (\d+) reviews and (\d+) gold items.*?; (\d+) waiting decided/g)].map((m) => ({
    worker,
    version: Number(m[1]),
    reviews: Number(m[2]),
    decided: Number(m[4]),
  }));
  const dropped = (output.match(/fitted by another worker first; this fit dropped/g) ?? []).length;
  const failed = output.split("\n").filter((line) => /consensus fit failed/.test(line));
  return { written, dropped, failed };
}

/** Errors a web process printed so far that no race explains. */
function unexpectedErrors(web: Child): WebError[] {
  return web
    .stdout()
    .split("\n")
    .filter((line) => line.startsWith("ERROR "))
    .map((line) => JSON.parse(line.slice("ERROR ".length)) as WebError)
    .filter((e) => e.code !== "CONFLICT");
}

/** What a test that timed out needs to show: the samples still waiting, who holds their slots, what each process said. */
async function describeStall(campaignId: string, pendingIds: string[], children: Child[]): Promise<string> {
  const left = await db.sample.findMany({
    where: { id: { in: pendingIds }, status: "PENDING_REVIEW" },
    select: { id: true, requiredReviews: true, _count: { select: { reviews: true } }, assignments: { select: { status: true, slot: true, reviewerId: true } } },
  });
  const snapshot = await db.consensusSnapshot.findUnique({ where: { campaignId }, select: { version: true, reviews: true, fittedAt: true } });
  const tail = (text: string) => text.split("\n").slice(-15).join("\n");
  return [
    `still pending: ${JSON.stringify(left.slice(0, 10))}`,
    `snapshot: ${JSON.stringify(snapshot)}`,
    ...children.map((c) => `--- ${c.name} (exit ${c.child.exitCode ?? c.child.signalCode ?? "running"})\n${tail(c.stdout())}\n${tail(c.stderr())}`),
  ].join("\n");
}

describe("many processes on one database (issue 16)", () => {
  it("two web processes and two workers: no double decision, no lost verdict, whole snapshots, a SIGKILLed fit redone", async () => {
    await resetDb();
    const t0 = performance.now();
    const phases: string[] = [];
    const phase = (name: string) => phases.push(`${name} ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    // ~4,800 reviews and 200 gold items: a fit takes about a second on its own, longer beside three busy processes.
    const seeded = await seedBusyCampaign({ decidedSamples: 20_000, goldItems: GOLD_ITEMS, pendingSamples: 60, crowd: 40 });
    const { campaignId, pendingIds } = seeded;
    const crowd = await webReviewers(6);
    phase("seeded");
    // Two reviewers work in both web processes at once (two browser tabs on two servers): their verdicts race for
    // the same lease, and the loser's CONFLICT is the one refusal this run may see.
    const shared = crowd.slice(0, 2);
    const webA: WebConfig = { name: "web-a", campaignId, reviewers: [...shared, ...crowd.slice(2, 4)], pollMs: 1_000, thinkMs: 40 };
    const webB: WebConfig = { name: "web-b", campaignId, reviewers: [...shared, ...crowd.slice(4, 6)], pollMs: 1_000, thinkMs: 40 };
    const sharedIds = new Set(shared.map((r) => r.id));

    const children: Child[] = [];
    const start = (name: string, script: string, args: string[]) => {
      const child = startChild(name, script, args, CHILD_ENV);
      children.push(child);
      return child;
    };

    // A reader in a third process's shoes: every snapshot version it ever sees must parse whole.
    const seen = new Map<number, SeenSnapshot>();
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        const row = await db.consensusSnapshot.findUnique({ where: { campaignId } });
        if (row && !seen.has(row.version)) seen.set(row.version, inspectSnapshot(row));
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    })();

    const waitingSamples = async () => {
      const rows = await db.sample.findMany({ where: { id: { in: pendingIds }, status: "PENDING_REVIEW" }, select: { id: true, requiredReviews: true, _count: { select: { reviews: true } } } });
      return rows.filter((s) => s._count.reviews >= s.requiredReviews).map((s) => s.id);
    };

    try {
      const web = [start("web-a", WEB, [JSON.stringify(webA)]), start("web-b", WEB, [JSON.stringify(webB)])];
      // Workers load (fit process included) while the web processes work, and start fitting when told to.
      const first = start("worker-1", FITTER, [FITTER_POLL_MS]);
      const workers = [start("worker-1b", FITTER, [FITTER_POLL_MS]), start("worker-2", FITTER, [FITTER_POLL_MS])];
      const go = (w: Child) => w.child.stdin!.write("go\n");
      /** Waits for `check`, but fails at once, saying why, if a web process reported an error no race explains or died. */
      const progress = (what: string, check: () => Promise<boolean>, timeoutMs: number) =>
        until(
          what,
          async () => {
            const failures = web.flatMap((w) => unexpectedErrors(w).map((e) => `${w.name}: ${e.op} ${e.code} ${e.message}`));
            if (failures.length > 0) throw new Error(`a web process failed:\n${failures.join("\n")}`);
            const dead = web.find((w) => w.child.exitCode !== null || w.child.signalCode !== null);
            if (dead) throw new Error(`${dead.name} exited early:\n${dead.stderr()}`);
            return check();
          },
          timeoutMs,
          100,
        ).catch(async (error: unknown) => {
          throw new Error(`${error instanceof Error ? error.message : String(error)}\n${await describeStall(campaignId, pendingIds, children)}`);
        });
      // Before any fit: the campaign is past the inline limit and has no snapshot, so finished samples wait for one.
      await progress("samples with all their reviews in, waiting for a first snapshot", async () => (await waitingSamples()).length >= 5, 30_000);
      await first.waitForOutput(/ready/);
      phase("samples waiting");

      // Worker 1 fits; it is SIGKILLed, its fit process with it, once that process has done 50 ms of
      // work on the fit (the whole fit needs several times that).
      go(first);
      await first.waitForOutput(new RegExp(`fit start ${campaignId}`));
      // The fit runs in tinypool's child process; the worker may have other children (esbuild's service, under tsx).
      const fitPid = await until("worker 1's fit process", () => childPidsRunning(first.pid, "tinypool")[0] ?? null, 10_000);
      const idle = cpuTicks(fitPid)!;
      await until("worker 1's fit process at work", () => (cpuTicks(fitPid) ?? 0) >= idle + 5, 30_000, 5);
      first.signalGroup("SIGKILL");
      const killedAt = new Date();
      phase("killed");
      expect(await first.exited).toMatchObject({ signal: "SIGKILL" });
      await until("worker 1's fit process to be gone", () => !groupAlive(first.pid), 5_000);
      // Killed part-way: it said nothing about a fit and wrote no snapshot.
      expect(fitLines("worker-1", first.stdout()).written).toEqual([]);
      expect(first.stdout()).not.toMatch(/dropped/);
      expect(await db.consensusSnapshot.findUnique({ where: { campaignId } })).toBeNull();
      const waitedThroughKill = await waitingSamples();
      expect(waitedThroughKill.length).toBeGreaterThanOrEqual(5);

      // Worker 1 again (a new process), and worker 2, at once: both find the campaign due and fit it.
      for (const w of workers) await w.waitForOutput(/ready/);
      for (const w of workers) go(w);

      // Until every sample left the queue: decided, or escalated to a panel. Samples that finished while no
      // snapshot existed are decided by the next fit; the web processes keep claiming, for samples a fit asks more of.
      await progress("every sample decided", async () => (await db.sample.count({ where: { id: { in: pendingIds }, status: "PENDING_REVIEW" } })) === 0, 45_000);

      phase("all decided");
      for (const w of web) w.child.stdin!.end();
      const exits = await Promise.all(web.map((w) => w.exited));
      for (const w of workers) w.signalGroup("SIGTERM");
      await Promise.all(workers.map((w) => w.exited));
      watching = false;
      await watcher;
      expect(exits, web.map((w) => w.stderr()).join("\n")).toEqual([
        { code: 0, signal: null },
        { code: 0, signal: null },
      ]);
      phase("stopped");
      const results = web.map((w) => JSON.parse(/^RESULT (.*)$/m.exec(w.stdout())![1]!) as WebResult);
      const verdicts = results.flatMap((r) => r.verdicts.map((v) => ({ ...v, process: r.name })));
      const errors = results.flatMap((r) => r.errors.map((e) => ({ ...e, process: r.name })));

      // ---- No lost verdict, no phantom, none twice. ----
      const key = (v: { reviewerId: string; sampleId: string }) => `${v.reviewerId}/${v.sampleId}`;
      const reviews = await db.review.findMany({ where: { sampleId: { in: pendingIds } }, select: { id: true, sampleId: true, reviewerId: true } });
      // Every acknowledged verdict is a row and every row was acknowledged (by one process, or by both if a repeated
      // submission were ever answered with the verdict already given: then with the same row).
      expect(reviews.map((r) => r.id).sort()).toEqual([...new Set(verdicts.map((v) => v.reviewId))].sort());
      const rowOf = new Map(reviews.map((r) => [r.id, key(r)]));
      for (const v of verdicts) expect(rowOf.get(v.reviewId), v.reviewId).toBe(key(v));
      expect(new Set(reviews.map(key)).size).toBe(reviews.length);
      expect(reviews.length).toBeGreaterThanOrEqual(pendingIds.length * INITIAL_REQUIRED);
      expect(new Set(verdicts.map((v) => v.process))).toEqual(new Set(["web-a", "web-b"]));

      // ---- No 5xx: the only refusal is a shared reviewer's second submission of a verdict their other tab gave. ----
      const allowed: AppErrorCode[] = ["CONFLICT"];
      expect(errors.filter((e) => !allowed.includes(e.code as AppErrorCode) || e.op !== "verdict" || !sharedIds.has(e.reviewerId))).toEqual([]);
      const given = new Map(verdicts.map((v) => [key(v), v.process]));
      for (const e of errors) expect(given.get(key({ reviewerId: e.reviewerId, sampleId: e.sampleId! })), `${e.process}: ${e.message}`).toMatch(/^web-[ab]$/);

      // ---- Slots: none held twice, never more done than required, every verdict closed its own. ----
      const samples = await db.sample.findMany({
        where: { id: { in: pendingIds } },
        select: {
          id: true,
          status: true,
          requiredReviews: true,
          consensusLabel: true,
          assignments: { select: { slot: true, status: true, reviewerId: true } },
          decisions: { select: { outcome: true, flagged: true, label: true, reviews: true, createdAt: true, inputs: true }, orderBy: { createdAt: "asc" } },
          _count: { select: { reviews: true } },
        },
      });
      for (const s of samples) {
        const done = s.assignments.filter((a) => a.status === "DONE");
        const held = s.assignments.filter((a) => a.status !== "SKIPPED").map((a) => a.slot);
        expect(new Set(held).size, s.id).toBe(held.length);
        expect(done.length, s.id).toBeLessThanOrEqual(s.requiredReviews);
        expect(done.length, s.id).toBe(s._count.reviews);
        expect(s.assignments.filter((a) => a.status === "LEASED"), s.id).toEqual([]);
      }

      // ---- No double decision; each sample's status is its one applied decision's. ----
      for (const s of samples) {
        const applied = s.decisions.filter((d) => !d.flagged);
        const final = applied.filter((d) => d.outcome !== "NEED_MORE_REVIEWS");
        expect(final.length, s.id).toBe(1);
        const decision = final[0]!;
        expect({ id: s.id, status: s.status }).toEqual({ id: s.id, status: { ACCEPT: "ACCEPTED", REJECT: "REJECTED", ESCALATE: "ESCALATED" }[decision.outcome as "ACCEPT"] });
        if (s.status === "ACCEPTED") expect(s.consensusLabel).toBe(decision.label);
        // Every raise of the required reviews is one recorded run, never two processes raising it twice.
        expect(applied.filter((d) => d.outcome === "NEED_MORE_REVIEWS").length, s.id).toBe(s.requiredReviews - INITIAL_REQUIRED);
        // Decided on all of its votes, from a snapshot.
        expect(decision.reviews, s.id).toBe(s._count.reviews);
        expect((decision.inputs as unknown as DecisionInputs).snapshot.version, s.id).toBeGreaterThanOrEqual(1);
      }

      // ---- Payouts: unique keys, nothing earned twice, only for what was decided. ----
      const payouts = await db.payout.findMany({ where: { subjectId: { in: pendingIds } }, select: { key: true, reason: true, subjectId: true, recipientId: true } });
      expect(new Set(payouts.map((p) => p.key)).size).toBe(payouts.length);
      const byStatus = new Map(samples.map((s) => [s.id, s.status]));
      const rewards = payouts.filter((p) => p.reason === PAYOUT_REASONS.SAMPLE_ACCEPTED);
      expect(rewards.map((p) => p.subjectId).sort()).toEqual(samples.filter((s) => s.status === "ACCEPTED").map((s) => s.id).sort());
      expect(rewards.every((p) => p.recipientId === seeded.contributorId)).toBe(true);
      const fees = payouts.filter((p) => p.reason === PAYOUT_REASONS.REVIEW_AGREED);
      expect(new Set(fees.map((p) => `${p.recipientId}/${p.subjectId}`)).size).toBe(fees.length);
      const reviewed = new Set(reviews.map(key));
      for (const fee of fees) {
        expect(["ACCEPTED", "REJECTED"]).toContain(byStatus.get(fee.subjectId));
        expect(reviewed.has(`${fee.recipientId}/${fee.subjectId}`)).toBe(true);
      }

      // ---- Snapshots: each version written by one fit, whole, and counting what it read. ----
      const logs = [...workers.map((w) => fitLines(w.name, w.stdout())), fitLines("worker-1", first.stdout())];
      const written = logs.flatMap((l) => l.written).sort((a, b) => a.version - b.version);
      expect(logs.flatMap((l) => l.failed)).toEqual([]);
      const final = await db.consensusSnapshot.findUniqueOrThrow({ where: { campaignId } });
      // Versions 1..final, each written by exactly one worker: of two fits from the same version, one is dropped.
      expect(written.map((w) => w.version)).toEqual(Array.from({ length: final.version }, (_, i) => i + 1));
      // A newer version never holds an older fit.
      for (let i = 1; i < written.length; i++) expect(written[i]!.reviews).toBeGreaterThanOrEqual(written[i - 1]!.reviews);
      seen.set(final.version, inspectSnapshot(final));
      const allReviews = seeded.seededReviews + reviews.length;
      const versions = [...seen.values()].sort((a, b) => a.version - b.version);
      const unseenBefore: number[] = [];
      for (const snapshot of versions) {
        const v = `v${snapshot.version}`;
        expect(snapshot.problems, v).toEqual([]);
        // The counts beside the model are that model's own: one fit's row, not two fits' halves.
        expect(snapshot.votesInModel, v).toBe(snapshot.reviews);
        expect(snapshot.reviews, v).toBe(written.find((w) => w.version === snapshot.version)!.reviews);
        expect(snapshot.goldItems, v).toBe(GOLD_ITEMS);
        expect(snapshot.reviews, v).toBeGreaterThanOrEqual(seeded.seededReviews);
        expect(snapshot.reviews, v).toBeLessThanOrEqual(allReviews);
        expect(snapshot.fittedAt.getTime(), v).toBeGreaterThan(killedAt.getTime());
        // Not asserted, see the report of issue 16 and consensus-fitter.test.ts: a verdict stamped before a fit's
        // read but committed after it is neither in the fit nor counted as new since it.
        unseenBefore.push((await db.review.count({ where: { sample: { campaignId }, createdAt: { lt: snapshot.fittedAt } } })) - snapshot.reviews);
      }
      for (let i = 1; i < versions.length; i++) {
        expect(versions[i]!.fittedAt.getTime()).toBeGreaterThan(versions[i - 1]!.fittedAt.getTime());
        expect(versions[i]!.reviews).toBeGreaterThanOrEqual(versions[i - 1]!.reviews);
      }

      // ---- The killed fit was redone: the samples that waited through the kill were decided by a later fit. ----
      expect(final.version).toBeGreaterThanOrEqual(1);
      for (const id of waitedThroughKill) {
        const decision = samples.find((s) => s.id === id)!.decisions.find((d) => !d.flagged)!;
        expect(decision.createdAt.getTime(), id).toBeGreaterThan(killedAt.getTime());
      }
      expect(written.reduce((n, w) => n + w.decided, 0)).toBeGreaterThanOrEqual(waitedThroughKill.length);
      console.log(
        `many processes: ${verdicts.length} verdicts, ${errors.length} conflicts, snapshots ${written.map((w) => `v${w.version}@${w.worker}`).join(" ")}, ` +
          `${logs.reduce((n, l) => n + l.dropped, 0)} fits dropped, ${waitedThroughKill.length} samples waited through the kill, ` +
          `versions seen ${versions.map((x) => `v${x.version}`).join(",")}, created before fittedAt but not in the fit: ${unseenBefore.join(",")}, ` +
          `slowest claim/verdict ${results.map((r) => `${Math.round(r.slowestMs.claim)}/${Math.round(r.slowestMs.verdict)} ms`).join(", ")}, ` +
          `phases: ${phases.join(", ")}, ` +
          `outcomes ${JSON.stringify(Object.fromEntries(["ACCEPTED", "REJECTED", "ESCALATED"].map((st) => [st, samples.filter((s) => s.status === st).length])))}`,
      );
    } finally {
      watching = false;
      for (const child of children) child.signalGroup("SIGKILL");
      await watcher.catch(() => undefined);
    }
  }, 120_000);
});
