import { readdirSync, rmSync, statSync } from "node:fs";
import Database from "better-sqlite3";
import path from "node:path";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { POST as uploadRoute } from "@/app/api/campaigns/[id]/samples/route";
import { getEnv } from "@/lib/env";
import type { UploadResponse } from "@/lib/schemas/upload-result";
import { db } from "@/lib/server/db";
import { uploadSamples } from "@/lib/server/ingest/upload-samples";
import { defaultStorage } from "@/lib/server/storage/default-storage";
import { contentHash } from "@/lib/domain/ingest/content-hash";
import { textSimilarityFingerprint } from "@/lib/domain/ingest/duplicates";
import { directConnection } from "@/lib/server/sqlite-direct";
import { storeSamples } from "@/lib/server/ingest/store-samples";
import { HTML_PAGE, INVALID_UTF8, REVIEW, REVIEW_ONE_WORD_CHANGED, UNRELATED_REVIEW, decompressionBombPng, elfExecutable, syntheticPhoto, truncated, utf8 } from "../fixtures/ingest/fixtures";
import { makeCampaign } from "../support/campaigns";
import { resetDb } from "../support/db-reset";
import { INTEGRATION } from "../support/ports";
import { requestAs, userWithSession, type TestUser } from "../support/sessions";

type Part = { name: string; bytes: Uint8Array; type?: string };

function form(manifest: string, files: Part[] = [], manifestFormat?: "csv"): FormData {
  const body = new FormData();
  body.append("manifest", manifest);
  if (manifestFormat) body.append("manifestFormat", manifestFormat);
  for (const f of files) body.append("files", new Blob([Buffer.from(f.bytes)], { type: f.type ?? "application/octet-stream" }), f.name);
  return body;
}

const jsonl = (...rows: object[]) => rows.map((r) => JSON.stringify(r)).join("\n");

async function upload(user: TestUser | null, campaignId: string, body: FormData) {
  const request = requestAs(user, `${INTEGRATION.appUrl}/api/campaigns/${campaignId}/samples`, { method: "POST", body });
  const response = await uploadRoute(request, { params: Promise.resolve({ id: campaignId }) });
  return { status: response.status, body: (await response.json()) as UploadResponse & { error?: { code: string; message: string; details?: { line?: number } } } };
}

function blobCount(): number {
  const walk = (dir: string): number => {
    let n = 0;
    let entries: string[] = [];
    try {
      entries = readdirSync(dir);
    } catch {
      return 0;
    }
    for (const entry of entries) {
      if (entry === ".tmp") continue;
      const full = path.join(dir, entry);
      n += statSync(full).isDirectory() ? walk(full) : 1;
    }
    return n;
  };
  return walk(path.resolve(getEnv().blobDir));
}

async function leftovers() {
  return { samples: await db.sample.count(), bands: await db.sampleBand.count(), blobs: blobCount() };
}

let contributor: TestUser;
beforeEach(async () => {
  await resetDb();
  rmSync(path.resolve(getEnv().blobDir), { recursive: true, force: true });
  contributor = await userWithSession({ name: "Ada" });
});

