import { rmSync } from "node:fs";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { getEnv } from "@/lib/env";
import { db } from "@/lib/server/db";
import { uploadSamples } from "@/lib/server/ingest/upload-samples";
import { seededRandom } from "@/lib/domain/consensus/seeded-random";
import { INVALID_UTF8, REVIEW, syntheticPhoto, utf8 } from "../fixtures/ingest/fixtures";
import { blobCount, jsonl, leftovers, postUpload, rawMultipart, uploadForm, uploadRequest } from "../fixtures/ingest/upload-requests";
import { makeCampaign } from "../support/campaigns";
import { resetDb } from "../support/db-reset";
import { userWithSession, type TestUser } from "../support/sessions";

let contributor: TestUser;
beforeEach(async () => {
  await resetDb();
  rmSync(path.resolve(getEnv().blobDir), { recursive: true, force: true });
  contributor = await userWithSession({ name: "Ada" });
});

const actorOf = (user: TestUser) => ({ id: user.id, address: user.address, displayName: null, roles: [] });
const imageCampaign = (options: { maxPending?: number } = {}) =>
  makeCampaign({ dataType: "IMAGE", labelSchema: { kind: "single_label", labels: ["stop", "yield"] }, nearDuplicatePolicy: "FLAG", ...options });

/** Distinct texts of about `length` characters made of seeded random words: far apart for the near-duplicate check. */
function randomTexts(count: number, length: number, seed = 7): string[] {
  const random = seededRandom(seed);
  const word = () => Array.from({ length: 3 + Math.floor(random() * 7) }, () => String.fromCharCode(97 + Math.floor(random() * 26))).join("");
  return Array.from({ length: count }, () => {
    let text = "";
    while (text.length < length) text += `${word()} `;
    return text.trim();
  });
}

describe("the pending cap holds under concurrent uploads", () => {
  it("stores exactly the cap from 10 concurrent requests of 5 images each, and keeps no blob of the refused ones", async () => {
    const campaign = await imageCampaign({ maxPending: 5 });
    const requests = await Promise.all(
      Array.from({ length: 10 }, async (_, r) => {
        const files = await Promise.all(Array.from({ length: 5 }, async (_, i) => ({ name: `r${r}-${i}.png`, bytes: await syntheticPhoto("png", { seed: 500 + r * 5 + i }) })));
        return uploadForm(jsonl(...files.map((f) => ({ file: f.name, labels: "stop" }))), files);
      }),
    );
    const answers = await Promise.all(requests.map((body) => postUpload(contributor, campaign.id, body)));
    const results = answers.flatMap((a) => a.body.results);
    expect(results.filter((r) => r.status === "queued")).toHaveLength(5);
    const refused = results.filter((r) => r.status === "refused");
    expect(refused).toHaveLength(45);
    for (const r of refused) expect(r).toMatchObject({ code: "PENDING_CAP_REACHED", httpStatus: 429, message: expect.stringMatching(/waiting for review in this campaign \(the most allowed is 5\)/) });
    expect(await db.sample.count()).toBe(5);
    expect(blobCount()).toBe(5);
  });
});

describe("manifest size limits", () => {
  // Lines of exactly 64 KiB with their line break: 512 of them fill 32 MiB to the byte, so a cut at that size
  // would fall on a line boundary and leave a well-formed, shorter manifest.
  const manifestOfLines = (count: number) =>
    Array.from({ length: count }, (_, i) => {
      const line = JSON.stringify({ text: String(i).padStart(6, "0") + "x".repeat(65_535 - 31 - 6), labels: "positive" });
      expect(line.length).toBe(65_535);
      return line;
    }).join("\n") + "\n";

  it("refuses a manifest field larger than the manifest limit with 413 instead of cutting it", async () => {
    const campaign = await makeCampaign();
    const { status, body } = await postUpload(contributor, campaign.id, uploadForm(manifestOfLines(522)));
    expect(status).toBe(413);
    expect(body.error?.message).toMatch(/manifest is larger than 32 MB/);
    expect(await leftovers()).toEqual({ samples: 0, bands: 0, blobs: 0 });
  });

  it("refuses a manifest file larger than the manifest limit with 413 and says so", async () => {
    const campaign = await makeCampaign();
    const { status, body } = await postUpload(contributor, campaign.id, uploadForm({ file: utf8(manifestOfLines(522)) }));
    expect(status).toBe(413);
    expect(body.error?.message).toMatch(/manifest is larger than 32 MB/);
    expect(await leftovers()).toEqual({ samples: 0, bands: 0, blobs: 0 });
  });

  it("accepts a manifest file larger than the per-item text limit (curl -F manifest=@manifest.jsonl)", async () => {
    const campaign = await makeCampaign();
    const texts = randomTexts(150, 4_000);
    const manifest = utf8(jsonl(...texts.map((text) => ({ text, labels: "positive" }))));
    expect(manifest.length).toBeGreaterThan(512 * 1024);
    const { status, body } = await postUpload(contributor, campaign.id, uploadForm({ file: manifest }));
    expect(status).toBe(201);
    expect(body.queued).toBe(150);
    expect(await db.sample.count()).toBe(150);
  });
});

