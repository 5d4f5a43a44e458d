/**
 * Ingest throughput and the near-duplicate check: speed, how it scales with the index, and how well it works.
 *
 *   npm run bench:ingest -- [--items N] [--batch N] [--concurrency N] [--queries N] [--pairs N] [--negatives N]
 *                           [--seed N] [--skip-http] [--skip-neardup] [--keep]
 *
 * 1. Bulk upload over HTTP. The real stack (`scripts/start.ts --prod --fresh`: migrations, Hardhat node, contracts,
 *    seed, payout worker, `next build` + `next start`) runs as a child process on free ports with its own SQLite
 *    file and blob folder in a temp dir. A contributor and an upload-scoped API key (sha256 of the secret, as
 *    api-keys.ts stores it) are written to that database, with an OPEN single-label text campaign that refuses near
 *    duplicates. N distinct review-like texts (default 10,000) go to POST /api/campaigns/:id/samples as multipart
 *    requests with a JSONL manifest, --batch items per request (default 500), --concurrency requests in flight
 *    (default 2), after a warm-up upload to another campaign. Figures: queued samples per second of wall time,
 *    per-request latency (send to parsed answer) p50/p95/max, and the stored rows checked against the answers.
 * 2. Near-duplicate lookup cost. Two SQLite files, migrated like the app's, hold 10,000 and 100,000 samples of
 *    another generated set with their real MinHash fingerprints and SampleBand rows (filled with better-sqlite3 while
 *    the stack builds; not timed). --queries items (default 500: 80% unrelated, 20% 5%-edited copies of indexed
 *    samples) are checked against each, one item at a time (one indexed SampleBand query for its 16 band keys, then
 *    closestNearDuplicate over the candidates, exactly as ingest-samples.ts) and as one batch (the upload path: all
 *    band keys in chunked queries). Rounds alternate between the two sizes; figures are medians of 3 rounds.
 *    Fingerprinting is left out of these figures (it does not depend on the index) and reported on its own. The
 *    candidates come from the product's own query (nearDuplicateCandidates in lib/server/ingest/sample-rows.ts:
 *    portable IN lists); SQLite's `json_each` with all keys as one parameter is timed beside it for comparison, as
 *    neardup_in_list_* and neardup_json_each_*.
 * 3. Precision and recall against the 100,000-sample index: --pairs edited copies (default 500) of indexed samples
 *    per edit rate (5, 10, 15, 20% of the words: substitutions, insertions, deletions and swaps of neighbours, mixed)
 *    are positives; --negatives unrelated texts (default 2,000) are negatives. The decision is the product's
 *    (REFUSE policy). Per edit rate also: the share whose original was an LSH candidate, the mean exact shingle
 *    Jaccard, and recall among the pairs whose exact Jaccard reaches the 0.8 threshold.
 *
 * Human-readable lines first; the last line is one JSON object with all figures.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os, { tmpdir } from "node:os";
import path from "node:path";
import { textSimilarityFingerprint } from "../../lib/domain/ingest/duplicates";
import { MINHASH_PARAMETERS } from "../../lib/domain/ingest/minhash";
import { textFingerprint } from "../../lib/domain/ingest/text-fingerprint";
import { createContributor, createTextCampaign, createUploadKey, migrate, prismaFor } from "./ingest/db";
import { fingerprintAll } from "./ingest/fingerprints";
import { percentile, uploadAll } from "./ingest/http-upload";
import { fillIndex, median, PRODUCT_LOOKUP, timeLookups, type IndexedDb, type LookupTiming, type LookupVia } from "./ingest/near-dup-index";
import { measureQuality, type Negative, type Positive } from "./ingest/quality";
import { cpuSecondsOf, mainThreadCpuSecondsOf, pidListeningOn } from "./ingest/server-cpu";
import { freePorts, startStack, waitForOtherProdStacks, type Stack } from "./ingest/stack";
import { editText, generateReviews, prng, type GeneratedText } from "./ingest/texts";

type Options = {
  items: number;
  batch: number;
  concurrency: number;
  queries: number;
  pairs: number;
  negatives: number;
  seed: number;
  skipHttp: boolean;
  skipNearDup: boolean;
  keep: boolean;
};

const USAGE = `Usage: npm run bench:ingest -- [options]

  --items N         texts uploaded over HTTP (default 10000)
  --batch N         items per upload request (default 500)
  --concurrency N   upload requests in flight (default 2)
  --queries N       items timed against each near-duplicate index (default 500)
  --pairs N         edited copies per edit rate for precision/recall (default 500)
  --negatives N     unrelated texts for precision/recall (default 2000)
  --seed N          seed of the generated texts (default 1)
  --skip-http       leave out the HTTP upload (no stack is started)
  --skip-neardup    leave out the near-duplicate parts (2 and 3)
  --keep            keep the temp dir (databases, stack log)
  --help            this text

The last line of output is one JSON object with all figures.`;

const INDEX_SMALL = 10_000;
const INDEX_LARGE = 100_000;
const EDIT_RATES = [0.05, 0.1, 0.15, 0.2] as const;
const ROUNDS = 3;
const TARGET_SAMPLES_PER_S = 1_000;
const TARGET_GROWTH = 2;

function parseArgs(argv: readonly string[]): Options | "help" {
  const options: Options = { items: 10_000, batch: 500, concurrency: 2, queries: 500, pairs: 500, negatives: 2_000, seed: 1, skipHttp: false, skipNearDup: false, keep: false };
  const numeric = { "--items": "items", "--batch": "batch", "--concurrency": "concurrency", "--queries": "queries", "--pairs": "pairs", "--negatives": "negatives", "--seed": "seed" } as const;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split("=", 2) as [string, string | undefined];
    if (flag === "--help" || flag === "-h") return "help";
    if (flag === "--skip-http") options.skipHttp = true;
    else if (flag === "--skip-neardup") options.skipNearDup = true;
    else if (flag === "--keep") options.keep = true;
    else if (flag in numeric) {
      const raw = inline ?? argv[++i];
      const value = Number(raw);
      if (!Number.isInteger(value) || value < (flag === "--seed" ? 0 : 1)) throw new Error(`${flag} needs a whole number${flag === "--seed" ? "" : " of at least 1"}, got "${raw}"`);
      options[numeric[flag as keyof typeof numeric]] = value;
    } else throw new Error(`unknown option "${argv[i]}"\n\n${USAGE}`);
  }
  return options;
}

const loadAverage = () => os.loadavg().map((x) => x.toFixed(2)).join(", ");
const say = (line: string) => process.stdout.write(`${line}\n`);
const round = (x: number, digits = 3) => Number(x.toFixed(digits));
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

type Figures = Record<string, number | string | boolean | null>;

/** Part 1: the HTTP upload against a running stack. */
async function benchUpload(stack: Stack, texts: readonly GeneratedText[], warmup: readonly GeneratedText[], options: Options): Promise<Figures> {
  const db = prismaFor(stack.databaseUrl);
  try {
    const user = await createContributor(db, "ingest bench");
    const key = await createUploadKey(db, user.id);
    const warmCampaign = await createTextCampaign(db, "warm-up", 1_000_000);
    const campaign = await createTextCampaign(db, "upload", 1_000_000);
    const url = (id: string) => `${stack.appUrl}/api/campaigns/${id}/samples`;

    const warm = await uploadAll(url(warmCampaign.id), key, warmup, { batch: 100, concurrency: 1 });
    if (warm.failures.length > 0) throw new Error(`the warm-up upload failed: ${warm.failures.join("; ")}`);
    say(`  warm-up: ${warm.queued} items in ${warm.requests} requests to another campaign (${warm.latenciesMs.map((ms) => `${Math.round(ms)} ms`).join(", ")})`);

    const serverPid = pidListeningOn(Number(new URL(stack.appUrl).port));
    const cpuBefore = serverPid === null ? null : cpuSecondsOf(serverPid);
    const mainBefore = serverPid === null ? null : mainThreadCpuSecondsOf(serverPid);
    const clientBefore = process.cpuUsage();
    let reported = 0;
    const run = await uploadAll(url(campaign.id), key, texts, {
      batch: options.batch,
      concurrency: options.concurrency,
      onProgress: (done, total) => {
        if (done - reported >= total / 5 || done === total) {
          reported = done;
          say(`  ${done.toLocaleString("en")} / ${total.toLocaleString("en")} items sent`);
        }
      },
    });
    const cpuAfter = serverPid === null ? null : cpuSecondsOf(serverPid);
    const mainAfter = serverPid === null ? null : mainThreadCpuSecondsOf(serverPid);
    const client = process.cpuUsage(clientBefore);
    const clientCpuS = (client.user + client.system) / 1e6;
    const serverCpuS = cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore;
    const mainCpuS = mainBefore === null || mainAfter === null ? null : mainAfter - mainBefore;
    const stored = await db.sample.count({ where: { campaignId: campaign.id } });
    const bands = await db.sampleBand.count({ where: { campaignId: campaign.id } });
    const samplesPerS = run.queued / (run.wallMs / 1000);
    const p50 = percentile(run.latenciesMs, 50);
    const p95 = percentile(run.latenciesMs, 95);
    say(`  ${run.queued.toLocaleString("en")} queued, ${run.refused} refused${run.refused ? ` (${Object.entries(run.refusals).map(([c, n]) => `${c} ${n}`).join(", ")})` : ""}, ${run.failures.length} requests not 201`);
    for (const failure of run.failures.slice(0, 3)) say(`    ${failure}`);
    if (run.failures.length > 0) throw new Error(`${run.failures.length} of ${run.requests} upload requests failed, so the figures would mean nothing; see ${stack.logFile}`);
    say(`  stored: ${stored.toLocaleString("en")} samples, ${bands.toLocaleString("en")} band rows (${stored === run.queued ? "matches" : "DOES NOT match"} the answers)`);
    say(`  ${run.requests} requests of ${options.batch} items, ${options.concurrency} in flight: ${seconds(run.wallMs)} wall`);
    if (serverCpuS !== null) {
      say(`  app server (pid ${serverPid}) used ${serverCpuS.toFixed(1)} CPU s: ${(1000 * serverCpuS / run.queued).toFixed(2)} ms per sample, i.e. ${Math.round(run.queued / serverCpuS).toLocaleString("en")} samples per CPU-second (machine load ${loadAverage()})`);
    }
    if (mainCpuS !== null) say(`  of which its main thread ${mainCpuS.toFixed(1)} CPU s (${(1000 * mainCpuS / run.queued).toFixed(2)} ms per sample), the rest worker threads; this bench's client ${clientCpuS.toFixed(1)} CPU s`);
    say(`  => ${Math.round(samplesPerS).toLocaleString("en")} samples/s (target >= ${TARGET_SAMPLES_PER_S}: ${samplesPerS >= TARGET_SAMPLES_PER_S ? "met" : "NOT met"}); per request p50 ${Math.round(p50)} ms, p95 ${Math.round(p95)} ms, max ${Math.round(Math.max(...run.latenciesMs))} ms`);
    return {
      samples_per_s: round(samplesPerS, 1),
      p95_ms: round(p95, 1),
      p50_ms: round(p50, 1),
      max_ms: round(Math.max(...run.latenciesMs), 1),
      upload_items: run.items,
      upload_queued: run.queued,
      upload_refused: run.refused,
      upload_refusals: Object.entries(run.refusals).map(([c, n]) => `${c}:${n}`).join(",") || null,
      upload_failed_requests: run.failures.length,
      upload_stored_samples: stored,
      upload_stored_bands: bands,
      upload_requests: run.requests,
      upload_items_per_request: options.batch,
      upload_concurrency: options.concurrency,
      upload_wall_s: round(run.wallMs / 1000, 2),
      server_cpu_s: serverCpuS === null ? null : round(serverCpuS, 2),
      server_cpu_ms_per_sample: serverCpuS === null ? null : round((1000 * serverCpuS) / run.queued, 3),
      samples_per_server_cpu_s: serverCpuS === null || serverCpuS === 0 ? null : round(run.queued / serverCpuS, 1),
      server_main_thread_cpu_ms_per_sample: mainCpuS === null ? null : round((1000 * mainCpuS) / run.queued, 3),
      client_cpu_ms_per_sample: round((1000 * clientCpuS) / run.queued, 3),
      load_average_1m: os.loadavg()[0] === undefined ? null : round(os.loadavg()[0]!, 2),
    };
  } finally {
    await db.$disconnect();
  }
}

