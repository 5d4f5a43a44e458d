/**
 * `npm run bench:review-load -- [--scales 10000,100000,1000000] [--reviewers 1,8,32] [--seconds 20] [--web 2] [--rate 110] [--keep]`
 *
 * What a reviewer waits for as a campaign grows. The real stack (scripts/start.ts --prod --fresh: `next build`,
 * `next start` and the worker with its consensus fitter) runs as a child process on free ports with its own SQLite
 * file, with --web - 1 more `next start` processes beside it (default: two web processes; reviewers are spread over
 * them). For each scale a campaign is seeded directly in the database with that many reviews (a synthetic crowd of
 * reviewers of varied skill over 4 labels, samples decided 3 reviews each, 1% of them gold) and 3,000 samples
 * waiting for review; the bench waits for the worker's first background fit of it. Then N concurrent reviewers of
 * that crowd (API keys with the `review` scope, each voting with their own skill) claim and vote through the HTTP
 * review API for --seconds each. Together they offer --rate verdicts per second (default 110, above the 100 of the
 * target; 0: each votes as soon as the last answer came); then the largest N runs once more unpaced, for the most
 * the stack takes (max_verdicts_per_s). Reported per scale and step: verdict latency (the POST /api/review/verdicts with
 * `next: true` a reviewer waits for, from voting to seeing their next sample) p50/p95/p99, verdicts per second, and
 * the p95 of the first claims (POST /api/review/next); per scale: the background fit's duration (the fitter's own
 * log line), verdict p95 while a fit was running, how many votes the snapshot behind each decision was behind, and,
 * once the worker has fitted all the load wrote, the share of the samples decided during the load whose outcome a cold
 * full refit repeats (docs/consensus.md). The last line is one JSON object.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { prismaFor } from "./ingest/db";
import { LABELS, recordSeededPosteriors, scaleTag, seedCampaign, type LoadReviewer } from "./review-load/seed";
import { freePorts, startStack, waitForOtherProdStacks, type Stack } from "./ingest/stack";
import { startExtraWeb, type ExtraWeb } from "./review-load/extra-web";
import type { PrismaClient } from "../../lib/generated/prisma/client";
import { seededRandom } from "../../lib/domain/consensus";


type Options = { scales: number[]; reviewers: number[]; seconds: number; web: number; rate: number; keep: boolean };
type Figures = Record<string, number | string | null>;
type Timed = { start: number; ms: number; status: number };

function parse(): Options {
  const { values } = parseArgs({
    options: { scales: { type: "string" }, reviewers: { type: "string" }, seconds: { type: "string" }, web: { type: "string" }, rate: { type: "string" }, keep: { type: "boolean" } },
    strict: true,
  });
  const list = (raw: string | undefined, fallback: number[], name: string) => {
    if (raw === undefined) return fallback;
    const xs = raw.split(",").map(Number);
    if (xs.some((x) => !Number.isSafeInteger(x) || x < 1)) throw new Error(`--${name} must be whole numbers >= 1, comma-separated (got "${raw}").`);
    return xs;
  };
  const seconds = values.seconds === undefined ? 20 : Number(values.seconds);
  if (!(seconds > 0)) throw new Error(`--seconds must be a positive number (got "${values.seconds}").`);
  const web = values.web === undefined ? 2 : Number(values.web);
  if (!Number.isSafeInteger(web) || web < 1) throw new Error(`--web must be a whole number >= 1 (got "${values.web}").`);
  const rate = values.rate === undefined ? 110 : Number(values.rate);
  if (!(rate >= 0)) throw new Error(`--rate must be a number of verdicts per second >= 0 (got "${values.rate}").`);
  return { scales: list(values.scales, [10_000, 100_000, 1_000_000], "scales"), reviewers: list(values.reviewers, [1, 8, 32], "reviewers"), seconds, web, rate, keep: values.keep ?? false };
}

const say = (line: string) => console.log(line);
const round = (x: number | null, digits = 1) => (x === null || !Number.isFinite(x) ? null : Number(x.toFixed(digits)));
function quantile(xs: number[], q: number): number | null {
  if (xs.length === 0) return null;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/** One API call, timed. A request that gets no answer at all (a reset connection) is status 0 with the error as body. */
