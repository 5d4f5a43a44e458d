// A "web process" for tests/integration/many-processes.test.ts: what N stateless web servers do to one database,
// without Next in the way. Each reviewer it is given loops claimReview -> submitVerdict (the services behind
// /api/review/next and /api/review/verdicts) in its own async loop, so verdicts race inside the process as well as
// across processes. It runs until its stdin closes and the queue is empty, then prints one line,
// `RESULT {json}`, with every verdict it was told was recorded and every error by code. Errors are also printed as
// they happen (`ERROR {json}`), so that a test waiting on this process can say why it stopped making progress.
//
// Run with tsx --conditions=react-server (lib/server imports "server-only"); argv[2] is the JSON config below.
import { isAppError } from "@/lib/errors";
import type { SessionUser } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import { claimReview } from "@/lib/server/reviews/claim-review";
import { submitVerdict } from "@/lib/server/reviews/submit-verdict";

export type WebConfig = { name: string; campaignId: string; reviewers: SessionUser[]; pollMs: number; thinkMs: number };
export type WebVerdict = { reviewerId: string; sampleId: string; reviewId: string };
export type WebError = { reviewerId: string; op: "claim" | "verdict"; sampleId: string | null; code: string; message: string };
export type WebResult = { name: string; pid: number; claims: number; verdicts: WebVerdict[]; errors: WebError[]; slowestMs: { claim: number; verdict: number } };

/** Every reviewer gives the same verdict on a sample, so that reliabilities stay high and nobody falls below the floor. */
export function verdictFor(sampleId: string): { verdict: "ACCEPT" } | { verdict: "REJECT"; reason: "low_quality" } {
  let h = 0;
  for (const c of sampleId) h = (h * 31 + c.charCodeAt(0)) | 0;
  return Math.abs(h) % 5 === 0 ? { verdict: "REJECT", reason: "low_quality" } : { verdict: "ACCEPT" };
}

/** More errors than this from one reviewer means something is badly wrong: stop rather than spin. */
const MAX_ERRORS_PER_REVIEWER = 20;

async function main() {
  const config = JSON.parse(process.argv[2] ?? "") as WebConfig;
  const result: WebResult = { name: config.name, pid: process.pid, claims: 0, verdicts: [], errors: [], slowestMs: { claim: 0, verdict: 0 } };
  let stopping = false;
  // Nothing is ever sent: reading is what lets "end" arrive when the test closes the pipe.
  process.stdin.on("data", () => undefined);
  process.stdin.on("close", () => (stopping = true));
  process.stdin.on("end", () => (stopping = true));
  const say = (message: string) => process.stderr.write(`${config.name} ${message}\n`);

  const errorOf = (error: unknown) =>
    isAppError(error)
      ? { code: error.code, message: error.message }
      : { code: "UNEXPECTED", message: error instanceof Error ? `${error.name} ${(error as { code?: string }).code ?? ""}: ${error.message}` : String(error) };

  const report = (error: WebError) => {
    result.errors.push(error);
    process.stdout.write(`ERROR ${JSON.stringify(error)}\n`);
  };

  async function reviewerLoop(reviewer: SessionUser) {
    let errors = 0;
    while (errors < MAX_ERRORS_PER_REVIEWER) {
      let sampleId: string | null = null;
      try {
        const started = performance.now();
        const task = await claimReview(reviewer, { campaignId: config.campaignId });
        result.slowestMs.claim = Math.max(result.slowestMs.claim, performance.now() - started);
        result.claims++;
        if (!task) {
          if (stopping) return;
          // The queue is empty for now; a fit may yet ask for one more review of a sample that waited.
          await new Promise((resolve) => setTimeout(resolve, config.pollMs));
          continue;
        }
        sampleId = task.sampleId;
      } catch (error) {
        errors++;
        report({ reviewerId: reviewer.id, op: "claim", sampleId: null, ...errorOf(error) });
        continue;
      }
      // A reviewer reads the sample before voting. Without any pause, a process's own transactions follow each other
      // on SQLite's write lock and starve the other processes past the busy timeout, which today wedges them (see
      // tests/integration/sqlite-adapter-concurrency.test.ts).
      await new Promise((resolve) => setTimeout(resolve, Math.random() * config.thinkMs));
      try {
        const started = performance.now();
        const done = await submitVerdict(reviewer, { sampleId, ...verdictFor(sampleId) });
        result.slowestMs.verdict = Math.max(result.slowestMs.verdict, performance.now() - started);
        result.verdicts.push({ reviewerId: reviewer.id, sampleId, reviewId: done.reviewId });
      } catch (error) {
        errors++;
        report({ reviewerId: reviewer.id, op: "verdict", sampleId, ...errorOf(error) });
      }
    }
    say(`reviewer ${reviewer.id} gave up after ${errors} errors`);
  }

  say(`pid ${process.pid}: ${config.reviewers.length} reviewers`);
  await Promise.all(config.reviewers.map(reviewerLoop));
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
}

main()
  .catch((error) => {
    process.stderr.write(`web process failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  })
  .finally(() => db.$disconnect());
