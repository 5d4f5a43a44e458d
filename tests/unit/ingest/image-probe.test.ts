import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { hammingDistance } from "@/lib/domain/ingest/dhash";
import { IMAGE_LIMITS } from "@/lib/domain/ingest/limits";
import { probeImage } from "@/lib/server/ingest/image-probe";
import { decompressionBombPng, elfExecutable, HTML_PAGE, REVIEW, reencodedCopy, syntheticPhoto, truncated, utf8 } from "../../fixtures/ingest/fixtures";

// Real sharp, real bytes: these tests exercise libvips itself, not a mock of it.

describe("probeImage: valid images", () => {
  it.each([
    ["png", "image/png"],
    ["jpeg", "image/jpeg"],
    ["webp", "image/webp"],
    ["gif", "image/gif"],
  ] as const)("reads a %s: format, dimensions and a dHash", async (format, mimeType) => {
    const outcome = await probeImage(await syntheticPhoto(format, { width: 120, height: 80 }));
    expect(outcome).toEqual({ ok: true, value: { format, mimeType, width: 120, height: 80, dHash: expect.stringMatching(/^[0-9a-f]{16}$/) } });
  });

  it("reports the dimensions as displayed, after EXIF orientation", async () => {
    const sideways = await sharp(await syntheticPhoto("png", { width: 120, height: 80 })).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    expect(await probeImage(sideways)).toMatchObject({ ok: true, value: { width: 80, height: 120 } });
  });

  it("hashes the same picture re-encoded and downscaled within the near-duplicate distance", async () => {
    const original = await syntheticPhoto("png", { seed: 7, width: 320, height: 240 });
    const copy = await reencodedCopy(original, 0.5, 50);
    const [a, b] = await Promise.all([probeImage(original), probeImage(copy)]);
    if (!a.ok || !b.ok) throw new Error("both images should be accepted");
    expect(hammingDistance(a.value.dHash, b.value.dHash)).toBeLessThanOrEqual(5);
  });

  it("hashes different pictures far apart", async () => {
    const hashes: string[] = [];
    for (const seed of [1, 2, 3, 4]) {
      const outcome = await probeImage(await syntheticPhoto("png", { seed, width: 160, height: 120 }));
      if (!outcome.ok) throw new Error("the image should be accepted");
      hashes.push(outcome.value.dHash);
    }
    for (let i = 0; i < hashes.length; i++) for (let j = i + 1; j < hashes.length; j++) expect(hammingDistance(hashes[i]!, hashes[j]!)).toBeGreaterThan(5);
  });

  it("hashes a transparent PNG like its flattened JPEG copy", async () => {
    const withAlpha = await sharp(await syntheticPhoto("png", { seed: 5, width: 160, height: 120 })).ensureAlpha(0.6).png().toBuffer();
    const flattened = await sharp(withAlpha).flatten({ background: "#ffffff" }).jpeg({ quality: 90 }).toBuffer();
    const [a, b] = await Promise.all([probeImage(withAlpha), probeImage(flattened)]);
    if (!a.ok || !b.ok) throw new Error("both images should be accepted");
    expect(hammingDistance(a.value.dHash, b.value.dHash)).toBeLessThanOrEqual(2);
  });
});

describe("probeImage: refusals", () => {
  it("refuses a decompression bomb from its header, quickly and without decoding it", async () => {
    const bomb = decompressionBombPng(20_000, 20_000);
    expect(bomb.length).toBeLessThan(4096); // "a few KB" that would be 1.2 GB of RGB pixels
    const rssBefore = process.memoryUsage().rss;
    const started = performance.now();
    const outcome = await probeImage(bomb);
    const elapsed = performance.now() - started;
    expect(outcome).toMatchObject({
      ok: false,
      refusal: {
        code: "IMAGE_DIMENSIONS_TOO_LARGE",
        status: 413,
        details: { width: 20_000, height: 20_000 },
        message: "This image is 20000 × 20000 pixels (400 megapixels); the limit is 40 megapixels and 16384 pixels per side.",
      },
    });
    expect(elapsed).toBeLessThan(1000);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(100 * 1024 * 1024);
  });

  it("is backed up by libvips' own pixel limit, which refuses the bomb even if asked to decode it", async () => {
    const decode = sharp(decompressionBombPng(20_000, 20_000), { limitInputPixels: IMAGE_LIMITS.maxPixels }).raw().toBuffer();
    await expect(decode).rejects.toThrow(/pixel limit/);
  });

  it("refuses an image just over the pixel limit, and accepts one just under", async () => {
    const limits = { ...IMAGE_LIMITS, maxPixels: 100 * 100 };
    expect(await probeImage(await syntheticPhoto("png", { width: 101, height: 100 }), limits)).toMatchObject({ ok: false, refusal: { code: "IMAGE_DIMENSIONS_TOO_LARGE" } });
    expect(await probeImage(await syntheticPhoto("png", { width: 100, height: 100 }), limits)).toMatchObject({ ok: true });
  });

  it.each(["png", "jpeg", "webp", "gif"] as const)("refuses a truncated %s", async (format) => {
    const whole = await syntheticPhoto(format, { width: 200, height: 150 });
    const outcome = await probeImage(truncated(whole, 0.6));
    expect(outcome).toMatchObject({ ok: false, refusal: { code: "IMAGE_CORRUPT", status: 422, details: { format } } });
  });

  it("refuses a PNG whose pixel data is damaged (the header still reads fine)", async () => {
    const whole = Buffer.from(await syntheticPhoto("png", { width: 200, height: 150 }));
    const idat = whole.indexOf("IDAT");
    for (let i = idat + 20; i < idat + 60; i++) whole[i] = 0x55;
    expect(await probeImage(whole)).toMatchObject({ ok: false, refusal: { code: "IMAGE_CORRUPT" } });
  });

  it("refuses an image smaller than the minimum side", async () => {
    expect(await probeImage(await syntheticPhoto("png", { width: 15, height: 64 }))).toMatchObject({
      ok: false,
      refusal: { code: "IMAGE_TOO_SMALL", message: "This image is 15 × 64 pixels; each side must be at least 16 pixels." },
    });
  });

  it.each([
    ["a text file renamed .png", utf8(REVIEW), "CONTENT_TYPE_NOT_ACCEPTED"],
    ["an executable", elfExecutable(), "EXECUTABLE_NOT_ACCEPTED"],
    ["an HTML page", HTML_PAGE, "MARKUP_NOT_ACCEPTED"],
  ])("never hands %s to sharp", async (_name, bytes, code) => {
    expect(await probeImage(bytes)).toMatchObject({ ok: false, refusal: { code } });
  });

  it("refuses an SVG, which libvips could render but campaigns do not accept", async () => {
    const svg = utf8('<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><rect width="64" height="64"/></svg>');
    expect(await probeImage(svg)).toMatchObject({ ok: false, refusal: { code: "MARKUP_NOT_ACCEPTED", details: { markup: "SVG" } } });
  });
});
