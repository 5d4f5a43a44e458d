import { describe, expect, it } from "vitest";
import { decideOutcome, type Decision, type OutcomeDecisionInput } from "../../../lib/domain/consensus";

// Classes of a 3-label campaign: 0 sports, 1 politics, 2 tech, 3 unacceptable.
const campaign = { unacceptable: 3, threshold: 0.9, minReviews: 3, maxReviews: 7 } as const;

describe("decideOutcome: one decision over labels and acceptability", () => {
  it.each<[string, number[], number, Decision, number | null]>([
    ["a label at the threshold ships with that label", [0.9, 0.05, 0.03, 0.02], 3, "ACCEPT", 0],
    ["another label than the contributor's can ship", [0.02, 0.95, 0.02, 0.01], 4, "ACCEPT", 1],
    ["unacceptable at the threshold rejects", [0.03, 0.03, 0.04, 0.9], 3, "REJECT", null],
    ["acceptable for sure but no label reaches it: one more review", [0.41, 0.26, 0.33, 0], 3, "NEED_MORE_REVIEWS", 0],
    ["the split case: sports, politics and tech, none at 90%", [0.4, 0.3, 0.25, 0.05], 3, "NEED_MORE_REVIEWS", 0],
    ["undecided at k_max escalates", [0.6, 0.1, 0.1, 0.2], 7, "ESCALATE", 0],
    ["confident but fewer than k reviews", [0.99, 0.01, 0, 0], 2, "NEED_MORE_REVIEWS", 0],
    ["no reviews yet", [0.25, 0.25, 0.25, 0.25], 0, "NEED_MORE_REVIEWS", 0],
    ["just below the threshold", [0.8999, 0.1001, 0, 0], 6, "NEED_MORE_REVIEWS", 0],
    ["confident at k_max still accepts", [1, 0, 0, 0], 7, "ACCEPT", 0],
  ])("%s", (_, posterior, reviews, decision, outcomeClass) => {
    const outcome = decideOutcome({ ...campaign, posterior, reviews });
    expect(outcome.decision).toBe(decision);
    expect(outcome.outcomeClass).toBe(outcomeClass);
  });

  it("gives the probability of the class that decided", () => {
    expect(decideOutcome({ ...campaign, posterior: [0.02, 0.95, 0.02, 0.01], reviews: 3 }).probability).toBe(0.95);
    expect(decideOutcome({ ...campaign, posterior: [0.03, 0.03, 0.04, 0.9], reviews: 3 }).probability).toBe(0.9);
  });

  it("accepts or rejects a binary sample as labeled (class 0 unacceptable, 1 accepted as labeled)", () => {
    const binary = { unacceptable: 0, threshold: 0.9, minReviews: 3, maxReviews: 5, reviews: 3 };
    expect(decideOutcome({ ...binary, posterior: [0.05, 0.95] }).decision).toBe("ACCEPT");
    expect(decideOutcome({ ...binary, posterior: [0.95, 0.05] }).decision).toBe("REJECT");
    expect(decideOutcome({ ...binary, posterior: [0.5, 0.5] }).decision).toBe("NEED_MORE_REVIEWS");
  });

  it("decides nothing but acceptance when every class is a label (a crowd replay)", () => {
    expect(decideOutcome({ unacceptable: null, threshold: 0.9, minReviews: 1, maxReviews: 1, reviews: 1, posterior: [0.05, 0.95] })).toMatchObject({ decision: "ACCEPT", outcomeClass: 1 });
    expect(decideOutcome({ unacceptable: null, threshold: 0.9, minReviews: 1, maxReviews: 1, reviews: 1, posterior: [0.5, 0.5] }).decision).toBe("ESCALATE");
  });

  it.each<[string, Partial<OutcomeDecisionInput>, RegExp]>([
    ["a threshold of 0.5 (two classes could both reach it)", { threshold: 0.5 }, /threshold must be in \(0\.5, 1\]/],
    ["a threshold above 1", { threshold: 1.1 }, /threshold/],
    ["k_max below k", { minReviews: 5, maxReviews: 4 }, /maxReviews \(4\) must be >= minReviews \(5\)/],
    ["fractional reviews", { reviews: 2.5 }, /reviews must be a whole number/],
    ["a posterior that does not sum to 1", { posterior: [0.5, 0.5, 0.5, 0] }, /sum to 1/],
    ["a probability above 1", { posterior: [1.2, -0.2, 0, 0] }, /\[0, 1\]/],
    ["an unacceptable class outside the classes", { unacceptable: 4 }, /unacceptable class 4/],
    ["a single class", { posterior: [1], unacceptable: null }, /at least 2 classes/],
  ])("refuses %s", (_, override, message) => {
    expect(() => decideOutcome({ ...campaign, posterior: [0.25, 0.25, 0.25, 0.25], reviews: 3, ...override })).toThrow(message);
  });
});