async function post(appUrl: string, route: string, key: string, body: object): Promise<{ status: number; json: unknown; ms: number; start: number }> {
  const start = performance.now();
  try {
    const response = await fetch(`${appUrl}${route}`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: JSON.stringify(body) });
    const json = await response.json().catch(() => null);
    return { status: response.status, json, ms: performance.now() - start, start: performance.timeOrigin + start };
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return { status: 0, json: { error: `${(error as Error).message}${cause ? ` (${cause.code ?? cause.message})` : ""}` }, ms: performance.now() - start, start: performance.timeOrigin + start };
  }
}

type Task = { taskId: string; labels?: unknown; content?: { text?: string } };

/**
 * N reviewers voting for `seconds`: every verdict timed. Each claims once (POST /api/review/next), then votes with
 * `next: true`, which answers with their next sample: a verdict's latency is what the reviewer waits for between
 * voting on one sample and seeing the next.
 */
async function runLoad(appUrls: readonly string[], campaignId: string, reviewers: LoadReviewer[], seconds: number, seed: number, rate: number): Promise<{ verdicts: Timed[]; claims: Timed[]; errors: string[]; elapsedS: number }> {
  const verdicts: Timed[] = [];
  const claims: Timed[] = [];
  const errors: string[] = [];
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    reviewers.map(async ({ key, skill }, n) => {
      const random = seededRandom(seed * 977 + n);
      // Reviewers spread over the web processes, as a load balancer would spread their connections.
      const appUrl = appUrls[n % appUrls.length]!;
      // Paced: each reviewer starts a verdict every reviewers/rate seconds (spread out at the start), so that together
      // they offer `rate` verdicts per second; one whose answer came late starts the next at once, without catching up.
      const interval = rate > 0 ? (reviewers.length / rate) * 1000 : 0;
      let nextStart = performance.now() + random() * interval;
      let task: Task | null = null;
      while (performance.now() < deadline) {
        const wait = nextStart - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        nextStart = Math.max(performance.now(), nextStart) + interval;
        if (!task) {
          const claim = await post(appUrl, "/api/review/next", key, { campaign: campaignId });
          claims.push({ start: claim.start, ms: claim.ms, status: claim.status });
          if (claim.status !== 200) {
            errors.push(`claim ${claim.status}: ${JSON.stringify(claim.json).slice(0, 200)}`);
            continue;
          }
          task = (claim.json as { task?: Task | null } | null)?.task ?? null;
          if (!task) break;
        }
        // The seeded text names its true topic ("... about tech."): the reviewer sees it with their skill.
        const truth = LABELS.find((l) => task!.content?.text?.endsWith(`about ${l}.`)) ?? LABELS[0];
        const seen = random() < skill ? truth : LABELS[Math.floor(random() * LABELS.length)]!;
        const label = seen === task.labels ? null : seen;
        const verdict = await post(appUrl, "/api/review/verdicts", key, { taskId: task.taskId, verdict: "ACCEPT", ...(label ? { label } : {}), next: true });
        verdicts.push({ start: verdict.start, ms: verdict.ms, status: verdict.status });
        if (verdict.status !== 201) errors.push(`verdict ${verdict.status}: ${JSON.stringify(verdict.json).slice(0, 200)}`);
        task = verdict.status === 201 ? ((verdict.json as { next?: Task | null }).next ?? null) : null;
      }
    }),
  );
  return { verdicts, claims, errors, elapsedS: (performance.now() - started) / 1000 };
}

type FitLine = { campaignId: string; version: number; reviews: number; fitMs: number; totalMs: number; end: number };