describe("upload API: good uploads", () => {
  it("stores text items from a JSONL manifest as pending samples with their checks", async () => {
    const campaign = await makeCampaign();
    const { status, body } = await upload(contributor, campaign.id, form(jsonl({ text: REVIEW, labels: "positive" }, { text: UNRELATED_REVIEW, labels: "negative" })));
    expect(status).toBe(201);
    expect(body.queued).toBe(2);
    const samples = await db.sample.findMany({ orderBy: { createdAt: "asc" } });
    expect(samples.map((s) => [s.status, s.contributorId, s.labels])).toEqual([
      ["PENDING_REVIEW", contributor.id, "positive"],
      ["PENDING_REVIEW", contributor.id, "negative"],
    ]);
    expect(await db.sampleBand.count()).toBeGreaterThan(0);
  });

  it("stores an image as a content-addressed blob with its dimensions", async () => {
    const campaign = await makeCampaign({ dataType: "IMAGE", labelSchema: { kind: "single_label", labels: ["stop", "yield"] } });
    const photo = await syntheticPhoto("png", { seed: 1, width: 64, height: 48 });
    const { status, body } = await upload(contributor, campaign.id, form(jsonl({ file: "sign.png", labels: "stop" }), [{ name: "sign.png", bytes: photo }]));
    expect(status).toBe(201);
    const sample = await db.sample.findFirstOrThrow();
    expect(body.results[0]).toEqual({ line: 1, status: "queued", sampleId: sample.id });
    expect(sample).toMatchObject({ mimeType: "image/png", width: 64, height: 48, originalName: "sign.png" });
    expect(sample.blobKey).toMatch(/^[0-9a-f]{64}$/);
    expect(await defaultStorage().has(sample.blobKey!)).toBe(true);
  });

  it("accepts a CSV manifest and 1,000 items in one request", async () => {
    const campaign = await makeCampaign();
    const rows = Array.from({ length: 1000 }, (_, i) => `"Sample number ${i}: ${i % 7 === 0 ? "the battery lasts" : "the screen is"} ${(i * 7919) % 10007} units",positive`);
    const { status, body } = await upload(contributor, campaign.id, form(["text,labels", ...rows].join("\n"), [], "csv"));
    expect(status).toBe(201);
    expect(body.queued + body.refused).toBe(1000);
    expect(await db.sample.count()).toBe(body.queued);
    expect(body.queued).toBeGreaterThan(900);
  });

  it("accepts an API key with the upload scope instead of a session", async () => {
    const campaign = await makeCampaign();
    const { createApiKey } = await import("@/lib/server/api-keys/api-keys");
    const { key } = await createApiKey({ id: contributor.id, address: contributor.address, displayName: null, roles: [] }, { name: "script", scopes: ["upload"] });
    const request = requestAs(null, `${INTEGRATION.appUrl}/api/campaigns/${campaign.id}/samples`, { method: "POST", body: form(jsonl({ text: REVIEW, labels: "positive" })), headers: { authorization: `Bearer ${key}` } });
    const response = await uploadRoute(request, { params: Promise.resolve({ id: campaign.id }) });
    expect(response.status).toBe(201);
  });
});

