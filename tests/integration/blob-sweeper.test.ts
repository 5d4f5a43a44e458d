import { rmSync, utimesSync } from "node:fs";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { blobKeyOf } from "@/lib/server/storage/blob-key";
import { getEnv } from "@/lib/env";
import { db } from "@/lib/server/db";
import { runBlobSweeper } from "@/lib/jobs/blob-sweeper";
import { sweepOrphanBlobs } from "@/lib/server/storage/orphan-blobs";
import { defaultStorage } from "@/lib/server/storage/default-storage";
import { syntheticPhoto, utf8 } from "../fixtures/ingest/fixtures";
import { jsonl, postUpload, uploadForm } from "../fixtures/ingest/upload-requests";
import { makeCampaign } from "../support/campaigns";
import { resetDb } from "../support/db-reset";
import { userWithSession, type TestUser } from "../support/sessions";

const HOUR = 60 * 60 * 1000;
let contributor: TestUser;
beforeEach(async () => {
  await resetDb();
  rmSync(path.resolve(getEnv().blobDir), { recursive: true, force: true });
  contributor = await userWithSession({ name: "Ada" });
});

/** What a crash between the blob write and the insert leaves behind: a blob no row names. */
async function orphan(text: string): Promise<string> {
  const bytes = utf8(text);
  const { key } = await defaultStorage().put(blobKeyOf(bytes), bytes, { contentType: "text/plain" });
  return key;
}

/** Ages a blob of the local adapter (its layout: <root>/ab/cd/<key>), as if written `ms` ago. */
function age(key: string, ms: number): void {
  const when = new Date(Date.now() - ms);
  utimesSync(path.join(path.resolve(getEnv().blobDir), key.slice(0, 2), key.slice(2, 4), key), when, when);
}

async function storedImage(): Promise<string> {
  const campaign = await makeCampaign({ dataType: "IMAGE", labelSchema: { kind: "single_label", labels: ["stop", "yield"] } });
  const bytes = await syntheticPhoto("png", { seed: 9 });
  const { status } = await postUpload(contributor, campaign.id, uploadForm(jsonl({ file: "kept.png", labels: "stop" }), [{ name: "kept.png", bytes }]));
  expect(status).toBe(201);
  return (await db.sample.findFirstOrThrow()).blobKey!;
}

describe("the orphan blob sweeper", () => {
  it("removes blobs past the grace period that no row references, and keeps referenced and recent ones", async () => {
    const kept = await storedImage();
    const old = await orphan("left behind by a crash");
    const recent = await orphan("an upload still in flight");
    age(kept, 3 * HOUR);
    age(old, 3 * HOUR);
    const result = await sweepOrphanBlobs(defaultStorage(), { graceMs: HOUR });
    expect(result).toMatchObject({ removed: 1 });
    const storage = defaultStorage();
    expect(await storage.has(old)).toBe(false);
    expect(await storage.has(kept)).toBe(true);
    expect(await storage.has(recent)).toBe(true);
  });

  it("spares an old orphan that an upload has just put again, before its row is inserted", async () => {
    const key = await orphan("the same bytes, uploaded again after a crash");
    age(key, 3 * HOUR);
    // The upload's blob write finds the blob already there; its row is not written yet.
    const bytes = utf8("the same bytes, uploaded again after a crash");
    expect(await defaultStorage().put(key, bytes, { contentType: "text/plain" })).toMatchObject({ created: false });
    await sweepOrphanBlobs(defaultStorage(), { graceMs: HOUR });
    expect(await defaultStorage().has(key)).toBe(true);
  });

  it("runs in the worker's loop until stopped", async () => {
    const old = await orphan("swept by the loop");
    age(old, 3 * HOUR);
    const controller = new AbortController();
    const lines: string[] = [];
    const loop = runBlobSweeper({ storage: defaultStorage(), graceMs: HOUR, pollMs: 60_000, log: (line) => lines.push(line), signal: controller.signal });
    await expect.poll(() => defaultStorage().has(old)).toBe(false);
    controller.abort();
    await loop;
    expect(lines.join("\n")).toMatch(/blob sweeper: removed 1 orphan blob/);
  });
});