type Indexes = { small: IndexedDb; large: IndexedDb; texts: GeneratedText[]; fillMs: number };

/** Part 2's data: two migrated SQLite files with 10,000 and 100,000 indexed samples. */
async function buildIndexes(dir: string, seed: number): Promise<Indexes> {
  const started = performance.now();
  const texts = generateReviews(INDEX_LARGE, seed * 7919 + 17);
  const fingerprints = await fingerprintAll(texts.map((t) => t.text));
  const fingerprinted = performance.now();
  const open = async (name: string, count: number) => {
    const file = path.join(dir, `${name}.db`);
    migrate(`file:${file}`);
    return fillIndex(prismaFor(`file:${file}`), file, texts.slice(0, count), fingerprints.slice(0, count));
  };
  const small = await open("index-10k", INDEX_SMALL);
  const large = await open("index-100k", INDEX_LARGE);
  const fillMs = performance.now() - started;
  say(`  ${INDEX_LARGE.toLocaleString("en")} texts fingerprinted in ${seconds(fingerprinted - started)}; 10k and 100k indexes written in ${seconds(performance.now() - fingerprinted)} (not part of any figure)`);
  return { small, large, texts, fillMs };
}

/** Part 2: lookup cost per item against both indexes, rounds alternating between them. */
async function benchLookups(indexes: Indexes, options: Options): Promise<Figures> {
  const random = prng(options.seed * 31 + 5);
  const avoid = new Set(indexes.texts.map((t) => textFingerprint(t.text)));
  const fresh = generateReviews(options.queries + 50, options.seed * 104_729 + 3, avoid);
  const editedCount = Math.round(options.queries * 0.2);
  const queryTexts = [
    ...fresh.slice(0, options.queries - editedCount).map((t) => t.text),
    ...Array.from({ length: editedCount }, () => editText(indexes.texts[Math.floor(random() * INDEX_SMALL)]!.text, 0.05, random)),
  ];
  queryTexts.forEach((text) => textSimilarityFingerprint(text)); // warms the JIT up in this thread (workers did the fill)
  const fingerprintStarted = performance.now();
  const queries = queryTexts.map((text) => textSimilarityFingerprint(text));
  const fingerprintMs = (performance.now() - fingerprintStarted) / queries.length;
  const warmup = fresh.slice(options.queries - editedCount).map((t) => textSimilarityFingerprint(t.text));

  for (const via of ["in_list", "json_each"] as const) for (const index of [indexes.small, indexes.large]) await timeLookups(index, warmup, via);
  const timings = { in_list: { small: [] as LookupTiming[], large: [] as LookupTiming[] }, json_each: { small: [] as LookupTiming[], large: [] as LookupTiming[] } };
  for (let r = 0; r < ROUNDS; r++) {
    for (const via of ["in_list", "json_each"] as const) {
      timings[via].small.push(await timeLookups(indexes.small, queries, via));
      timings[via].large.push(await timeLookups(indexes.large, queries, via));
    }
  }
  const figure = (via: LookupVia, key: keyof LookupTiming) => [median(timings[via].small.map((t) => t[key])), median(timings[via].large.map((t) => t[key]))] as const;
  const other: LookupVia = PRODUCT_LOOKUP === "in_list" ? "json_each" : "in_list";
  const single = figure(PRODUCT_LOOKUP, "msPerItem");
  const batch = figure(PRODUCT_LOOKUP, "batchMsPerItem");
  const candidates = figure(PRODUCT_LOOKUP, "meanCandidates");
  const otherSingle = figure(other, "msPerItem");
  const otherBatch = figure(other, "batchMsPerItem");
  const growth = single[1] / single[0];
  say(`  ${queries.length} query items (${queries.length - editedCount} unrelated, ${editedCount} 5%-edited copies; ${timings[PRODUCT_LOOKUP].large[0]!.refused} refused as near duplicates at 100k), ${ROUNDS} rounds per size, medians; candidates via ${PRODUCT_LOOKUP} as in ingest-samples.ts`);
  say(`  one item at a time: ${single[0].toFixed(3)} ms/item at 10k, ${single[1].toFixed(3)} ms/item at 100k => growth x${growth.toFixed(2)} (target < ${TARGET_GROWTH}: ${growth < TARGET_GROWTH ? "met" : "NOT met"})`);
  say(`  as one ${queries.length}-item batch (the upload path): ${batch[0].toFixed(3)} ms/item at 10k, ${batch[1].toFixed(3)} ms/item at 100k => growth x${(batch[1] / batch[0]).toFixed(2)}`);
  say(`  LSH candidates per item: ${candidates[0].toFixed(2)} at 10k, ${candidates[1].toFixed(2)} at 100k; fingerprinting (not included above): ${fingerprintMs.toFixed(3)} ms/item`);
  say(`  the same via ${other}: ${otherSingle[0].toFixed(3)} / ${otherSingle[1].toFixed(3)} ms/item one at a time, ${otherBatch[0].toFixed(3)} / ${otherBatch[1].toFixed(3)} ms/item batched (10k / 100k)`);
  const via = (name: LookupVia) => ({
    [`neardup_${name}_ms_per_item_10k`]: round(figure(name, "msPerItem")[0], 4),
    [`neardup_${name}_ms_per_item_100k`]: round(figure(name, "msPerItem")[1], 4),
    [`neardup_${name}_batch_ms_per_item_10k`]: round(figure(name, "batchMsPerItem")[0], 4),
    [`neardup_${name}_batch_ms_per_item_100k`]: round(figure(name, "batchMsPerItem")[1], 4),
  });
  return {
    neardup_ms_per_item_10k: round(single[0], 4),
    neardup_ms_per_item_100k: round(single[1], 4),
    neardup_growth_ratio: round(growth, 3),
    neardup_batch_ms_per_item_10k: round(batch[0], 4),
    neardup_batch_ms_per_item_100k: round(batch[1], 4),
    neardup_batch_growth_ratio: round(batch[1] / batch[0], 3),
    neardup_candidates_per_item_10k: round(candidates[0], 3),
    neardup_candidates_per_item_100k: round(candidates[1], 3),
    neardup_lookup_via: PRODUCT_LOOKUP,
    ...via("in_list"),
    ...via("json_each"),
    neardup_query_items: queries.length,
    neardup_rounds: ROUNDS,
    fingerprint_ms_per_item: round(fingerprintMs, 4),
    index_fill_s: round(indexes.fillMs / 1000, 1),
  };
}

