import { describe, expect, it } from "vitest";
import { fitIsDue, type FitPolicy } from "../../../lib/domain/consensus";

const policy: FitPolicy = { minNewReviews: 200, newShare: 0.01, maxAgeMs: 15_000 };
const now = new Date("2026-12-07T12:00:00Z");
const ago = (ms: number) => new Date(now.getTime() - ms);

describe("fitIsDue", () => {
  it.each([
    ["no snapshot, no reviews", null, 0, false],
    ["no snapshot, one review", null, 1, true],
    ["nothing new, however old the fit", { reviews: 500, fittedAt: ago(3_600_000) }, 0, false],
    ["a few new reviews on a fresh fit", { reviews: 500, fittedAt: ago(1_000) }, 10, false],
    ["a few new reviews on a fit as old as the limit", { reviews: 500, fittedAt: ago(15_000) }, 1, true],
    ["200 new reviews on a small campaign", { reviews: 500, fittedAt: ago(1_000) }, 200, true],
    ["200 new reviews are under 1% of a million", { reviews: 1_000_000, fittedAt: ago(1_000) }, 200, false],
    ["1% of a million", { reviews: 1_000_000, fittedAt: ago(1_000) }, 10_000, true],
  ])("%s", (_, lastFit, newReviews, due) => {
    expect(fitIsDue({ lastFit, newReviews, now }, policy)).toBe(due);
  });

  it.each([
    ["nothing new, a sample left undecided, the fit old enough", ago(15_000), true, true],
    ["nothing new, a sample left undecided, the fit fresh", ago(1_000), true, false],
    ["nothing new, nothing left undecided, the fit old", ago(3_600_000), false, false],
  ])("%s", (_, fittedAt, undecidedComplete, due) => {
    expect(fitIsDue({ lastFit: { reviews: 500, fittedAt }, newReviews: 0, now, undecidedComplete }, policy)).toBe(due);
  });

  it.each([
    ["a gold answer corrected since a fresh fit, nothing new", ago(1_000), true, true],
    ["no correction, nothing new, a fresh fit", ago(1_000), false, false],
  ])("%s", (_, fittedAt, goldCorrected, due) => {
    expect(fitIsDue({ lastFit: { reviews: 500, fittedAt }, newReviews: 0, now, goldCorrected }, policy)).toBe(due);
  });
});
