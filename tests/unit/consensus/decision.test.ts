import { describe, expect, it } from "vitest";
import { decide, type Decision } from "../../../lib/domain/consensus";

describe("decide", () => {
  const campaign = { threshold: 0.9, minReviews: 3, maxReviews: 7 };

  it.each<[string, number, number, Decision]>([
    ["confident accept once k reviews are in", 0.95, 3, "ACCEPT"],
    ["accept exactly at the threshold", 0.9, 3, "ACCEPT"],
    ["reject exactly at 1 - threshold", 0.1, 3, "REJECT"],
    ["confident reject", 0.01, 5, "REJECT"],
    ["uncertain with reviews to spare", 0.5, 3, "NEED_MORE_REVIEWS"],
    ["just below the threshold", 0.8999, 6, "NEED_MORE_REVIEWS"],
    ["just above 1 - threshold", 0.1001, 6, "NEED_MORE_REVIEWS"],
    ["uncertain at k_max", 0.5, 7, "ESCALATE"],
    ["uncertain beyond k_max", 0.6, 9, "ESCALATE"],
    ["confident but fewer than k reviews", 0.99, 2, "NEED_MORE_REVIEWS"],
    ["confident reject but fewer than k reviews", 0.0, 1, "NEED_MORE_REVIEWS"],
    ["confident at k_max still accepts", 1, 7, "ACCEPT"],
    ["no reviews yet", 0.5, 0, "NEED_MORE_REVIEWS"],
  ])("%s (P=%s, n=%s) -> %s", (_, pAccept, reviews, expected) => {
    expect(decide({ ...campaign, pAccept, reviews })).toBe(expected);
  });

  it.each<[number, number, Decision]>([
    [0.95, 0.05, "REJECT"],
    [0.99, 0.01, "REJECT"],
    [0.8, 0.2, "REJECT"],
    [0.7, 0.3, "REJECT"],
    [1, 0, "REJECT"],
    [1, 0.99, "NEED_MORE_REVIEWS"],
  ])("with threshold %s, P=%s decides %s (no floating-point gap at 1 - t)", (threshold, pAccept, expected) => {
    expect(decide({ pAccept, threshold, reviews: 3, minReviews: 3, maxReviews: 5 })).toBe(expected);
  });

  it("escalates immediately when k = k_max and the posterior is uncertain", () => {
    expect(decide({ pAccept: 0.6, threshold: 0.9, reviews: 3, minReviews: 3, maxReviews: 3 })).toBe("ESCALATE");
  });

  it.each([
    ["a probability above 1", { pAccept: 1.2 }, /pAccept/],
    ["a NaN probability", { pAccept: NaN }, /pAccept/],
    ["a threshold of 0.5 (overlapping regions)", { threshold: 0.5 }, /threshold/],
    ["a threshold above 1", { threshold: 1.1 }, /threshold/],
    ["fractional reviews", { reviews: 2.5 }, /reviews/],
    ["negative k", { minReviews: -1 }, /minReviews/],
    ["k_max below k", { minReviews: 5, maxReviews: 4 }, /maxReviews/],
  ])("rejects %s", (_, override, message) => {
    expect(() => decide({ pAccept: 0.5, threshold: 0.9, reviews: 3, minReviews: 3, maxReviews: 7, ...override })).toThrow(message);
  });
});