/** Part 3: precision and recall against the 100,000-sample index. */
async function benchQuality(indexes: Indexes, options: Options): Promise<Figures> {
  const random = prng(options.seed * 7 + 99);
  const picked = new Set<number>();
  const positives: Positive[] = [];
  for (const rate of EDIT_RATES) {
    for (let i = 0; i < options.pairs; i++) {
      let at = Math.floor(random() * INDEX_LARGE);
      while (picked.has(at)) at = Math.floor(random() * INDEX_LARGE);
      picked.add(at);
      const original = indexes.texts[at]!.text;
      const edited = editText(original, rate, random);
      positives.push({ rate, originalId: indexes.large.ids[at]!, original, edited, fingerprint: textSimilarityFingerprint(edited) });
    }
  }
  const avoid = new Set(indexes.texts.map((t) => textFingerprint(t.text)));
  const negatives: Negative[] = generateReviews(options.negatives, options.seed * 15_485_863 + 11, avoid).map((t) => ({ text: t.text, fingerprint: textSimilarityFingerprint(t.text) }));
  const quality = await measureQuality(indexes.large, positives, negatives, MINHASH_PARAMETERS.nearDuplicateJaccard);

  const figures: Figures = {
    neardup_precision: round(quality.precision, 4),
    neardup_recall: round(quality.recall, 4),
    neardup_positives: quality.positives,
    neardup_negatives: quality.negatives,
    neardup_true_positives: quality.truePositives,
    neardup_false_positives: quality.falsePositives,
    neardup_false_positives_at_threshold: quality.falsePositivesAtThreshold,
    neardup_wrong_matches: quality.wrongMatches,
  };
  say(`  ${quality.positives} positives (${options.pairs} per edit rate) and ${quality.negatives} unrelated negatives against the 100k index`);
  say(`  precision ${pct(quality.precision)} (${quality.falsePositives} false positives), recall ${pct(quality.recall)} (${quality.truePositives} / ${quality.positives}; ${quality.wrongMatches} matched another sample than their original)`);
  if (quality.falsePositives > 0) {
    say(`    ${quality.falsePositivesAtThreshold} of the ${quality.falsePositives} false positives have an exact shingle Jaccard >= ${MINHASH_PARAMETERS.nearDuplicateJaccard} with the sample they matched (the generator wrote a near copy), e.g.:`);
  }
  for (const example of quality.falsePositiveExamples) {
    say(`      "${example.text}"`);
    say(`      ~ "${example.matchText}" (estimated ${example.similarity.toFixed(2)}, exact ${example.jaccard.toFixed(2)})`);
  }
  for (const r of quality.byRate) {
    const tag = `${Math.round(r.rate * 100)}pct`;
    const recall = r.detected / r.positives;
    say(
      `    ${String(Math.round(r.rate * 100)).padStart(2)}% of words edited: recall ${pct(recall).padStart(6)}; original among LSH candidates ${pct(r.candidate / r.positives).padStart(6)}; ` +
        `mean shingle Jaccard ${r.meanJaccard.toFixed(3)}; ${pct(r.atThreshold / r.positives)} of pairs reach the ${MINHASH_PARAMETERS.nearDuplicateJaccard} threshold, ${r.atThreshold ? pct(r.atThresholdDetected / r.atThreshold) : "-"} of those detected`,
    );
    figures[`neardup_recall_${tag}`] = round(recall, 4);
    figures[`neardup_lsh_candidate_rate_${tag}`] = round(r.candidate / r.positives, 4);
    figures[`neardup_mean_jaccard_${tag}`] = round(r.meanJaccard, 4);
    figures[`neardup_share_at_threshold_${tag}`] = round(r.atThreshold / r.positives, 4);
  }
  const atThreshold = quality.byRate.reduce((n, r) => n + r.atThreshold, 0);
  const atThresholdDetected = quality.byRate.reduce((n, r) => n + r.atThresholdDetected, 0);
  figures.neardup_recall_at_threshold = atThreshold ? round(atThresholdDetected / atThreshold, 4) : null;
  say(`  recall among pairs whose exact shingle Jaccard is >= ${MINHASH_PARAMETERS.nearDuplicateJaccard} (the product's definition of a near duplicate): ${atThreshold ? pct(atThresholdDetected / atThreshold) : "-"} (${atThresholdDetected} / ${atThreshold})`);
  return figures;
}