describe("upload API: every bad input gets a clear 4xx and leaves no row and no blob", () => {
  type Case = { name: string; status: number; message: RegExp; run: () => Promise<{ status: number; body: { error?: { message: string }; results?: UploadResponse["results"] } }> };
  const textCampaign = () => makeCampaign();
  const imageCampaign = () => makeCampaign({ dataType: "IMAGE", labelSchema: { kind: "single_label", labels: ["stop", "yield"] } });
  const oneFile = async (campaign: { id: string }, name: string, bytes: Uint8Array, labels = "positive") => upload(contributor, campaign.id, form(jsonl({ file: name, labels }), [{ name, bytes }]));

  const cases: Case[] = [
    { name: "an oversized file", status: 413, message: /limit for text is/, run: async () => oneFile(await textCampaign(), "big.txt", utf8("a".repeat(600 * 1024))) },
    { name: "a PNG renamed .txt", status: 415, message: /PNG image.*name ends in \.txt/, run: async () => oneFile(await textCampaign(), "notes.txt", await syntheticPhoto("png", { seed: 2 })) },
    { name: "a text file renamed .png", status: 415, message: /plain text.*accepts PNG, JPEG, WebP or GIF images/, run: async () => oneFile(await imageCampaign(), "photo.png", utf8(REVIEW), "stop") },
    { name: "an executable", status: 415, message: /Executables are not accepted/, run: async () => oneFile(await textCampaign(), "run.txt", elfExecutable()) },
    { name: "an HTML file", status: 415, message: /HTML is not accepted/, run: async () => oneFile(await textCampaign(), "page.txt", HTML_PAGE) },
    { name: "a corrupted image", status: 422, message: /cannot be read/, run: async () => oneFile(await imageCampaign(), "broken.png", truncated(await syntheticPhoto("png", { seed: 3, width: 200, height: 200 })), "stop") },
    { name: "a decompression bomb", status: 413, message: /20000 × 20000/, run: async () => oneFile(await imageCampaign(), "bomb.png", decompressionBombPng(), "stop") },
    { name: "invalid UTF-8", status: 422, message: /not valid UTF-8/, run: async () => oneFile(await textCampaign(), "bad.txt", INVALID_UTF8) },
    { name: "labels not in the schema", status: 422, message: /'cat'|"cat"|cat/, run: async () => upload(contributor, (await textCampaign()).id, form(jsonl({ text: REVIEW, labels: "cat" }))) },
    { name: "a manifest naming a missing file", status: 400, message: /line 1 names "gone.png", but no file/, run: async () => upload(contributor, (await imageCampaign()).id, form(jsonl({ file: "gone.png", labels: "stop" }))) },
    { name: "a manifest with a duplicate row", status: 400, message: /lines 1 and 2 of the manifest are the same item/, run: async () => upload(contributor, (await textCampaign()).id, form(jsonl({ text: REVIEW, labels: "positive" }, { text: REVIEW, labels: "positive" }))) },
    { name: "a path like ../../etc/passwd", status: 400, message: /not a plain file name/, run: async () => upload(contributor, (await textCampaign()).id, form(jsonl({ file: "../../etc/passwd", labels: "positive" }), [{ name: "passwd", bytes: utf8("root:x:0:0") }])) },
    { name: "a malformed JSONL line", status: 400, message: /line 2 of the manifest is not valid JSON/, run: async () => upload(contributor, (await textCampaign()).id, form(`${JSON.stringify({ text: REVIEW, labels: "positive" })}\n{"text": oops}`)) },
    { name: "an upload to a closed campaign", status: 409, message: /closed: it does not accept uploads/, run: async () => upload(contributor, (await makeCampaign({ status: "CLOSED" })).id, form(jsonl({ text: REVIEW, labels: "positive" }))) },
    { name: "an upload without a session", status: 401, message: /Sign in/, run: async () => upload(null, (await textCampaign()).id, form(jsonl({ text: REVIEW, labels: "positive" }))) },
    { name: "a request that is not multipart", status: 415, message: /multipart\/form-data/, run: async () => {
      const campaign = await textCampaign();
      const response = await uploadRoute(requestAs(contributor, `${INTEGRATION.appUrl}/api/campaigns/${campaign.id}/samples`, { method: "POST", body: "{}", headers: { "content-type": "application/json" } }), { params: Promise.resolve({ id: campaign.id }) });
      return { status: response.status, body: await response.json() };
    } },
  ];

  it.each(cases)("$name → $status", async ({ run, status, message }) => {
    const result = await run();
    expect(result.status).toBe(status);
    const text = result.body.error?.message ?? result.body.results?.map((r) => (r.status === "refused" ? r.message : "")).join(" ");
    expect(text).toMatch(message);
    expect(await leftovers()).toEqual({ samples: 0, bands: 0, blobs: 0 });
  });

  it("refuses an exact and a near duplicate with 409, linking the earlier sample, and stores nothing new", async () => {
    const campaign = await makeCampaign();
    await upload(contributor, campaign.id, form(jsonl({ text: REVIEW, labels: "positive" })));
    const first = await db.sample.findFirstOrThrow();
    const before = await leftovers();
    const exact = await upload(contributor, campaign.id, form(jsonl({ text: `  ${REVIEW.toUpperCase()} ` , labels: "positive" })));
    expect(exact.status).toBe(409);
    expect(exact.body.results[0]).toMatchObject({ status: "refused", code: "DUPLICATE_CONTENT", duplicateOf: first.id });
    const near = await upload(contributor, campaign.id, form(jsonl({ text: REVIEW_ONE_WORD_CHANGED, labels: "positive" })));
    expect(near.status).toBe(409);
    expect(near.body.results[0]).toMatchObject({ status: "refused", code: "NEAR_DUPLICATE", duplicateOf: first.id });
    expect(await leftovers()).toEqual(before);
  });

  it("flags a near duplicate instead when the campaign says so", async () => {
    const campaign = await makeCampaign({ nearDuplicatePolicy: "FLAG" });
    await upload(contributor, campaign.id, form(jsonl({ text: REVIEW, labels: "positive" })));
    const first = await db.sample.findFirstOrThrow();
    const near = await upload(contributor, campaign.id, form(jsonl({ text: REVIEW_ONE_WORD_CHANGED, labels: "positive" })));
    expect(near.status).toBe(201);
    expect(near.body.results[0]).toMatchObject({ status: "queued", flaggedNearDuplicateOf: first.id });
  });

  it("refuses a burst past the rate limit with 429 and stores nothing from it", async () => {
    const campaign = await makeCampaign();
    const rateLimit = { maxItems: 2, windowMs: 24 * 60 * 60_000 };
    const call = (text: string) =>
      uploadSamples({ id: contributor.id, address: contributor.address, displayName: null, roles: [] }, campaign.id, requestAs(contributor, `${INTEGRATION.appUrl}/x`, { method: "POST", body: form(jsonl({ text, labels: "positive" })) }), { rateLimit });
    await call(REVIEW);
    await call(UNRELATED_REVIEW);
    const before = await leftovers();
    await expect(call("A third, completely different text about shipping times and packaging.")).rejects.toMatchObject({ code: "RATE_LIMITED", message: /try again in/ });
    expect(await leftovers()).toEqual(before);
  });

  it("keeps the good items of a mixed upload and says which made it", async () => {
    const campaign = await makeCampaign();
    const { status, body } = await upload(contributor, campaign.id, form(jsonl({ text: REVIEW, labels: "positive" }, { text: "   ", labels: "positive" }, { text: UNRELATED_REVIEW, labels: "nope" })));
    expect(status).toBe(201);
    expect(body.results.map((r) => [r.line, r.status])).toEqual([
      [1, "queued"],
      [2, "refused"],
      [3, "refused"],
    ]);
    expect(await db.sample.count()).toBe(1);
  });

  it("caps the samples one contributor may have waiting in a campaign", async () => {
    const campaign = await makeCampaign({ maxPending: 1 });
    const { body } = await upload(contributor, campaign.id, form(jsonl({ text: REVIEW, labels: "positive" }, { text: UNRELATED_REVIEW, labels: "negative" })));
    expect(body.results[1]).toMatchObject({ status: "refused", code: "PENDING_CAP_REACHED", httpStatus: 429 });
    expect(await db.sample.count()).toBe(1);
  });
});

