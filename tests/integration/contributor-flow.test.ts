// Issue 17 (contributor flow) against a real SQLite file: the upload route takes a campaign's URL name as well as
// its id (drafts still hidden, unknown names 404, nothing stored), a duplicate answer names only the uploader's own
// earlier sample, and the list services search, sort and page on the server.
import { rmSync } from "node:fs";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { POST as uploadRoute } from "@/app/api/campaigns/[id]/samples/route";
import { getEnv } from "@/lib/env";
import type { UploadResponse } from "@/lib/schemas/upload-result";
import { db } from "@/lib/server/db";
import { listGold } from "@/lib/server/gold/manage-gold";
import { listPublishedVersions } from "@/lib/server/datasets/list-datasets";
import { listMySamples } from "@/lib/server/samples/list-my-samples";
import { REVIEW, REVIEW_ONE_WORD_CHANGED } from "../fixtures/ingest/fixtures";
import { makeCampaign } from "../support/campaigns";
import { publishedVersion, textSamples } from "../support/datasets";
import { resetDb } from "../support/db-reset";
import { INTEGRATION } from "../support/ports";
import { pendingSample, sessionUser } from "../support/reviews";
import { requestAs, userWithSession, type TestUser } from "../support/sessions";

const line = (text: string) => JSON.stringify({ text, labels: "positive" });

async function upload(user: TestUser, ref: string, manifest: string) {
  const body = new FormData();
  body.append("manifest", manifest);
  const request = requestAs(user, `${INTEGRATION.appUrl}/api/campaigns/${ref}/samples`, { method: "POST", body });
  const response = await uploadRoute(request, { params: Promise.resolve({ id: ref }) });
  return { status: response.status, body: (await response.json()) as UploadResponse & { error?: { code: string; message: string } } };
}

let ada: TestUser;
let linus: TestUser;
beforeEach(async () => {
  await resetDb();
  rmSync(path.resolve(getEnv().blobDir), { recursive: true, force: true });
  ada = await userWithSession({ name: "Ada" });
  linus = await userWithSession({ name: "Linus" });
});

describe("the upload route names a campaign by id or URL name", () => {
  it("stores the same way through either", async () => {
    const campaign = await makeCampaign();
    expect((await upload(ada, campaign.slug, line(REVIEW))).status).toBe(201);
    const again = await upload(ada, campaign.id, line(REVIEW));
    expect(again.status).toBe(409);
    expect(await db.sample.count({ where: { campaignId: campaign.id } })).toBe(1);
  });

  it.each([
    ["an unknown name", async () => "no-such-campaign"],
    ["an unknown id", async () => "01900000-0000-7000-8000-000000000000"],
    ["a draft's URL name", async () => (await makeCampaign({ status: "DRAFT" })).slug],
    ["a draft's id", async () => (await makeCampaign({ status: "DRAFT" })).id],
  ])("answers 404 for %s and stores nothing", async (_what, ref) => {
    const answer = await upload(ada, await ref(), line(REVIEW));
    expect(answer.status).toBe(404);
    expect(answer.body.error?.message).toMatch(/^There is no campaign '.+' \(give its id or its URL name\)\.$/);
    expect(await db.sample.count()).toBe(0);
  });
});

describe("duplicate answers name only the uploader's own samples", () => {
  it("links your own earlier sample, never someone else's (exact and near duplicates)", async () => {
    const campaign = await makeCampaign();
    await upload(ada, campaign.slug, line(REVIEW));
    const adas = await db.sample.findFirstOrThrow({ select: { id: true } });

    const own = await upload(ada, campaign.slug, [line(REVIEW), line(REVIEW_ONE_WORD_CHANGED)].join("\n"));
    expect(own.body.results).toMatchObject([
      { status: "refused", code: "DUPLICATE_CONTENT", duplicateOf: adas.id },
      { status: "refused", code: "NEAR_DUPLICATE", duplicateOf: adas.id },
    ]);

    const other = await upload(linus, campaign.slug, [line(REVIEW), line(REVIEW_ONE_WORD_CHANGED)].join("\n"));
    expect(other.body.results.map((r) => r.status === "refused" && r.code)).toEqual(["DUPLICATE_CONTENT", "NEAR_DUPLICATE"]);
    expect(JSON.stringify(other.body)).not.toContain(adas.id);
    expect(other.body.results[0]).not.toHaveProperty("duplicateOf");
  });

  it("flags a near duplicate of someone else's sample without naming it", async () => {
    const campaign = await makeCampaign({ nearDuplicatePolicy: "FLAG" });
    await upload(ada, campaign.slug, line(REVIEW));
    const adas = await db.sample.findFirstOrThrow({ select: { id: true } });
    const other = await upload(linus, campaign.slug, line(REVIEW_ONE_WORD_CHANGED));
    expect(other.body.results[0]).toMatchObject({ status: "queued" });
    expect(JSON.stringify(other.body)).not.toContain(adas.id);
    const second = await makeCampaign({ nearDuplicatePolicy: "FLAG" });
    await upload(ada, second.slug, line(REVIEW));
    const first = await db.sample.findFirstOrThrow({ where: { campaignId: second.id }, select: { id: true } });
    const own = await upload(ada, second.slug, line(REVIEW_ONE_WORD_CHANGED));
    expect(own.body.results[0]).toMatchObject({ status: "queued", flaggedNearDuplicateOf: first.id });
  });
});

