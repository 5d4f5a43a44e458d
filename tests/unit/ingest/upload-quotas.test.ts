import { describe, expect, it } from "vitest";
import { checkPendingCap, checkUploadQuota, uploadWindowStart } from "@/lib/domain/ingest/upload-quotas";

const MINUTE = 60_000;
const limit = { maxItems: 10, windowMs: 10 * MINUTE };
// 4 minutes into a window.
const windowStart = 1_800_000_000_000 - (1_800_000_000_000 % limit.windowMs);
const now = windowStart + 4 * MINUTE;

describe("checkUploadQuota (samples per fixed window)", () => {
  it.each([
    ["nothing counted yet, one sample", 0, 1, 9],
    ["a first upload that fills the window exactly", 0, 10, 0],
    ["the last samples of the window", 7, 3, 0],
  ])("allows %s", (_name, used, items, remaining) => {
    expect(checkUploadQuota(used, items, now, limit)).toEqual({ ok: true, value: { remaining } });
  });

  it.each([
    ["one sample past the limit", 10, 1],
    ["an upload that would overflow what is left", 7, 4],
    ["an upload larger than the whole window", 0, 11],
  ])("refuses %s, with the wait until the window ends", (_name, used, items) => {
    expect(checkUploadQuota(used, items, now, limit)).toMatchObject({
      ok: false,
      refusal: { code: "RATE_LIMITED", status: 429, details: { used, items, maxItems: 10, retryAfterMs: 6 * MINUTE } },
    });
  });

  it("says what was counted and when to come back", () => {
    const outcome = checkUploadQuota(7, 4, now, limit);
    expect(outcome.ok ? "" : outcome.refusal.message).toBe(
      "You have uploaded 7 samples in the last 10 minutes and this upload holds 4 more; the most allowed is 10 samples per 10 minutes. Try again in 6 minutes.",
    );
  });

  it("windows start at multiples of their length", () => {
    expect(uploadWindowStart(now, limit.windowMs)).toBe(windowStart);
    expect(uploadWindowStart(windowStart, limit.windowMs)).toBe(windowStart);
  });

  it("uses 6,000 samples per 10 minutes by default", () => {
    expect(checkUploadQuota(5_999, 1, now).ok).toBe(true);
    expect(checkUploadQuota(6_000, 1, now).ok).toBe(false);
  });

  it.each([{ maxItems: 0, windowMs: 1000 }, { maxItems: 1, windowMs: 0 }, { maxItems: 1.5, windowMs: 1000 }])("rejects the invalid limit %j", (bad) => {
    expect(() => checkUploadQuota(0, 1, now, bad)).toThrow(RangeError);
  });
});

describe("checkPendingCap", () => {
  it.each([
    [0, 500, true],
    [499, 500, true],
    [500, 500, false],
    [501, 500, false],
    [0, 1, true],
    [1, 1, false],
  ])("%i pending of at most %i -> allowed: %s", (pending, max, allowed) => {
    expect(checkPendingCap(pending, max).ok).toBe(allowed);
  });

  it("refuses with 429 and says why", () => {
    expect(checkPendingCap(500, 500)).toMatchObject({
      ok: false,
      refusal: {
        code: "PENDING_CAP_REACHED",
        status: 429,
        message: "You have 500 samples waiting for review in this campaign (the most allowed is 500); upload more once some have been reviewed.",
      },
    });
  });
});
