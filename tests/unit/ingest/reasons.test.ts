import { describe, expect, it } from "vitest";
import { isAppError } from "@/lib/errors";
import { INGEST_REFUSAL_CODES, refusal, refusalToAppError, type IngestRefusalCode } from "@/lib/domain/ingest/reasons";

// The HTTP status of each reason is part of the API contract: a change here must be deliberate.
const EXPECTED_STATUS: Record<IngestRefusalCode, number> = {
  FILE_TOO_LARGE: 413,
  IMAGE_DIMENSIONS_TOO_LARGE: 413,
  CONTENT_TYPE_NOT_ACCEPTED: 415,
  EXECUTABLE_NOT_ACCEPTED: 415,
  MARKUP_NOT_ACCEPTED: 415,
  FILE_EMPTY: 422,
  TEXT_NOT_UTF8: 422,
  TEXT_CONTROL_CHARACTER: 422,
  TEXT_EMPTY: 422,
  TEXT_TOO_SHORT: 422,
  TEXT_TOO_LONG: 422,
  IMAGE_CORRUPT: 422,
  IMAGE_TOO_SMALL: 422,
  LABELS_INVALID: 422,
  DUPLICATE_CONTENT: 409,
  NEAR_DUPLICATE: 409,
  RATE_LIMITED: 429,
  PENDING_CAP_REACHED: 429,
};

describe("ingest refusal reasons", () => {
  it("is the closed set the API documents", () => {
    expect([...INGEST_REFUSAL_CODES].sort()).toEqual(Object.keys(EXPECTED_STATUS).sort());
  });

  it.each(Object.entries(EXPECTED_STATUS))("%s maps to HTTP %i", (code, status) => {
    expect(refusal(code as IngestRefusalCode, sampleParams[code as IngestRefusalCode] as never).status).toBe(status);
  });

  it.each(INGEST_REFUSAL_CODES)("%s has a sentence for people, with its parameters as details", (code) => {
    const refused = refusal(code, sampleParams[code] as never);
    expect(refused.message).toMatch(/^[A-Z'].*\.$/);
    expect(refused.message).not.toMatch(/undefined|NaN|\[object/);
    expect(refused.details).toEqual(sampleParams[code]);
  });

  it("becomes an AppError with the same status and message, and the code in details", () => {
    const refused = refusal("FILE_TOO_LARGE", { dataType: "IMAGE", sizeBytes: 25 * 1024 * 1024, maxBytes: 20 * 1024 * 1024 });
    const error = refusalToAppError(refused);
    expect(isAppError(error)).toBe(true);
    expect(error.status).toBe(413);
    expect(error.message).toBe("This file is 25 MB; the limit for images is 20 MB.");
    expect(error.details).toMatchObject({ reason: "FILE_TOO_LARGE", sizeBytes: 25 * 1024 * 1024 });
  });

  it.each([
    [
      "RATE_LIMITED",
      { used: 590, items: 20, maxItems: 600, windowMs: 600_000, retryAfterMs: 61_000 },
      "You have uploaded 590 samples in the last 10 minutes and this upload holds 20 more; the most allowed is 600 samples per 10 minutes. Try again in 61 seconds.",
    ],
    ["RATE_LIMITED", { used: 0, items: 800, maxItems: 600, windowMs: 600_000, retryAfterMs: 1 }, "This upload holds 800 samples, more than the 600 one wallet may upload per 10 minutes; split it into smaller uploads."],
    ["NEAR_DUPLICATE", { similarityPercent: 91 }, "This campaign already has a sample that is 91% similar to this one; near duplicates are not accepted."],
    ["TEXT_TOO_LONG", { length: 5001, maxLength: 5000 }, "This text is 5001 characters long; this campaign accepts at most 5000."],
    ["TEXT_TOO_SHORT", { length: 1, minLength: 20 }, "This text is 1 character long; this campaign needs at least 20."],
  ] as const)("%s reads well", (code, params, message) => {
    expect(refusal(code, params as never).message).toBe(message);
  });
});

const sampleParams: Record<IngestRefusalCode, unknown> = {
  FILE_TOO_LARGE: { dataType: "TEXT", sizeBytes: 600_000, maxBytes: 524_288 },
  IMAGE_DIMENSIONS_TOO_LARGE: { width: 20_000, height: 20_000, maxPixels: 40_000_000, maxSide: 16_384 },
  CONTENT_TYPE_NOT_ACCEPTED: { dataType: "TEXT", detected: "a PNG image", fileName: "cat.txt" },
  EXECUTABLE_NOT_ACCEPTED: { detected: "a Windows executable (PE)" },
  MARKUP_NOT_ACCEPTED: { markup: "HTML", startsWith: "<html" },
  FILE_EMPTY: {},
  TEXT_NOT_UTF8: { byteOffset: 3, looksLikeUtf16: false },
  TEXT_CONTROL_CHARACTER: { codePoint: "U+0000 (NUL)", position: 4 },
  TEXT_EMPTY: {},
  TEXT_TOO_SHORT: { length: 2, minLength: 10 },
  TEXT_TOO_LONG: { length: 6000, maxLength: 5000 },
  IMAGE_CORRUPT: { format: "png", problem: "the file ends too early" },
  IMAGE_TOO_SMALL: { width: 4, height: 4, minSide: 16 },
  LABELS_INVALID: { problems: ["'cat' is not one of the labels of this campaign: positive, negative, neutral."] },
  DUPLICATE_CONTENT: {},
  NEAR_DUPLICATE: { similarityPercent: 88 },
  RATE_LIMITED: { used: 590, items: 20, maxItems: 600, windowMs: 600_000, retryAfterMs: 30_000 },
  PENDING_CAP_REACHED: { pending: 500, maxPending: 500 },
};
