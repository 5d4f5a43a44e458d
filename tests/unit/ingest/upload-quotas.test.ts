import { describe, expect, it } from "vitest";
import { checkPendingCap, checkUploadRate } from "@/lib/domain/ingest/upload-quotas";

const MINUTE = 60_000;
const now = 1_800_000_000_000;
const limit = { maxUploads: 3, windowMs: 10 * MINUTE };
const ago = (...minutes: number[]) => minutes.map((m) => now - m * MINUTE);

describe("checkUploadRate (sliding window)", () => {
  it.each([
    ["no uploads yet", ago(), { ok: true, remaining: 2 }],
    ["two in the window", ago(1, 2), { ok: true, remaining: 0 }],
    ["three, but one left the window exactly", ago(1, 2, 10), { ok: true, remaining: 0 }],
    ["three old ones outside the window", ago(11, 12, 30), { ok: true, remaining: 2 }],
  ])("allows %s", (_name, times, expected) => {
    const outcome = checkUploadRate(times, now, limit);
    expect(outcome.ok).toBe(expected.ok);
    expect(outcome.ok && outcome.value.remaining).toBe(expected.remaining);
  });

  it.each([
    ["three in the window", ago(1, 2, 9), 1 * MINUTE],
    ["three, unsorted", ago(9, 1, 2), 1 * MINUTE],
    ["five in the window: waits for the third-newest to expire", ago(1, 2, 3, 8, 9), 7 * MINUTE],
    ["three at this very instant", ago(0, 0, 0), 10 * MINUTE],
    ["a future timestamp (clock skew) counts", [now + MINUTE, ...ago(1, 2)], 8 * MINUTE],
  ])("refuses %s, with the wait until a slot frees", (_name, times, retryAfterMs) => {
    expect(checkUploadRate(times, now, limit)).toMatchObject({ ok: false, refusal: { code: "RATE_LIMITED", status: 429, details: { retryAfterMs } } });
  });

  it("tells the contributor when to come back", () => {
    const outcome = checkUploadRate(ago(1, 2, 9), now, limit);
    expect(outcome.ok ? "" : outcome.refusal.message).toBe("You have uploaded 3 samples in the last 10 minutes, the most allowed; try again in 60 seconds.");
  });

  it("uses 120 uploads per 10 minutes by default", () => {
    const times = Array.from({ length: 120 }, (_, i) => now - i * 1000);
    expect(checkUploadRate(times.slice(1), now).ok).toBe(true);
    expect(checkUploadRate(times, now).ok).toBe(false);
  });

  it.each([{ maxUploads: 0, windowMs: 1000 }, { maxUploads: 1, windowMs: 0 }, { maxUploads: 1.5, windowMs: 1000 }])("rejects the invalid limit %j", (bad) => {
    expect(() => checkUploadRate([], now, bad)).toThrow(RangeError);
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