describe("upload API: one request of many items", () => {
  it("refuses exact and near duplicates inside one request, linking the first copy", async () => {
    const campaign = await makeCampaign();
    const { status, body } = await upload(
      contributor,
      campaign.id,
      form(jsonl({ text: REVIEW, labels: "positive" }, { text: REVIEW_ONE_WORD_CHANGED, labels: "positive" }, { text: UNRELATED_REVIEW, labels: "negative" }, { text: `${REVIEW.toUpperCase()}  `, labels: "positive" })),
    );
    expect(status).toBe(201);
    const first = body.results[0]!;
    expect(first.status).toBe("queued");
    const firstId = first.status === "queued" ? first.sampleId : "";
    expect(body.results.map((r) => [r.line, r.status, r.status === "refused" ? r.code : null])).toEqual([
      [1, "queued", null],
      [2, "refused", "NEAR_DUPLICATE"],
      [3, "queued", null],
      [4, "refused", "DUPLICATE_CONTENT"],
    ]);
    expect(body.results[1]).toMatchObject({ duplicateOf: firstId, httpStatus: 409 });
    expect(body.results[3]).toMatchObject({ duplicateOf: firstId, httpStatus: 409 });
    expect(await db.sample.count()).toBe(2);
    expect(await db.sampleBand.count()).toBe(32);
  });

  it("stores only whole items when the database fails in the middle of a bulk upload, and says which made it", async () => {
    const campaign = await makeCampaign({ dataType: "IMAGE", labelSchema: { kind: "single_label", labels: ["stop", "yield"] } });
    const names = ["a.png", "b.png", "c.png", "d.png", "e.png"];
    const files = await Promise.all(names.map(async (name, i) => ({ name, bytes: await syntheticPhoto("png", { seed: 40 + i * 7 }) })));
    // A real fault inside the transaction: item c's Sample row is written, then its band rows are refused.
    await db.$executeRawUnsafe(`CREATE TRIGGER "test_fail_bands" BEFORE INSERT ON "SampleBand"
      WHEN (SELECT "originalName" FROM "Sample" WHERE "id" = NEW."sampleId") = 'c.png'
      BEGIN SELECT RAISE(ABORT, 'injected fault'); END`);
    try {
      const { status, body } = await upload(contributor, campaign.id, form(jsonl(...names.map((file) => ({ file, labels: "stop" }))), files));
      expect(status).toBe(201);
      expect(body.results.map((r) => [r.line, r.status])).toEqual([
        [1, "queued"],
        [2, "queued"],
        [3, "refused"],
        [4, "queued"],
        [5, "queued"],
      ]);
      expect(body.results[2]).toMatchObject({ code: "STORE_FAILED", httpStatus: 500, message: /nothing of it was kept/ });
      const samples = await db.sample.findMany({ select: { originalName: true, blobKey: true, _count: { select: { bands: true } } }, orderBy: { originalName: "asc" } });
      expect(samples.map((s) => s.originalName)).toEqual(["a.png", "b.png", "d.png", "e.png"]);
      // Every stored item is whole: its row, all its band rows and its blob; nothing of c is left.
      expect(new Set(samples.map((s) => s._count.bands))).toEqual(new Set([6]));
      expect(await db.sampleBand.count()).toBe(4 * 6);
      for (const sample of samples) expect(await defaultStorage().has(sample.blobKey!)).toBe(true);
      expect(blobCount()).toBe(4);
    } finally {
      await db.$executeRawUnsafe(`DROP TRIGGER IF EXISTS "test_fail_bands"`);
    }
  });

  it("skips an item whose content another upload stored after the duplicate check, keeping the rest of the batch", async () => {
    const campaign = await makeCampaign();
    const owner = { campaignId: campaign.id, contributorId: contributor.id, requiredReviews: 3, maxPending: 5000 };
    const item = (id: string, text: string) => ({
      id,
      contentHash: contentHash({ dataType: "TEXT", text }),
      mimeType: "text/plain; charset=utf-8",
      sizeBytes: text.length,
      textContent: text,
      bytes: null,
      width: null,
      height: null,
      labels: "positive",
      originalName: null,
      ...textSimilarityFingerprint(text),
      checks: {},
      nearDuplicateOfId: null,
    });
    const raced = item("raced-item", REVIEW);
    // The other upload's row, committed between this batch's duplicate check and its insert.
    await db.sample.create({ data: { campaignId: campaign.id, contributorId: contributor.id, contentHash: raced.contentHash, mimeType: raced.mimeType, sizeBytes: 1, textContent: REVIEW, labels: "positive" } });
    const outcomes = await storeSamples(owner, [raced, item("other-item", UNRELATED_REVIEW)], defaultStorage());
    expect(Object.fromEntries([...outcomes].map(([id, o]) => [id, o.kind]))).toEqual({ "raced-item": "duplicate", "other-item": "stored" });
    expect(await db.sample.count({ where: { id: "raced-item" } })).toBe(0);
    expect(await db.sampleBand.count()).toBe(16);
    expect(await db.sampleBand.count({ where: { sampleId: "other-item" } })).toBe(16);
  });
});