describe("lists search, sort and page on the server", () => {
  it("my samples: search by text, both sort orders, pages of the asked size, never anyone else's", async () => {
    const campaign = await makeCampaign();
    for (let i = 0; i < 7; i++) {
      const s = await pendingSample(campaign.id, ada.id, { text: `${i % 2 === 0 ? "Zebra" : "Okapi"} sample ${i}` });
      await db.sample.update({ where: { id: s.id }, data: { createdAt: new Date(Date.UTC(2026, 0, 1, 0, i)) } });
    }
    await pendingSample(campaign.id, linus.id, { text: "Zebra sample of Linus" });
    const user = { id: ada.id, address: ada.address, displayName: null, roles: [] };
    const page = (q: string, sort: "newest" | "oldest", p: number, size: number) => listMySamples(user, { q, sort, page: p, size }).then((r) => ({ total: r.total, texts: r.rows.map((x) => x.preview) }));
    expect(await page("zebra", "newest", 1, 3)).toEqual({ total: 4, texts: ["Zebra sample 6", "Zebra sample 4", "Zebra sample 2"] });
    expect(await page("zebra", "newest", 2, 3)).toEqual({ total: 4, texts: ["Zebra sample 0"] });
    expect(await page("zebra", "oldest", 1, 2)).toEqual({ total: 4, texts: ["Zebra sample 0", "Zebra sample 2"] });
    expect(await page("", "newest", 1, 100)).toMatchObject({ total: 7 });
    // LIKE's wildcards are not wildcards in a search box.
    expect(await page("%", "newest", 1, 100)).toMatchObject({ total: 7 });
    expect(await page("Zebra%6", "newest", 1, 100)).toEqual({ total: 1, texts: ["Zebra sample 6"] });
    expect(await page("Zebra_sample", "newest", 1, 100)).toMatchObject({ total: 4 });
    expect(await page("Zeb_x", "newest", 1, 100)).toMatchObject({ total: 0 });
  });

  it("gold candidates and published datasets", async () => {
    const admin = await sessionUser({ roles: ["ADMIN"] });
    const campaign = await makeCampaign();
    for (let i = 0; i < 5; i++) await pendingSample(campaign.id, ada.id, { text: `${i < 2 ? "Heron" : "Stork"} candidate ${i}` });
    const gold = await listGold(admin, campaign.id, { q: "heron", sort: "newest", page: 1, size: 20 });
    expect(gold.candidateTotal).toBe(2);
    expect(gold.candidates.map((c) => c.preview).sort()).toEqual(["Heron candidate 0", "Heron candidate 1"]);

    const contributor = { id: ada.id, address: ada.address };
    for (const [name, rows] of [["Alpha birds", 4], ["Beta birds", 9], ["Gamma fish", 2]] as const) {
      const v = await publishedVersion({ contributors: [contributor], samples: textSamples(rows), computeRoot: false });
      await db.dataset.update({ where: { id: v.datasetId }, data: { name } });
    }
    const names = async (q: string, sort: "newest" | "oldest" | "name" | "largest") => (await listPublishedVersions({ q, sort, page: 1, size: 20 })).rows.map((r) => r.dataset);
    expect(await names("birds", "name")).toEqual(["Alpha birds", "Beta birds"]);
    expect(await names("", "largest")).toEqual(["Beta birds", "Alpha birds", "Gamma fish"]);
    expect((await listPublishedVersions({ q: "", sort: "name", page: 2, size: 2 })).rows.map((r) => r.dataset)).toEqual(["Gamma fish"]);
  });
});
