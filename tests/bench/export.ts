/**
 * Download export speed and memory: `npm run bench:export -- [--text N] [--images N] [--keep]`.
 *
 * A throwaway SQLite file, blob folder and export cache in a temp dir hold three published versions written directly
 * (tests/support/datasets.ts): 10,000 and --text (default 100,000) generated review texts, and --images (default
 * 5,000) small generated PNGs. For each version and format, a fresh child process serves the real download route
 * handler over HTTP (tests/bench/export/route-server.ts) and the bench downloads the zip with a download-scoped API
 * key, after one warm-up download of a 50-sample version in the same format (a fresh process spends about 2 s
 * compiling queries on its first export), with curl as the client (bytes to /dev/null). Three passes:
 * - cold (`cold_*`): nothing cached, the zip is encoded from the database while it streams, as for a buyer who
 *   downloads a version before the worker has built it;
 * - handed (`handed_*`): the same download with the worker's prebuilder running (requests only) in its own process:
 *   the web process hands the build to it and follows the worker's file instead of encoding the zip itself;
 * - published (the headline figures): the cache is emptied, every version's downloads are built as the worker's
 *   prebuilder builds them, each version in a child process with the worker's heap cap (`prebuild_*`: time and peak
 *   RSS), and the buyer's download is read from the finished file, as on a running stack. `peak_rss_mb` is the
 *   highest of those builds and the serving processes.
 * Figures per run: time to first byte, zip MB/s over the whole request (best of three requests when served from the
 * cache, five for the 100k Parquet), the child's peak RSS. The baseline is reading the served zip file from disk in
 * the same run, right after each of those five downloads, best of five (`raw_read_mb_per_s`, page cache warm, as the
 * server's own reads are). Leaf hashing is not part of an export, so the versions' roots are not computed (they
 * would take minutes here and nothing verifies). Human-readable lines first; the last line is one JSON object.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createReadStream, mkdtempSync, rmSync, statSync } from "node:fs";
import { get as httpGet, type IncomingMessage } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { once } from "node:events";
import sharp from "sharp";
import { migrate } from "./ingest/db";
import { ROOT, TSX_CLI } from "./ingest/stack";
import { generateReviews } from "./ingest/texts";
import { workerNodeOptions } from "../../lib/jobs/worker-heap";

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const TEXT = option("text", 100_000);
const IMAGES = option("images", 5_000);
const keep = args.includes("--keep");

const dir = mkdtempSync(path.join(tmpdir(), "tessera-bench-export-"));
const env = { DATABASE_URL: `file:${path.join(dir, "bench.db")}`, BLOB_DIR: path.join(dir, "blobs"), EXPORT_CACHE_DIR: path.join(dir, "exports"), CHAIN_ID: "31337" };
Object.assign(process.env, env);

const mb = (bytes: number) => bytes / 1_000_000;
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

/** Every child still running, stopped if the bench fails so that it exits instead of waiting on them. */
const children = new Set<ChildProcess>();

function track(child: ChildProcess): ChildProcess {
  children.add(child);
  child.once("exit", () => children.delete(child));
  return child;
}

/** The child's exit code (or signal), also when it has already exited: `once(child, "exit")` would then wait forever. */
function exitOf(child: ChildProcess): Promise<number | string> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode ?? child.signalCode!);
  return once(child, "exit").then(([code, signal]) => (code as number | null) ?? (signal as string));
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
  await exitOf(child);
}

type Run = { label: string; zipBytes: number; seconds: number; ttfbMs: number; peakRssMb: number; baselineRssMb: number; nodeClientSeconds: number | null };

async function startServer(): Promise<{ child: ChildProcess; port: number }> {
  const child = track(spawn(process.execPath, [TSX_CLI, "--conditions=react-server", path.join(ROOT, "tests/bench/export/route-server.ts")], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "inherit"] }));
  let out = "";
  for await (const chunk of child.stdout!) {
    out += String(chunk);
    const m = /listening (\d+)/.exec(out);
    if (m) return { child, port: Number(m[1]) };
  }
  throw new Error("the route server exited before listening");
}

async function rssOf(port: number): Promise<number> {
  return Number(await (await fetch(`http://127.0.0.1:${port}/__rss`)).text());
}

let warmUpVersionId = "";

type Got = { status: number; bytes: number; ttfbMs: number; ms: number };

