import { describe, expect, it } from "vitest";
import { checkSize } from "@/lib/domain/ingest/size-check";
import { maxUploadBytes, TEXT_MAX_LENGTH_CEILING, UPLOAD_SIZE_LIMITS } from "@/lib/domain/ingest/limits";

const MiB = 1024 * 1024;

describe("checkSize", () => {
  it.each([
    ["TEXT", 1, null],
    ["TEXT", 512 * 1024, null],
    ["TEXT", 512 * 1024 + 1, "FILE_TOO_LARGE"],
    ["TEXT", 0, "FILE_EMPTY"],
    ["IMAGE", 20 * MiB, null],
    ["IMAGE", 20 * MiB + 1, "FILE_TOO_LARGE"],
    ["IMAGE", 0, "FILE_EMPTY"],
  ] as const)("%s of %i bytes -> %s", (dataType, size, code) => {
    const outcome = checkSize(dataType, size);
    expect(outcome.ok ? null : outcome.refusal.code).toBe(code);
  });

  it("refuses an oversized file with 413 and both sizes in words", () => {
    const outcome = checkSize("IMAGE", 31 * MiB);
    expect(outcome).toMatchObject({ ok: false, refusal: { code: "FILE_TOO_LARGE", status: 413, message: "This file is 31 MB; the limit for images is 20 MB." } });
  });

  it("rejects nonsense sizes as a programming error", () => {
    expect(() => checkSize("TEXT", -1)).toThrow(RangeError);
    expect(() => checkSize("TEXT", 1.5)).toThrow(RangeError);
  });

  it("never refuses by bytes a text the longest campaign limit accepts (4 bytes per character at most)", () => {
    expect(TEXT_MAX_LENGTH_CEILING * 4).toBeLessThanOrEqual(UPLOAD_SIZE_LIMITS.TEXT.maxBytes);
    expect(maxUploadBytes("TEXT")).toBe(UPLOAD_SIZE_LIMITS.TEXT.maxBytes);
  });
});