async function main(): Promise<void> {
  const parsed = parseArgs(process.argv.slice(2));
  if (parsed === "help") {
    say(USAGE);
    return;
  }
  const options = parsed;
  const started = performance.now();
  const dir = mkdtempSync(path.join(tmpdir(), "tessera-bench-ingest-"));
  let stack: Stack | null = null;
  let indexes: Indexes | null = null;
  let failed = false;
  const cleanUp = async () => {
    await stack?.stop();
    indexes?.small.connection.close();
    indexes?.large.connection.close();
    await Promise.all([indexes?.small.db.$disconnect(), indexes?.large.db.$disconnect()]);
    if (!options.keep && !failed) rmSync(dir, { recursive: true, force: true });
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      say(`\n${signal}: stopping the stack…`);
      failed = true;
      void cleanUp().finally(() => process.exit(130));
    });
  }

  const figures: Figures = {};
  try {
    say(`Ingest bench (seed ${options.seed}); temp dir ${dir}`);
    const uploadTexts = generateReviews(options.items + 200, options.seed);
    let stackStarted = 0;
    if (!options.skipHttp) {
      say(`1. Starting the stack (scripts/start.ts --prod --fresh: migrate, chain, contracts, seed, next build, next start); log: ${path.join(dir, "stack.log")}`);
      await waitForOtherProdStacks(say, 15 * 60_000);
      stackStarted = performance.now();
      stack = startStack(dir, await freePorts(), { uploadRateMax: 1_000_000, timeoutMs: 900_000, say });
    }
    if (!options.skipNearDup) {
      say(`2. Building the near-duplicate indexes${options.skipHttp ? "" : " while the stack starts"}`);
      indexes = await buildIndexes(dir, options.seed);
    }

    if (stack) {
      await stack.ready;
      figures.stack_start_s = round((performance.now() - stackStarted) / 1000, 1);
      say(`1. Bulk upload over HTTP: ${options.items.toLocaleString("en")} texts to ${stack.appUrl} (stack healthy after ${seconds(performance.now() - stackStarted)})`);
      Object.assign(figures, await benchUpload(stack, uploadTexts.slice(0, options.items), uploadTexts.slice(options.items), options));
      await stack.stop();
    } else {
      Object.assign(figures, { samples_per_s: null, p95_ms: null });
      say("1. Bulk upload over HTTP: skipped (--skip-http)");
    }

    if (indexes) {
      say(`2. Near-duplicate lookup cost with ${INDEX_SMALL.toLocaleString("en")} and ${INDEX_LARGE.toLocaleString("en")} samples indexed`);
      Object.assign(figures, await benchLookups(indexes, options));
      say("3. Near-duplicate precision and recall on paraphrase-like edits");
      Object.assign(figures, await benchQuality(indexes, options));
    } else {
      Object.assign(figures, { neardup_ms_per_item_10k: null, neardup_ms_per_item_100k: null, neardup_precision: null, neardup_recall: null });
      say("2./3. Near-duplicate parts: skipped (--skip-neardup)");
    }
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    await cleanUp();
    if (failed) say(`(kept ${dir} for inspection)`);
  }
  figures.total_s = round((performance.now() - started) / 1000, 1);
  say(`Done in ${seconds(performance.now() - started)}.`);
  const first = ["samples_per_s", "p95_ms", "neardup_ms_per_item_10k", "neardup_ms_per_item_100k", "neardup_growth_ratio", "neardup_precision", "neardup_recall"];
  say(JSON.stringify(Object.fromEntries([...first.filter((k) => k in figures).map((k) => [k, figures[k]]), ...Object.entries(figures).filter(([k]) => !first.includes(k))])));
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:ingest failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