describe("manifest text must be valid UTF-8", () => {
  const manifestBytes = () => new Uint8Array([...utf8(`${JSON.stringify({ text: REVIEW, labels: "positive" })}\n{"text": "`), ...INVALID_UTF8, ...utf8(` and more words after it to make a review", "labels": "positive"}\n`)]);

  it("refuses invalid UTF-8 in a manifest field with 422, naming the line, and stores nothing", async () => {
    const campaign = await makeCampaign();
    const { body, headers } = rawMultipart([{ name: "manifest", bytes: manifestBytes() }]);
    const answer = await postUpload(contributor, campaign.id, body as BodyInit, headers);
    expect(answer.status).toBe(422);
    expect(answer.body.error?.message).toMatch(/line 2 of the manifest is not valid UTF-8 \(the first bad byte is at offset \d+\)/);
    expect(await leftovers()).toEqual({ samples: 0, bands: 0, blobs: 0 });
  });

  it("still reads valid UTF-8 beyond ASCII exactly, as a field and as a file", async () => {
    const campaign = await makeCampaign();
    const [a, b] = randomTexts(2, 200, 3);
    const fieldText = `Crème brûlée, naïve café — 日本語のレビュー ✓ ${a}`;
    const fileText = `Ünïcödé all the way: Ελληνικά, русский, 🙂 ${b}`;
    expect((await postUpload(contributor, campaign.id, uploadForm(jsonl({ text: fieldText, labels: "positive" })))).status).toBe(201);
    expect((await postUpload(contributor, campaign.id, uploadForm({ file: utf8(jsonl({ text: fileText, labels: "positive" })) }))).status).toBe(201);
    const stored = await db.sample.findMany({ select: { textContent: true } });
    expect(stored.map((s) => s.textContent).sort()).toEqual([fieldText, fileText].sort());
  });

  it("refuses the same bytes in a manifest file the same way", async () => {
    const campaign = await makeCampaign();
    const answer = await postUpload(contributor, campaign.id, uploadForm({ file: manifestBytes() }));
    expect(answer.status).toBe(422);
    expect(answer.body.error?.message).toMatch(/line 2 of the manifest is not valid UTF-8/);
    expect(await leftovers()).toEqual({ samples: 0, bands: 0, blobs: 0 });
  });
});

describe("upload quotas: samples per wallet per window, in the database, and items per request", () => {
  // A day's window: a window edge (midnight UTC) falling inside a test is all but impossible.
  const call = (user: TestUser, campaignId: string, texts: string[], rateLimit = { maxItems: 5, windowMs: 24 * 60 * 60_000 }) =>
    uploadSamples(actorOf(user), campaignId, uploadRequest(user, campaignId, uploadForm(jsonl(...texts.map((text) => ({ text, labels: "positive" }))))), { rateLimit });

  it("counts samples, not requests, and refuses the request that would pass the limit with when to retry", async () => {
    const campaign = await makeCampaign();
    const [a, b, c, d, e, f] = randomTexts(6, 300);
    expect((await call(contributor, campaign.id, [a!, b!, c!])).queued).toBe(3);
    const before = await leftovers();
    await expect(call(contributor, campaign.id, [d!, e!, f!])).rejects.toMatchObject({
      code: "RATE_LIMITED",
      message: expect.stringMatching(/^You have uploaded 3 samples in the last 24 hours and this upload holds 3 more; the most allowed is 5 samples per 24 hours\. Try again in \d+ (seconds?|minutes|hours)\.$/),
    });
    expect(await leftovers()).toEqual(before);
    // What remains of the window is still there for a smaller upload.
    expect((await call(contributor, campaign.id, [d!, e!])).queued).toBe(2);
  });

  it("keeps the count in the database, per wallet, so that every web process sees it", async () => {
    const campaign = await makeCampaign();
    const other = await userWithSession({ name: "Grace" });
    const texts = randomTexts(8, 300, 11);
    await call(contributor, campaign.id, texts.slice(0, 4));
    await call(other, campaign.id, texts.slice(4, 8));
    const rows = await db.uploadQuota.findMany({ where: { userId: { in: [contributor.id, other.id] } } });
    expect(rows.map((r) => [r.userId, Number(r.items)]).sort()).toEqual([[contributor.id, 4], [other.id, 4]].sort());
  });

  it("refuses a request of more items than one request may carry with 413, and stores nothing", async () => {
    const campaign = await makeCampaign();
    const rows = Array.from({ length: 1001 }, (_, i) => `"Sample number ${i}: the screen is ${(i * 7919) % 10007} units",positive`);
    const { status, body } = await postUpload(contributor, campaign.id, uploadForm(["text,labels", ...rows].join("\n"), [], "csv"));
    expect(status).toBe(413);
    expect(body.error?.message).toMatch(/This upload holds 1001 items; one request may carry at most 1000\. Split it into several requests\./);
    expect(await leftovers()).toEqual({ samples: 0, bands: 0, blobs: 0 });
  });
});
