import { describe, expect, it } from "vitest";
import { compareRedundancy, DEFAULT_REDUNDANCY } from "../../bench/consensus-synthetic";

describe("adaptive redundancy (engine + decide, re-estimated after each round of extra reviews)", () => {
  const report = compareRedundancy({ ...DEFAULT_REDUNDANCY, items: 1000, seed: 1 });

  it("beats the fixed policy with the same minimum k", () => {
    expect(report.adaptiveAccuracy).toBeGreaterThan(report.fixedAccuracy[DEFAULT_REDUNDANCY.minReviews - 1]! + 0.05);
  });

  it("reaches the same accuracy as a fixed number of reviews with at least 30% fewer reviews", () => {
    expect(report.fixedReviewsPerItem).not.toBeNull();
    expect(report.fixedReviewsPerItem!).toBeLessThanOrEqual(report.fixedWholeK!);
    expect(report.fixedAccuracy[report.fixedWholeK! - 1]!).toBeGreaterThanOrEqual(report.adaptiveAccuracy);
    expect(report.savings!).toBeGreaterThanOrEqual(0.3);
  });

  it("stays within k..k_max reviews per sample and rates the always-accept spammers at chance", () => {
    expect(report.adaptiveReviewsPerItem).toBeGreaterThanOrEqual(DEFAULT_REDUNDANCY.minReviews);
    expect(report.adaptiveReviewsPerItem).toBeLessThanOrEqual(DEFAULT_REDUNDANCY.maxReviews);
    expect(report.reliabilityByKind["always-accept"]).toBeLessThan(0.6);
    expect(report.reliabilityByKind.reliable).toBeGreaterThan(0.8);
  });
});