describe("upload API: sharing the database", () => {
  it("waits for a transaction of this process holding the write lock, without blocking it, then stores the upload", async () => {
    const campaign = await makeCampaign();
    // Count the upload's attempts to take the write lock (BEGIN IMMEDIATE on the direct connection).
    const connection = directConnection();
    const transaction = connection.transaction.bind(connection);
    let attempts = 0;
    const spy = vi.spyOn(connection, "transaction").mockImplementation(((work: () => unknown) => {
      const inner = transaction(work);
      return Object.assign(() => inner(), { immediate: () => (attempts++, inner.immediate()) });
    }) as unknown as typeof connection.transaction);
    // Another connection of this process (a second Prisma client or direct connection would do the same) writes, then
    // holds the lock until the upload has tried and failed to take it at least once: it can only get there if the
    // waiting upload leaves the event loop free.
    const holderConnection = new Database(getEnv().databaseUrl.replace(/^file:/, ""));
    try {
      holderConnection.exec("BEGIN IMMEDIATE");
      holderConnection.prepare(`UPDATE "User" SET "displayName" = 'Ada L.' WHERE "id" = ?`).run(contributor.id);
      const holder = (async () => {
        while (attempts < 2) await new Promise((resolve) => setImmediate(resolve));
        holderConnection.exec("COMMIT");
      })();
      const { status, body } = await upload(contributor, campaign.id, form(jsonl({ text: REVIEW, labels: "positive" }, { text: UNRELATED_REVIEW, labels: "negative" })));
      await holder;
      expect(status).toBe(201);
      expect(body.queued).toBe(2);
      expect(attempts).toBeGreaterThanOrEqual(2);
      expect(await db.sample.count()).toBe(2);
      expect(await db.sampleBand.count()).toBe(32);
      expect(await db.user.findUniqueOrThrow({ where: { id: contributor.id }, select: { displayName: true } })).toEqual({ displayName: "Ada L." });
    } finally {
      spy.mockRestore();
      holderConnection.close();
    }
  });
});
