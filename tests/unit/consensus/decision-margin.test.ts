import { describe, expect, it } from "vitest";
import { decideOutcome } from "@/lib/domain/consensus";
import { decisionMarginFromDrifts, logit, MAX_DECISION_MARGIN, MIN_DRIFT_SAMPLES, posteriorDrift, requiredPosterior } from "@/lib/domain/consensus/decision-margin";

describe("requiredPosterior", () => {
  it.each([
    { threshold: 0.9, margin: 0, required: 0.9 },
    { threshold: 0.9, margin: Math.log(19) - Math.log(9), required: 0.95 },
    { threshold: 0.8, margin: Math.log(9) - Math.log(4), required: 0.9 },
    { threshold: 1, margin: 0.5, required: 1 },
  ])("threshold $threshold, margin $margin log-odds: $required", ({ threshold, margin, required }) => {
    expect(requiredPosterior(threshold, margin)).toBeCloseTo(required, 9);
  });

  it("refuses a negative margin", () => {
    expect(() => requiredPosterior(0.9, -0.1)).toThrow(/>= 0/);
  });
});

describe("decisionMarginFromDrifts", () => {
  const many = (n: number, f: (i: number) => number) => Array.from({ length: n }, (_, i) => f(i));
  it.each([
    { name: "too few acceptances measured", drifts: many(MIN_DRIFT_SAMPLES - 1, () => -1), margin: null },
    { name: "a settled model: nothing moved", drifts: many(200, () => 0), margin: 0 },
    { name: "posteriors that only rose", drifts: many(200, (i) => i / 100), margin: 0 },
    // 0..-0.99 in steps of 0.01: the 1% quantile of 100 values is the steepest fall
    { name: "falls of up to 0.99", drifts: many(100, (i) => -i / 100), margin: 0.99 },
    // 0..-1.99 in steps of 0.01: of 200 values, the second steepest
    { name: "falls of up to 1.99, capped", drifts: many(200, (i) => -i / 100), margin: MAX_DECISION_MARGIN },
    { name: "falls of up to 0.999", drifts: many(1000, (i) => -i / 1000), margin: 0.99 },
    { name: "a model still moving a lot is capped", drifts: many(100, () => -4), margin: MAX_DECISION_MARGIN },
    { name: "non-finite drifts are ignored", drifts: [...many(40, () => -0.2), Number.NaN, Number.NEGATIVE_INFINITY], margin: 0.2 },
  ])("$name", ({ drifts, margin }) => {
    const got = decisionMarginFromDrifts(drifts);
    if (margin === null) expect(got).toBeNull();
    else expect(got).toBeCloseTo(margin, 9);
  });
});

describe("posteriorDrift", () => {
  it("is the change in log-odds, negative when the posterior fell", () => {
    expect(posteriorDrift(0.9, 0.9)).toBe(0);
    expect(posteriorDrift(0.9, 0.8)).toBeCloseTo(logit(0.8) - logit(0.9), 12);
    expect(posteriorDrift(0.9, 0.8)).toBeLessThan(0);
    expect(Number.isFinite(posteriorDrift(1, 0))).toBe(true);
  });
});

describe("decideOutcome with a margin", () => {
  const base = { unacceptable: 2, threshold: 0.9, minReviews: 3, maxReviews: 5 };
  // 0.9 must then be cleared at 0.95
  const halfway = Math.log(19) - Math.log(9);
  it.each([
    { name: "no margin: 0.92 is accepted", posterior: [0.92, 0.05, 0.03], reviews: 3, margin: 0, decision: "ACCEPT" },
    { name: "a margin asks 0.92 for one more review", posterior: [0.92, 0.05, 0.03], reviews: 3, margin: halfway, decision: "NEED_MORE_REVIEWS" },
    { name: "0.96 clears the margin", posterior: [0.96, 0.02, 0.02], reviews: 3, margin: halfway, decision: "ACCEPT" },
    { name: "at k_max, inside the margin escalates", posterior: [0.92, 0.05, 0.03], reviews: 5, margin: halfway, decision: "ESCALATE" },
    { name: "a rejection must clear it too", posterior: [0.04, 0.04, 0.92], reviews: 3, margin: halfway, decision: "NEED_MORE_REVIEWS" },
    { name: "a clear rejection", posterior: [0.01, 0.01, 0.98], reviews: 3, margin: halfway, decision: "REJECT" },
    { name: "before k reviews nothing is decided", posterior: [0.99, 0.005, 0.005], reviews: 2, margin: 0, decision: "NEED_MORE_REVIEWS" },
  ])("$name", ({ posterior, reviews, margin, decision }) => {
    expect(decideOutcome({ ...base, posterior, reviews, margin }).decision).toBe(decision);
  });
});