/**
 * One GET by curl, the client a script downloads with (bytes to /dev/null; its own timings, so the process start is
 * not counted). A node:http client costs more than the server does here: against a bare createReadStream().pipe(res)
 * server it tops out at 200-250 MB/s on this machine where curl reads the same file at about 1 GB/s, so it measured
 * itself. It is still run once per served download (`node_client_*`), for comparison with earlier runs.
 */
async function curlGet(url: string, key: string): Promise<Got> {
  // --max-time: a server that stops sending without closing must fail the bench, not hold it.
  const child = track(spawn("curl", ["-s", "--max-time", "1800", "-o", "/dev/null", "-H", `Authorization: Bearer ${key}`, "-w", "%{http_code} %{size_download} %{time_starttransfer} %{time_total}", url], { stdio: ["ignore", "pipe", "inherit"] }));
  const exited = exitOf(child);
  let out = "";
  for await (const chunk of child.stdout!) out += String(chunk);
  const code = await exited;
  if (code !== 0) throw new Error(`curl ${url} exited with ${code}`);
  const [status, bytes, ttfb, total] = out.trim().split(" ").map(Number) as [number, number, number, number];
  return { status, bytes, ttfbMs: ttfb * 1000, ms: total * 1000 };
}

/** One GET by node:http, bytes counted, not kept. */
async function nodeGet(url: string, key: string): Promise<Got> {
  const started = performance.now();
  const response = await new Promise<IncomingMessage>((resolve, reject) => httpGet(url, { headers: { authorization: `Bearer ${key}` } }, resolve).on("error", reject));
  let ttfbMs = 0;
  let bytes = 0;
  for await (const chunk of response) {
    if (bytes === 0) ttfbMs = performance.now() - started;
    bytes += (chunk as Buffer).byteLength;
  }
  return { status: response.statusCode ?? 0, bytes, ttfbMs, ms: performance.now() - started };
}

/**
 * Downloads a version from a fresh route server: `repeat` times when it is served from the cache (best of them, as
 * the raw read is best of three), once when cold (a second request would find the cache).
 */
type RunOptions = { repeat?: number; afterEach?: () => Promise<void> };

async function downloadRun(label: string, versionId: string, format: string, key: string, { repeat = 1, afterEach }: RunOptions = {}): Promise<Run> {
  const { child, port } = await startServer();
  try {
    return await measure(label, versionId, format, key, port, { repeat, afterEach });
  } catch (error) {
    // A failed download with a server that no longer answers: say so (its own error, if any, is above).
    const answers = await rssOf(port).then(() => true, () => false);
    if (!answers) {
      const status = child.exitCode !== null || child.signalCode !== null ? `exit ${child.exitCode ?? child.signalCode}` : "not answering";
      throw new Error(`${label}: the route server died during the download (${status}); see its output above`, { cause: error });
    }
    throw error;
  } finally {
    await stop(child);
  }
}

async function measure(label: string, versionId: string, format: string, key: string, port: number, { repeat = 1, afterEach }: RunOptions): Promise<Run> {
  // Warm-up, as a running server has had: one download of another, small version compiles the queries and the
  // encoders' hot paths (the first export in a process spends about 2 s on that, whatever its size).
  await curlGet(`http://127.0.0.1:${port}/api/datasets/${warmUpVersionId}/download?format=${format}`, key);
  const baselineRss = await rssOf(port);
  const url = `http://127.0.0.1:${port}/api/datasets/${versionId}/download?format=${format}`;
  let best: Got | null = null;
  for (let i = 0; i < repeat; i++) {
    const got = await curlGet(url, key);
    if (got.status !== 200) throw new Error(`${label}: status ${got.status}`);
    if (best === null || got.ms < best.ms) best = got;
    await afterEach?.();
  }
  let nodeClientSeconds: number | null = null;
  if (repeat > 1) {
    const got = await nodeGet(url, key);
    if (got.status !== 200 || got.bytes !== best!.bytes) throw new Error(`${label}: node:http got status ${got.status}, ${got.bytes} bytes`);
    nodeClientSeconds = got.ms / 1000;
  }
  const run = { label, zipBytes: best!.bytes, seconds: best!.ms / 1000, ttfbMs: best!.ttfbMs, peakRssMb: mb(await rssOf(port)), baselineRssMb: mb(baselineRss), nodeClientSeconds };
  const viaNode = nodeClientSeconds === null ? "" : ` (node:http client: ${round(mb(run.zipBytes) / nodeClientSeconds)} MB/s)`;
  console.log(`${label}: ${round(mb(run.zipBytes))} MB in ${round(run.seconds, 3)} s = ${round(mb(run.zipBytes) / run.seconds)} MB/s${viaNode}, first byte ${Math.round(run.ttfbMs)} ms, peak RSS ${round(run.peakRssMb)} MB (idle ${round(run.baselineRssMb)} MB)`);
  return run;
}

