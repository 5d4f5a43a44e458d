import { rmSync } from "node:fs";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { IMAGE_PIXEL_BUDGET_PER_UPLOAD } from "@/lib/domain/ingest/limits";
import { getEnv } from "@/lib/env";
import { db } from "@/lib/server/db";
import { decodeImage, type ImageDecoder } from "@/lib/server/ingest/image-probe";
import { uploadSamples } from "@/lib/server/ingest/upload-samples";
import { bigPixelPng, pngWithText } from "../fixtures/ingest/fixtures";
import { jsonl, leftovers, uploadForm, uploadRequest, type Part } from "../fixtures/ingest/upload-requests";
import { makeCampaign } from "../support/campaigns";
import { resetDb } from "../support/db-reset";
import { userWithSession, type TestUser } from "../support/sessions";

let contributor: TestUser;
const big = bigPixelPng();
beforeEach(async () => {
  await resetDb();
  rmSync(path.resolve(getEnv().blobDir), { recursive: true, force: true });
  contributor = await userWithSession({ name: "Ada" });
});

const imageCampaign = () => makeCampaign({ dataType: "IMAGE", labelSchema: { kind: "single_label", labels: ["stop", "yield"] } });

/** The real decoder, counted: the seam the upload path takes its decoder from. */
function countingDecoder(): { decoder: ImageDecoder; count: () => number } {
  let decodes = 0;
  return { decoder: (...args) => (decodes++, decodeImage(...args)), count: () => decodes };
}

function send(campaignId: string, files: Part[], decoder: ImageDecoder) {
  const body = uploadForm(jsonl(...files.map((f) => ({ file: f.name, labels: "stop" }))), files);
  return uploadSamples({ id: contributor.id, address: contributor.address, displayName: null, roles: [] }, campaignId, uploadRequest(contributor, campaignId, body), { decodeImage: decoder });
}

describe("images are hashed and de-duplicated before they are decoded", () => {
  it("decodes 100 copies of one big-pixel PNG in one request once, and refuses the copies as duplicates", async () => {
    const campaign = await imageCampaign();
    expect(big.length).toBeLessThan(8 * 1024);
    const files = Array.from({ length: 100 }, (_, i) => ({ name: `copy-${String(i).padStart(3, "0")}.png`, bytes: big }));
    const { decoder, count } = countingDecoder();
    const answer = await send(campaign.id, files, decoder);
    expect(count()).toBe(1);
    expect(answer.queued).toBe(1);
    const first = answer.results[0]!;
    const firstId = first.status === "queued" ? first.sampleId : "";
    expect(answer.results.slice(1).every((r) => r.status === "refused" && r.code === "DUPLICATE_CONTENT" && r.duplicateOf === firstId)).toBe(true);
    expect(await leftovers()).toEqual({ samples: 1, bands: 6, blobs: 1 });
  });

  it("refuses an image the campaign already holds without decoding it again", async () => {
    const campaign = await imageCampaign();
    await send(campaign.id, [{ name: "first.png", bytes: big }], countingDecoder().decoder);
    const stored = await db.sample.findFirstOrThrow();
    const { decoder, count } = countingDecoder();
    const answer = await send(campaign.id, [{ name: "again.png", bytes: big }], decoder);
    expect(count()).toBe(0);
    expect(answer.results[0]).toMatchObject({ status: "refused", code: "DUPLICATE_CONTENT", duplicateOf: stored.id });
  });

  it("refuses a request whose distinct images exceed the pixel budget with 413 before decoding any, storing nothing", async () => {
    const campaign = await imageCampaign();
    const perImage = 6_300 * 6_330;
    const count = Math.floor(IMAGE_PIXEL_BUDGET_PER_UPLOAD / perImage) + 1;
    // Different bytes (a comment chunk each), the same pixels: each is a full decode, none an exact duplicate.
    const files = Array.from({ length: count }, (_, i) => ({ name: `variant-${i}.png`, bytes: pngWithText(big, `variant ${i}`) }));
    const { decoder, count: decodes } = countingDecoder();
    await expect(send(campaign.id, files, decoder)).rejects.toMatchObject({
      code: "PAYLOAD_TOO_LARGE",
      message: expect.stringMatching(/^The images of this upload hold [\d.]+ megapixels in all; one request may hold at most [\d.]+ megapixels\. Split it into several requests\.$/),
    });
    expect(decodes()).toBe(0);
    expect(await leftovers()).toEqual({ samples: 0, bands: 0, blobs: 0 });
  });
});
