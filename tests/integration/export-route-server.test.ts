// bench:export's route server (tests/bench/export/route-server.ts) is the web server that died in issue 15: a download
// whose body failed part way emitted an unhandled 'error' event and Node exited, taking every other download with it.
// A failed body must end that one response; the server must go on answering.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { request } from "node:http";
import { rmSync } from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { getEnv } from "@/lib/env";
import { db } from "@/lib/server/db";
import { defaultStorage } from "@/lib/server/storage/default-storage";
import { publishedVersion, purchase, textSamples } from "../support/datasets";
import { resetDb } from "../support/db-reset";
import { userWithSession, type TestUser } from "../support/sessions";

const root = path.resolve(import.meta.dirname, "..", "..");

/** The route server as bench:export starts it, on this stack's database, blobs and export cache. */
async function startRouteServer(): Promise<{ child: ChildProcess; port: number; output: () => string }> {
  const child = spawn(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), "--conditions=react-server", path.join(root, "tests/bench/export/route-server.ts")], {
    cwd: root,
    env: process.env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stderr!.on("data", (chunk) => (out += String(chunk)));
  for await (const chunk of child.stdout!) {
    out += String(chunk);
    const port = /listening (\d+)/.exec(out)?.[1];
    if (port) return { child, port: Number(port), output: () => out };
  }
  throw new Error(`the route server exited before listening:\n${out}`);
}

type Got = { status: number; bytes: number; error: string | null };

/** A GET that reports how the response ended: whole, or cut (the error), never throwing. */
function get(port: number, pathname: string, headers: Record<string, string> = {}): Promise<Got> {
  return new Promise((resolve) => {
    const req = request({ host: "127.0.0.1", port, path: pathname, headers }, (res) => {
      let bytes = 0;
      res.on("data", (chunk: Buffer) => (bytes += chunk.length));
      res.on("end", () => resolve({ status: res.statusCode!, bytes, error: null }));
      res.on("error", (error) => resolve({ status: res.statusCode!, bytes, error: error.message }));
      res.on("aborted", () => resolve({ status: res.statusCode!, bytes, error: "aborted" }));
    });
    req.on("error", (error) => resolve({ status: 0, bytes: 0, error: error.message }));
    req.end();
  });
}

let server: Awaited<ReturnType<typeof startRouteServer>> | null = null;
let buyer: TestUser;
let contributor: TestUser;

beforeEach(async () => {
  await resetDb();
  rmSync(path.resolve(getEnv().blobDir), { recursive: true, force: true });
  rmSync(path.resolve(getEnv().exportCacheDir), { recursive: true, force: true });
  contributor = await userWithSession({ name: "Ada" });
  buyer = await userWithSession({ name: "Claude" });
});

afterEach(async () => {
  if (server && server.child.exitCode === null && server.child.signalCode === null) {
    server.child.kill("SIGTERM");
    await once(server.child, "exit");
  }
  server = null;
});

describe("bench:export's route server", () => {
  it("ends only the response whose build fails part way, and goes on serving downloads", async () => {
    const images = await Promise.all(
      Array.from({ length: 20 }, (_, i) => sharp({ create: { width: 8, height: 8, channels: 3, background: { r: i * 12, g: 40, b: 90 } } }).png().toBuffer()),
    );
    const broken = await publishedVersion({
      contributors: [contributor],
      dataType: "IMAGE",
      labelSchema: { kind: "single_label", labels: ["cat", "dog"] },
      storage: defaultStorage(),
      samples: images.map((bytes) => ({ image: { bytes, mimeType: "image/png" }, labels: "dog" })),
    });
    const text = await publishedVersion({ contributors: [contributor], samples: textSamples(30) });
    await purchase(broken.versionId, buyer.id);
    await purchase(text.versionId, buyer.id);
    // A stored file of the version goes missing: its build fails once the zip reaches it, after the first bytes left.
    const gone = await db.datasetVersionSample.findFirstOrThrow({ where: { versionId: broken.versionId, position: 15 }, select: { contentHash: true } });
    await defaultStorage().delete(gone.contentHash);

    server = await startRouteServer();
    const auth = { cookie: buyer.cookie };
    const failed = await get(server.port, `/api/datasets/${broken.versionId}/download?format=parquet`, auth);
    expect(failed.status).toBe(200); // the headers had gone out
    expect(failed.error).not.toBeNull(); // a cut response, never a complete-looking one

    // The server is still there, and serves the next download whole.
    await new Promise((resolve) => setTimeout(resolve, 500)); // an unhandled 'error' would have ended the process by now
    expect(server.child.exitCode, server.output()).toBeNull();
    expect((await get(server.port, "/__rss")).status).toBe(200);
    const next = await get(server.port, `/api/datasets/${text.versionId}/download?format=jsonl`, auth);
    expect(next).toMatchObject({ status: 200, error: null });
    expect(next.bytes).toBeGreaterThan(1000);
    expect(server.output()).toMatch(/route server: .*download.* failed/);
  }, 120_000);
});
