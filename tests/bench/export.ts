/**
 * Download export speed and memory: `npm run bench:export -- [--text N] [--images N] [--keep]`.
 *
 * A throwaway SQLite file, blob folder and export cache in a temp dir hold three published versions written directly
 * (tests/support/datasets.ts): 10,000 and --text (default 100,000) generated review texts, and --images (default
 * 5,000) small generated PNGs. For each version and format, a fresh child process serves the real download route
 * handler over HTTP (tests/bench/export/route-server.ts) and the bench downloads the zip with a download-scoped API
 * key, after one warm-up download of a 50-sample version in the same format (a fresh process spends about 2 s
 * compiling queries on its first export), writing it to disk. Two passes:
 * - cold (`cold_*`): nothing cached, the zip is encoded from the database while it streams, as for a buyer who
 *   downloads a version before the worker has built it;
 * - published (the headline figures): the cache is emptied, the worker's prebuilder step builds every download
 *   (`prebuild_seconds`), and the buyer's download is read from the finished file, as on a running stack.
 * Figures per run: time to first byte, zip MB/s over the whole request, the child's peak RSS. The baseline is reading
 * the same zip file back from disk in the same run (`raw_read_mb_per_s`, page cache warm, as the export's own reads
 * are). Leaf hashing is not part of an export, so the versions' roots are not computed (they would take minutes here
 * and nothing verifies). Human-readable lines first; the last line is one JSON object.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { once } from "node:events";
import sharp from "sharp";
import { migrate } from "./ingest/db";
import { ROOT, TSX_CLI } from "./ingest/stack";
import { generateReviews } from "./ingest/texts";

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

type Run = { label: string; zipBytes: number; seconds: number; ttfbMs: number; peakRssMb: number; baselineRssMb: number; file: string };

async function startServer(): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, [TSX_CLI, "--conditions=react-server", path.join(ROOT, "tests/bench/export/route-server.ts")], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "inherit"] });
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

async function downloadRun(label: string, versionId: string, format: string, key: string): Promise<Run> {
  const { child, port } = await startServer();
  try {
    // Warm-up, as a running server has had: one download of another, small version compiles the queries and the
    // encoders' hot paths (the first export in a process spends about 2 s on that, whatever its size).
    await (await fetch(`http://127.0.0.1:${port}/api/datasets/${warmUpVersionId}/download?format=${format}`, { headers: { authorization: `Bearer ${key}` } })).arrayBuffer();
    const baselineRss = await rssOf(port);
    const file = path.join(dir, `${label.replace(/\W+/g, "-")}.zip`);
    const started = performance.now();
    const response = await fetch(`http://127.0.0.1:${port}/api/datasets/${versionId}/download?format=${format}`, { headers: { authorization: `Bearer ${key}` } });
    if (response.status !== 200) throw new Error(`${label}: ${response.status} ${await response.text()}`);
    const out = createWriteStream(file);
    let ttfbMs = 0;
    let bytes = 0;
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      if (bytes === 0) ttfbMs = performance.now() - started;
      bytes += chunk.byteLength;
      if (!out.write(chunk)) await once(out, "drain");
    }
    out.end();
    await once(out, "close");
    const seconds = (performance.now() - started) / 1000;
    const run = { label, zipBytes: bytes, seconds, ttfbMs, peakRssMb: mb(await rssOf(port)), baselineRssMb: mb(baselineRss), file };
    console.log(`${label}: ${round(mb(bytes))} MB in ${round(seconds, 2)} s = ${round(mb(bytes) / seconds)} MB/s, first byte ${Math.round(ttfbMs)} ms, peak RSS ${round(run.peakRssMb)} MB (idle ${round(run.baselineRssMb)} MB)`);
    return run;
  } finally {
    child.kill("SIGTERM");
    await once(child, "exit");
  }
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

  // Published: the worker's prebuilder (the same function, run here) builds every download once after
  // publication; a buyer's download is then a read of the finished file.
  rmSync(env.EXPORT_CACHE_DIR, { recursive: true, force: true });
  const { prebuildNextExport } = await import("../../lib/server/datasets/prebuild-exports");
  t = performance.now();
  const prebuilt: string[] = [];
  for (;;) {
    const step = await prebuildNextExport(["parquet", "jsonl", "csv"], new Set());
    if ("idle" in step) break;
    if ("failed" in step) throw new Error(`prebuild of ${step.failed.label} ${step.failed.format} failed: ${step.failed.reason}`);
    prebuilt.push(`${step.built.label} ${step.built.format} ${round(step.built.ms / 1000, 2)} s`);
  }
  const prebuildSeconds = (performance.now() - t) / 1000;
  console.log(`prebuilt ${prebuilt.length} downloads in ${round(prebuildSeconds)} s: ${prebuilt.join(", ")}`);
  await db.$disconnect();
  const served = {
    p10k: await downloadRun("text-10k-parquet", small.versionId, "parquet", key),
    p100k: await downloadRun("text-100k-parquet", large.versionId, "parquet", key),
    j100k: await downloadRun("text-100k-jsonl", large.versionId, "jsonl", key),
    c100k: await downloadRun("text-100k-csv", large.versionId, "csv", key),
    img: await downloadRun("images-5k-parquet", imageVersion.versionId, "parquet", key),
  };

  // The baseline: the same bytes read back from disk, best of three (the first read may still come from disk).
  const raw = Math.max(...(await Promise.all([0, 1, 2].map(() => rawReadMbPerS(served.p100k.file)))));
  console.log(`raw read of the same ${round(mb(statSync(served.p100k.file).size))} MB: ${round(raw)} MB/s`);
  const mbPerS = (run: Run) => mb(run.zipBytes) / run.seconds;
  const peak = (runs: Record<string, Run>) => Math.max(...Object.values(runs).map((r) => r.peakRssMb));

  const figures = {
    text_samples: TEXT,
    image_samples: IMAGES,
    text_bytes_mb: round(mb(textBytes)),
    zip_mb: round(mb(served.p100k.zipBytes)),
    export_mb_per_s: round(mbPerS(served.p100k)),
    raw_read_mb_per_s: round(raw),
    read_speed_ratio: round(mbPerS(served.p100k) / raw, 3),
    peak_rss_mb: round(Math.max(peak(served), peak(cold))),
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
    cold_ttfb_ms_10k: Math.round(cold.p10k.ttfbMs),
    cold_image_export_mb_per_s: round(mbPerS(cold.img)),
    cold_image_peak_rss_mb: round(cold.img.peakRssMb),
    cold_image_ttfb_ms: Math.round(cold.img.ttfbMs),
    image_zip_mb: round(mb(served.img.zipBytes)),
    prebuild_seconds: round(prebuildSeconds),
  };
  if (!keep) rmSync(dir, { recursive: true, force: true });
  else console.log(`kept ${dir}`);
  console.log(JSON.stringify(figures));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