/** The worker's fitter log lines: `HH:MM:SS.mmm consensus: campaign <id> snapshot vN over R reviews ... (fit X ms, in all Y ms)`. */
function fitLines(logFile: string): FitLine[] {
  const today = new Date().toISOString().slice(0, 10);
  const out: FitLine[] = [];
  for (const line of readFileSync(logFile, "utf8").split("\n")) {
    const m = /(\d\d:\d\d:\d\d\.\d\d\d) consensus: campaign (\S+) snapshot v(\d+) over (\d+) reviews .*\(fit (\d+) ms, in all (\d+) ms\)/.exec(line.replace(/\x1b\[[0-9;]*m/g, ""));
    if (!m) continue;
    out.push({ campaignId: m[2]!, version: Number(m[3]), reviews: Number(m[4]), fitMs: Number(m[5]), totalMs: Number(m[6]), end: Date.parse(`${today}T${m[1]}Z`) });
  }
  return out;
}

/**
 * The worker's first fit of the whole seeded campaign. The seed writes in short transactions, each stamping its rows
 * when it starts, so the fitter may read the campaign half-written and then never count the rest as new (their stamps
 * are older than its snapshot): such a snapshot is removed, which makes the campaign due again, until a fit saw it all.
 */
async function waitForFit(stack: Stack, db: PrismaClient, campaignId: string, reviews: number, timeoutMs: number): Promise<FitLine> {
  const deadline = Date.now() + timeoutMs;
  const dropped = new Set<number>();
  for (;;) {
    const lines = fitLines(stack.logFile).filter((l) => l.campaignId === campaignId);
    const line = lines.find((l) => l.reviews >= reviews);
    if (line) return line;
    const partial = lines.at(-1);
    if (partial && !dropped.has(partial.version)) {
      dropped.add(partial.version);
      await db.consensusSnapshot.deleteMany({ where: { campaignId, version: partial.version } });
    }
    if (Date.now() > deadline) throw new Error(`no background fit of campaign ${campaignId} within ${timeoutMs / 1000} s\n${stack.tail()}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

type DecisionCheck = {
  /** Of the samples decided during the load (their latest accept, reject or escalate), the share a full refit repeats. */
  agreement: number | null;
  decided: number;
  /** Of every decision taken during the load, "one more review" included, the share a full refit repeats. */
  stepAgreement: number | null;
  decisions: number;
  acceptsNotRepeated: number;
  oppositeOutcomes: number;
  escalationsNotRepeated: number;
  behindMean: number | null;
  behindMax: number | null;
  /** The samples whose outcome a refit would not repeat, for the log. */
  misses: string[];
  /** What deciding them cost: reviews per decided sample; and the worker's last decision margin (log-odds). */
  reviewsPerDecided: number | null;
  margin: number | null;
};

/**
 * What a full refit at the end says of the decisions taken during the load, each from the same votes it was taken on.
 * A sample's outcome is its latest unflagged decision (an escalation the worker later decided counts as that
 * decision); "one more review" decisions are counted apart. Also how many reviews the snapshot behind each was behind.
 */
async function checkDecisions(db: PrismaClient, campaignId: string, since: Date): Promise<DecisionCheck> {
  const { campaignConsensus } = await import("../../lib/server/reviews/campaign-consensus");
  const { describeVotes } = await import("../../lib/server/reviews/decision-inputs");
  const { decideOutcome } = await import("../../lib/domain/consensus");
  const { ZLabelSchema } = await import("../../lib/schemas/label-schema");
  const row = await db.campaign.findUniqueOrThrow({ where: { id: campaignId } });
  const serverDb = (await import("../../lib/server/db")).db;
  const full = await campaignConsensus(serverDb, { ...row, labelSchema: ZLabelSchema.parse(row.labelSchema) });
  const decisions = await db.consensusDecision.findMany({
    where: { sample: { campaignId }, createdAt: { gte: since }, flagged: false },
    select: { sampleId: true, outcome: true, reviews: true, inputs: true, createdAt: true, posterior: true },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  const bySample = new Map<string, typeof full.reviews>();
  for (const r of full.reviews) bySample.set(r.sampleId, [...(bySample.get(r.sampleId) ?? []), r]);
  // The refit decides at the campaign's threshold: no margin, its model has seen everything.
  const { latestSnapshot } = await import("../../lib/server/reviews/consensus-snapshot");
  const snapshot = await latestSnapshot(campaignId);
  const refit = (d: (typeof decisions)[number]) => {
    const inputs = d.inputs as { threshold: number; minReviews: number; maxReviews: number; votes: { reviewId: string }[] };
    const ids = new Set(inputs.votes.map((v) => v.reviewId));
    const votes = (bySample.get(d.sampleId) ?? []).filter((r) => ids.has(r.id));
    const described = describeVotes(full.space, full.model, votes);
    const outcome = decideOutcome({ posterior: described.posterior, unacceptable: full.space.unacceptable, threshold: inputs.threshold, reviews: d.reviews, minReviews: inputs.minReviews, maxReviews: inputs.maxReviews });
    return { outcome, best: Math.max(...described.posterior.filter((_, k) => k !== full.space.unacceptable)) };
  };
  let stepSame = 0;
  const latest = new Map<string, (typeof decisions)[number]>();
  for (const d of decisions) {
    if (refit(d).outcome.decision === d.outcome) stepSame++;
    if (d.outcome !== "NEED_MORE_REVIEWS") latest.set(d.sampleId, d);
  }
  // The worker's own final snapshot (warm-started fits) beside the cold refit: how much of a miss is the model moving.
  let same = 0;
  let acceptsNotRepeated = 0;
  let oppositeOutcomes = 0;
  let escalationsNotRepeated = 0;
  const misses: string[] = [];
  for (const d of latest.values()) {
    const { outcome, best } = refit(d);
    if (outcome.decision === d.outcome) {
      same++;
      continue;
    }
    if (d.outcome === "ACCEPT") acceptsNotRepeated++;
    if (d.outcome === "ESCALATE") escalationsNotRepeated++;
    if ((d.outcome === "ACCEPT" && outcome.decision === "REJECT") || (d.outcome === "REJECT" && outcome.decision === "ACCEPT")) oppositeOutcomes++;
    const inputs = d.inputs as { snapshot: { version: number; reviews: number; votesBehind?: number }; maxReviews: number; calibration?: { temperature: number } };
    const inputsVotes = new Set((d.inputs as { votes: { reviewId: string }[] }).votes.map((v) => v.reviewId));
    const warm = snapshot ? describeVotes(full.space, snapshot.model, (bySample.get(d.sampleId) ?? []).filter((r) => inputsVotes.has(r.id))).posterior : null;
    const warmBest = warm ? Math.max(...warm.filter((_, k) => k !== full.space.unacceptable)).toFixed(3) : "?";
    misses.push(`${d.outcome} -> ${outcome.decision}: P ${d.posterior.toFixed(3)} -> ${best.toFixed(3)} (final snapshot ${warmBest}, δ ${snapshot?.model.calibration.misleading ?? "?"} vs ${full.model.calibration.misleading}) at ${d.reviews}/${inputs.maxReviews} reviews, snapshot v${inputs.snapshot.version} over ${inputs.snapshot.reviews} (+${inputs.snapshot.votesBehind ?? 0}), T ${inputs.calibration?.temperature ?? "?"} -> ${full.model.calibration.temperature}`);
  }
  const behind: number[] = [];
  for (const d of decisions.filter((_, i) => i % Math.max(1, Math.floor(decisions.length / 100)) === 0)) {
    const snapshotReviews = (d.inputs as { snapshot: { reviews: number } }).snapshot.reviews;
    const then = await db.review.count({ where: { sample: { campaignId }, createdAt: { lte: d.createdAt } } });
    behind.push(Math.max(0, then - snapshotReviews));
  }
  return {
    agreement: latest.size > 0 ? same / latest.size : null,
    decided: latest.size,
    stepAgreement: decisions.length > 0 ? stepSame / decisions.length : null,
    decisions: decisions.length,
    acceptsNotRepeated,
    oppositeOutcomes,
    escalationsNotRepeated,
    behindMean: behind.length > 0 ? behind.reduce((a, b) => a + b, 0) / behind.length : null,
    behindMax: behind.length > 0 ? Math.max(...behind) : null,
    misses,
    reviewsPerDecided: latest.size > 0 ? [...latest.values()].reduce((n, d) => n + d.reviews, 0) / latest.size : null,
    margin: snapshot?.decisionMargin ?? null,
  };
}

/** The worker's fit of everything the load wrote, and its reconcile: the decisions are checked against the final model. */
async function waitForFinalFit(stack: Stack, db: PrismaClient, campaignId: string, timeoutMs: number): Promise<FitLine> {
  const reviews = await db.review.count({ where: { sample: { campaignId } } });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const line = fitLines(stack.logFile).find((l) => l.campaignId === campaignId && l.reviews >= reviews);
    if (line) return line;
    if (Date.now() > deadline) throw new Error(`no background fit of campaign ${campaignId}'s ${reviews} reviews within ${timeoutMs / 1000} s\n${stack.tail()}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function main(): Promise<void> {
  const options = parse();
  const started = performance.now();
  const dir = mkdtempSync(path.join(tmpdir(), "tessera-review-load-"));
  let stack: Stack | null = null;
  const extraWeb: ExtraWeb[] = [];
  let failed = false;
  const figures: Figures = {};
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      say(`\n${signal}: stopping the stack…`);
      void Promise.all([...extraWeb.map((w) => w.stop()), stack?.stop()]).finally(() => process.exit(130));
    });
  }
  try {
    say(`Review load bench: scales ${options.scales.join(", ")} reviews, ${options.reviewers.join("/")} reviewers, ${options.seconds} s each; temp dir ${dir}`);
    await waitForOtherProdStacks(say, 15 * 60_000);
    stack = startStack(dir, await freePorts(), { uploadRateMax: 1_000_000, timeoutMs: 900_000, say });
    await stack.ready;
    for (let i = 1; i < options.web; i++) extraWeb.push(await startExtraWeb(stack));
    const appUrls = [stack.appUrl, ...extraWeb.map((w) => w.appUrl)];
    if (options.web > 1) say(`  ${options.web} web processes: ${appUrls.join(", ")}`);
    // The bench's own reads and its final refit go through lib/server on the stack's database.
    process.env.DATABASE_URL = stack.databaseUrl;
    const db = prismaFor(stack.databaseUrl);
    for (const [s, scale] of options.scales.entries()) {
      const tag = scaleTag(scale);
      say(`\n${tag}: seeding ${scale.toLocaleString("en")} reviews`);
      const seedStarted = performance.now();
      const campaign = await seedCampaign(db, stack.databaseUrl, scale, s + 1, Math.max(...options.reviewers));
      say(`  seeded in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s; waiting for the worker's first fit`);
      const fit = await waitForFit(stack, db, campaign.id, campaign.seeded, 600_000);
      figures[`fit_ms_${tag}`] = fit.totalMs;
      const { latestSnapshot } = await import("../../lib/server/reviews/consensus-snapshot");
      const history = recordSeededPosteriors(stack.databaseUrl, campaign.id, (await latestSnapshot(campaign.id))!.model);
      say(`  ${history.toLocaleString("en")} seeded acceptances given the posterior the first fit gives them, as a history of decisions`);
      say(`  background fit: ${fit.fitMs} ms to load and fit, ${fit.totalMs} ms with the reconcile`);
      const loadStarted = new Date();
      const during: number[] = [];
      const top = Math.max(...options.reviewers);
      const steps = [...options.reviewers.map((n) => ({ n, rate: options.rate, suffix: `n${n}` })), ...(options.rate > 0 ? [{ n: top, rate: 0, suffix: `n${top}_unpaced` }] : [])];
      for (const { n, rate, suffix } of steps) {
        const run = await runLoad(appUrls, campaign.id, campaign.reviewers.slice(0, n), options.seconds, s * 100 + n, rate);
        const ms = run.verdicts.map((v) => v.ms);
        const fits = fitLines(stack.logFile).filter((l) => l.campaignId === campaign.id && l.end >= loadStarted.getTime());
        for (const v of run.verdicts) if (fits.some((f) => v.start >= f.end - f.totalMs && v.start <= f.end)) during.push(v.ms);
        const key = (name: string) => `${name}_${tag}_${suffix}`;
        const line = {
          [key("verdicts_per_s")]: round(run.verdicts.length / run.elapsedS),
          [key("p50_ms")]: round(quantile(ms, 0.5)),
          [key("p95_ms")]: round(quantile(ms, 0.95)),
          [key("p99_ms")]: round(quantile(ms, 0.99)),
          [key("claim_p95_ms")]: round(quantile(run.claims.map((c) => c.ms), 0.95)),
          [key("errors")]: run.errors.length,
        };
        Object.assign(figures, line);
        const pace = rate > 0 ? `offered ${rate}/s` : "unpaced";
        say(`  ${n} reviewer(s), ${pace}: ${run.verdicts.length} verdicts in ${run.elapsedS.toFixed(1)} s = ${line[key("verdicts_per_s")]}/s; verdict p50 ${line[key("p50_ms")]} ms, p95 ${line[key("p95_ms")]} ms, p99 ${line[key("p99_ms")]} ms; first claim p95 ${line[key("claim_p95_ms")]} ms; ${run.errors.length} errors${run.errors.length > 0 ? ` (first: ${run.errors[0]})` : ""}`);
      }
      if (options.rate > 0) figures[`max_verdicts_per_s_${tag}`] = figures[`verdicts_per_s_${tag}_n${top}_unpaced`]!;
      figures[`verdicts_per_s_${tag}`] = figures[`verdicts_per_s_${tag}_n${top}`]!;
      figures[`p95_ms_${tag}`] = figures[`p95_ms_${tag}_n${top}`]!;
      figures[`p99_ms_${tag}`] = figures[`p99_ms_${tag}_n${top}`]!;
      figures[`p95_ms_during_fit_${tag}`] = round(quantile(during, 0.95));
      figures[`verdicts_during_fit_${tag}`] = during.length;
      const final = await waitForFinalFit(stack, db, campaign.id, 300_000);
      say(`  the worker's fit of all ${final.reviews.toLocaleString("en")} reviews (v${final.version}) and its reconcile are done`);
      const check = await checkDecisions(db, campaign.id, loadStarted);
      figures[`agreement_with_full_fit_${tag}`] = round(check.agreement, 4);
      figures[`step_agreement_${tag}`] = round(check.stepAgreement, 4);
      figures[`decided_samples_${tag}`] = check.decided;
      figures[`reviews_per_decided_sample_${tag}`] = round(check.reviewsPerDecided, 2);
      figures[`decision_margin_logodds_${tag}`] = round(check.margin, 3);
      figures[`accepts_not_repeated_${tag}`] = check.acceptsNotRepeated;
      figures[`escalations_not_repeated_${tag}`] = check.escalationsNotRepeated;
      figures[`opposite_outcomes_${tag}`] = check.oppositeOutcomes;
      figures[`votes_behind_mean_${tag}`] = round(check.behindMean);
      figures[`votes_behind_max_${tag}`] = check.behindMax;
      say(`  ${check.decided} samples decided during the load with ${round(check.reviewsPerDecided, 2)} reviews each (decision margin at the end ${round(check.margin, 3)} log-odds): a full refit repeats ${((check.agreement ?? 0) * 100).toFixed(2)}% of their outcomes (${((check.stepAgreement ?? 0) * 100).toFixed(2)}% of all ${check.decisions} decisions, "one more review" included); ${check.acceptsNotRepeated} accepts and ${check.escalationsNotRepeated} escalations it would not repeat, ${check.oppositeOutcomes} it would turn around; their snapshot was ${round(check.behindMean)} votes behind on average (max ${check.behindMax}); verdict p95 while a fit ran ${figures[`p95_ms_during_fit_${tag}`]} ms over ${during.length} verdicts`);
      for (const miss of check.misses.slice(0, 40)) say(`    not repeated: ${miss}`);
    }
    const first = options.scales[0]!;
    const last = options.scales.at(-1)!;
    const p95First = figures[`p95_ms_${scaleTag(first)}`] as number | null;
    const p95Last = figures[`p95_ms_${scaleTag(last)}`] as number | null;
    figures.p95_growth_ratio = p95First && p95Last ? round(p95Last / p95First, 2) : null;
    const agreements = options.scales.map((n) => figures[`agreement_with_full_fit_${scaleTag(n)}`] as number | null).filter((x): x is number => x !== null);
    figures.agreement_with_full_fit = agreements.length > 0 ? Math.min(...agreements) : null;
    await db.$disconnect();
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    await Promise.all(extraWeb.map((w) => w.stop()));
    await stack?.stop();
    if (!options.keep && !failed) rmSync(dir, { recursive: true, force: true });
    else say(`(kept ${dir})`);
  }
  figures.web_processes = options.web;
  figures.total_s = round((performance.now() - started) / 1000);
  const headline = ["verdicts_per_s_1m", "p95_ms_10k", "p95_ms_1m", "p99_ms_1m", "fit_ms_1m", "agreement_with_full_fit", "max_verdicts_per_s_1m"];
  say(JSON.stringify(Object.fromEntries([...headline.filter((k) => k in figures).map((k) => [k, figures[k]]), ...Object.entries(figures).filter(([k]) => !headline.includes(k))])));
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:review-load failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