/** Builds one version's downloads as the worker does, in a child with the worker's NODE_OPTIONS. */
async function prebuild(versionId: string): Promise<{ ms: Record<string, number>; peakRssMb: number }> {
  const child = track(spawn(process.execPath, [TSX_CLI, "--conditions=react-server", path.join(ROOT, "tests/bench/export/prebuild-child.ts"), versionId], {
    cwd: ROOT,
    env: { ...process.env, ...env, NODE_OPTIONS: workerNodeOptions(process.env.NODE_OPTIONS) },
    stdio: ["ignore", "pipe", "inherit"],
  }));
  const exited = exitOf(child);
  let out = "";
  for await (const chunk of child.stdout!) out += String(chunk);
  const code = await exited;
  if (code !== 0) throw new Error(`prebuilding ${versionId} failed (exit ${code})`);
  return JSON.parse(out.trim().split("\n").pop()!) as { ms: Record<string, number>; peakRssMb: number };
}

async function rawReadMbPerS(file: string): Promise<number> {
  const started = performance.now();
  let bytes = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) bytes += (chunk as Buffer).byteLength;
  return mb(bytes) / ((performance.now() - started) / 1000);
}

async function main(): Promise<void> {
  migrate(env.DATABASE_URL);
  const { db } = await import("../../lib/server/db");
  const { defaultStorage } = await import("../../lib/server/storage/default-storage");
  const { createApiKey } = await import("../../lib/server/api-keys/api-keys");
  const { publishedVersion, purchase } = await import("../support/datasets");

  const contributors = await Promise.all(Array.from({ length: 20 }, (_, i) => db.user.create({ data: { address: `0x${(i + 1).toString(16).padStart(40, "0")}` } })));
  const buyer = await db.user.create({ data: { address: `0x${"b".repeat(40)}` } });
  const { key } = await createApiKey({ id: buyer.id, address: buyer.address, displayName: null, roles: [] }, { name: "bench", scopes: ["download"] });

  let t = performance.now();
  const reviews = generateReviews(TEXT, 7);
  const texts = (n: number) => reviews.slice(0, n).map((r, i) => ({ text: r.text, labels: r.label, posterior: 0.9 + (i % 100) / 1000 }));
  const warmUp = await publishedVersion({ contributors, samples: texts(50), computeRoot: false });
  warmUpVersionId = warmUp.versionId;
  const small = await publishedVersion({ contributors, samples: texts(Math.min(10_000, TEXT)), computeRoot: false });
  const large = await publishedVersion({ contributors, samples: texts(TEXT), computeRoot: false });
  const textBytes = reviews.reduce((a, r) => a + Buffer.byteLength(r.text), 0);
  console.log(`generated ${TEXT} texts (${round(mb(textBytes))} MB) and a 10k version in ${round((performance.now() - t) / 1000)} s`);

  t = performance.now();
  const storage = defaultStorage();
  async function* images() {
    for (let i = 0; i < IMAGES; i++) {
      const pixels = Buffer.alloc(48 * 48 * 3);
      for (let p = 0; p < pixels.length; p++) pixels[p] = (p * 31 + i * 17 + ((p * i) % 251)) & 255;
      yield { bytes: await sharp(pixels, { raw: { width: 48, height: 48, channels: 3 } }).png().toBuffer(), mimeType: "image/png" };
    }
  }
  const imageSpecs = [];
  for await (const image of images()) imageSpecs.push({ image, labels: imageSpecs.length % 2 ? "cat" : "dog" });
  const imageVersion = await publishedVersion({ contributors, samples: imageSpecs, dataType: "IMAGE", labelSchema: { kind: "single_label", labels: ["cat", "dog"] }, storage, computeRoot: false });
  console.log(`generated ${IMAGES} PNGs in ${round((performance.now() - t) / 1000)} s`);
  for (const v of [warmUp, small, large, imageVersion]) await purchase(v.versionId, buyer.id);

  // Cold: nothing cached, the zip is encoded while it streams (a buyer who downloads before the worker built it).
  const cold = {
    p10k: await downloadRun("cold text-10k-parquet", small.versionId, "parquet", key),
    p100k: await downloadRun("cold text-100k-parquet", large.versionId, "parquet", key),
    j100k: await downloadRun("cold text-100k-jsonl", large.versionId, "jsonl", key),
    c100k: await downloadRun("cold text-100k-csv", large.versionId, "csv", key),
    img: await downloadRun("cold images-5k-parquet", imageVersion.versionId, "parquet", key),
  };

  // Handed to the worker: the buyer's request finds the worker's prebuilder idle (requests only, nothing prebuilt),
  // hands the build to it and follows the worker's file instead of encoding the zip itself (export-requests.ts).
  rmSync(env.EXPORT_CACHE_DIR, { recursive: true, force: true });
  const worker = track(spawn(process.execPath, [TSX_CLI, "--conditions=react-server", path.join(ROOT, "tests/bench/export/prebuilder-child.ts")], {
    cwd: ROOT,
    env: { ...process.env, ...env, NODE_OPTIONS: workerNodeOptions(process.env.NODE_OPTIONS) },
    stdio: ["ignore", "pipe", "inherit"],
  }));
  let workerOut = "";
  worker.stdout!.on("data", (chunk) => (workerOut += String(chunk)));
  const deadline = Date.now() + 60_000;
  while (!workerOut.includes("ready")) {
    if (Date.now() > deadline || worker.exitCode !== null) throw new Error("the prebuilder child did not start");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const handed = await downloadRun("cold text-100k-parquet, handed to the worker", large.versionId, "parquet", key);
  await stop(worker);
  const workerReport = JSON.parse(workerOut.trim().split("\n").pop()!) as { logs: string[]; peakRssMb: number };
  // The warm-up version's download was handed over too; the 100k one must have been built by the worker.
  const largeSlug = (await db.dataset.findUniqueOrThrow({ where: { id: large.datasetId }, select: { slug: true } })).slug;
  await db.$disconnect();
  if (!workerReport.logs.some((line) => line.includes(`${largeSlug} `) && line.includes("parquet built (asked for by a download)"))) {
    throw new Error(`the worker did not build the handed-over download: ${JSON.stringify(workerReport.logs)}`);
  }

  // Published: the worker builds every download once after publication (here each version in a process of its own,
  // with the worker's heap cap, to read its peak RSS); a buyer's download is then a read of the finished file.
  rmSync(env.EXPORT_CACHE_DIR, { recursive: true, force: true });
  t = performance.now();
  const prebuilt = {
    warmUp: await prebuild(warmUp.versionId),
    p10k: await prebuild(small.versionId),
    p100k: await prebuild(large.versionId),
    img: await prebuild(imageVersion.versionId),
  };
  const prebuildSeconds = (performance.now() - t) / 1000;
  for (const [name, p] of Object.entries(prebuilt)) console.log(`prebuilt ${name}: ${Object.entries(p.ms).map(([f, ms]) => `${f} ${round(ms / 1000, 2)} s`).join(", ")}; peak RSS ${round(p.peakRssMb)} MB`);
  // The baseline: the same bytes (the cached zip the server sends) read from disk, right after each of the 100k
  // Parquet downloads, so that both see the same machine (a busy moment halves either); best of five each.
  const servedKey = (await import("../../lib/server/datasets/version-export")).exportKey(large.versionId, "parquet");
  const servedFile = path.join(env.EXPORT_CACHE_DIR, `${servedKey}.zip`);
  let raw = 0;
  const readRaw = async () => {
    raw = Math.max(raw, await rawReadMbPerS(servedFile));
  };
  const served = {
    p10k: await downloadRun("text-10k-parquet", small.versionId, "parquet", key, { repeat: 3 }),
    p100k: await downloadRun("text-100k-parquet", large.versionId, "parquet", key, { repeat: 5, afterEach: readRaw }),
    j100k: await downloadRun("text-100k-jsonl", large.versionId, "jsonl", key, { repeat: 3 }),
    c100k: await downloadRun("text-100k-csv", large.versionId, "csv", key, { repeat: 3 }),
    img: await downloadRun("images-5k-parquet", imageVersion.versionId, "parquet", key, { repeat: 3 }),
  };
  if (statSync(servedFile).size !== served.p100k.zipBytes) throw new Error("the served 100k Parquet zip is not the cached file read as the baseline");
  console.log(`raw read of the same ${round(mb(served.p100k.zipBytes))} MB: ${round(raw)} MB/s`);
  const mbPerS = (run: Run) => mb(run.zipBytes) / run.seconds;
  const peak = (runs: Record<string, Run>) => Math.max(...Object.values(runs).map((r) => r.peakRssMb));

  const figures = {
    text_samples: TEXT,
    image_samples: IMAGES,
    text_bytes_mb: round(mb(textBytes)),
    zip_mb: round(mb(served.p100k.zipBytes)),
    export_mb_per_s: round(mbPerS(served.p100k)),
    node_client_export_mb_per_s: round(mb(served.p100k.zipBytes) / served.p100k.nodeClientSeconds!),
    raw_read_mb_per_s: round(raw),
    read_speed_ratio: round(mbPerS(served.p100k) / raw, 3),
    peak_rss_mb: round(Math.max(peak(served), ...Object.values(prebuilt).map((p) => p.peakRssMb))),
    ttfb_ms: Math.round(served.p100k.ttfbMs),
    served_peak_rss_mb: round(peak(served)),
    jsonl_export_mb_per_s: round(mbPerS(served.j100k)),
    image_export_mb_per_s: round(mbPerS(served.img)),
    cold_export_mb_per_s: round(mbPerS(cold.p100k)),
    cold_read_speed_ratio: round(mbPerS(cold.p100k) / raw, 3),
    cold_export_samples_per_s: Math.round(TEXT / cold.p100k.seconds),
    cold_jsonl_export_mb_per_s: round(mbPerS(cold.j100k)),
    cold_csv_export_mb_per_s: round(mbPerS(cold.c100k)),
    cold_peak_rss_mb: round(peak(cold)),
    cold_peak_rss_mb_10k: round(cold.p10k.peakRssMb),
    cold_peak_rss_mb_100k: round(cold.p100k.peakRssMb),
    cold_peak_rss_mb_jsonl_100k: round(cold.j100k.peakRssMb),
    cold_peak_rss_mb_csv_100k: round(cold.c100k.peakRssMb),
    idle_rss_mb: round(cold.p100k.baselineRssMb),
    cold_ttfb_ms: Math.round(cold.p100k.ttfbMs),
    handed_export_mb_per_s: round(mbPerS(handed)),
    handed_ttfb_ms: Math.round(handed.ttfbMs),
    handed_web_peak_rss_mb: round(handed.peakRssMb),
    handed_web_idle_rss_mb: round(handed.baselineRssMb),
    handed_worker_peak_rss_mb: round(workerReport.peakRssMb),
    cold_ttfb_ms_10k: Math.round(cold.p10k.ttfbMs),
    cold_image_export_mb_per_s: round(mbPerS(cold.img)),
    cold_image_peak_rss_mb: round(cold.img.peakRssMb),
    cold_image_ttfb_ms: Math.round(cold.img.ttfbMs),
    image_zip_mb: round(mb(served.img.zipBytes)),
    prebuild_seconds: round(prebuildSeconds),
    prebuild_parquet_100k_s: round(prebuilt.p100k.ms.parquet! / 1000, 2),
    prebuild_peak_rss_mb: round(Math.max(...Object.values(prebuilt).map((p) => p.peakRssMb))),
    prebuild_peak_rss_mb_10k: round(prebuilt.p10k.peakRssMb),
    prebuild_peak_rss_mb_100k: round(prebuilt.p100k.peakRssMb),
  };
  if (!keep) rmSync(dir, { recursive: true, force: true });
  else console.log(`kept ${dir}`);
  console.log(JSON.stringify(figures));
}

main().catch(async (error: unknown) => {
  console.error(error);
  console.error("bench:export failed; no figures.");
  process.exitCode = 1;
  await Promise.all([...children].map(stop));
  // The database client and other handles of the failed run must not keep a failed bench waiting.
  process.exit(1);
});
