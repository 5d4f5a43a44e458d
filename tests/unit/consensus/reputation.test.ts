import { describe, expect, it } from "vitest";
import {
  betaCdf,
  betaQuantile,
  contributorAcceptance,
  reviewerPriorFromReputation,
  reviewerReliability,
} from "../../../lib/domain/consensus";

describe("betaCdf and betaQuantile", () => {
  it.each<[string, number, number, number, number]>([
    // Closed forms: Beta(a, 1) has CDF x^a, Beta(1, b) has CDF 1 - (1 - x)^b.
    ["uniform", 0.3, 1, 1, 0.3],
    ["Beta(3, 1)", 0.5, 3, 1, 0.125],
    ["Beta(1, 4)", 0.2, 1, 4, 1 - 0.8 ** 4],
    ["Beta(2, 2) at its median", 0.5, 2, 2, 0.5],
    ["Beta(2, 3) at 0.4 (polynomial form)", 0.4, 2, 3, 0.5248],
    ["large counts, symmetric", 0.5, 500, 500, 0.5],
  ])("CDF of %s", (_, x, a, b, expected) => {
    expect(betaCdf(x, a, b)).toBeCloseTo(expected, 10);
  });

  it.each<[number, number, number, number]>([
    [0.05, 1, 1, 0.05],
    [0.05, 3, 1, 0.05 ** (1 / 3)],
    [0.05, 1, 3, 1 - 0.95 ** (1 / 3)],
    [0.5, 7, 7, 0.5],
  ])("quantile %s of Beta(%s, %s) is %s", (q, a, b, expected) => {
    expect(betaQuantile(q, a, b)).toBeCloseTo(expected, 10);
  });

  it("inverts the CDF on skewed parameters", () => {
    for (const [a, b] of [[0.5, 0.5], [90, 10], [2.5, 40]] as const) {
      for (const q of [0.01, 0.05, 0.5, 0.95]) expect(betaCdf(betaQuantile(q, a, b), a, b)).toBeCloseTo(q, 9);
    }
  });
});

describe("contributorAcceptance", () => {
  it.each<[number, number, number]>([
    [0, 0, 0.5],
    [9, 1, 10 / 12],
    [95, 5, 96 / 102],
  ])("%s accepted, %s rejected: mean %s under a uniform prior", (accepted, rejected, mean) => {
    const estimate = contributorAcceptance({ accepted, rejected });
    expect(estimate.mean).toBeCloseTo(mean, 12);
    expect(estimate.lowerBound).toBeLessThan(estimate.mean);
  });

  it("ranks a long record above a short streak with a higher mean", () => {
    const short = contributorAcceptance({ accepted: 10, rejected: 0 });
    const long = contributorAcceptance({ accepted: 900, rejected: 100 });
    expect(short.mean).toBeGreaterThan(long.mean);
    expect(long.lowerBound).toBeGreaterThan(short.lowerBound);
  });

  it("gives the exact 5% quantile: 10 of 10 accepted -> 0.05^(1/11)", () => {
    expect(contributorAcceptance({ accepted: 10, rejected: 0 }).lowerBound).toBeCloseTo(0.05 ** (1 / 11), 10);
  });

  it("rejects negative counts", () => {
    expect(() => contributorAcceptance({ accepted: -1, rejected: 0 })).toThrow(/accepted/);
  });
});

describe("reviewerReliability", () => {
  const none = { goldCorrect: 0, goldTotal: 0, consensusAgreements: 0, consensusTotal: 0 };

  it.each<[string, Partial<typeof none>, number]>([
    ["no evidence: the prior for an unknown reviewer", {}, 0.75],
    ["gold only", { goldCorrect: 8, goldTotal: 10 }, (1.5 + 8) / 12],
    ["consensus only counts half", { consensusAgreements: 20, consensusTotal: 20 }, (1.5 + 10) / 12],
    ["both", { goldCorrect: 4, goldTotal: 5, consensusAgreements: 30, consensusTotal: 40 }, (1.5 + 4 + 15) / (2 + 5 + 20)],
  ])("%s", (_, record, mean) => {
    expect(reviewerReliability({ ...none, ...record }).mean).toBeCloseTo(mean, 12);
  });

  it("trusts gold more than the same record of agreement", () => {
    const gold = reviewerReliability({ ...none, goldCorrect: 2, goldTotal: 20 });
    const agreement = reviewerReliability({ ...none, consensusAgreements: 2, consensusTotal: 20 });
    expect(gold.mean).toBeLessThan(agreement.mean);
  });

  it("accepts another weight and prior", () => {
    const estimate = reviewerReliability(
      { ...none, consensusAgreements: 9, consensusTotal: 10 },
      { consensusWeight: 1, prior: { reliability: 0.5, strength: 2 } },
    );
    expect(estimate.mean).toBeCloseTo(10 / 12, 12);
  });

  it.each([
    ["more correct gold answers than gold answers", { goldCorrect: 3, goldTotal: 2 }, /goldCorrect/],
    ["more agreements than decided samples", { consensusAgreements: 3, consensusTotal: 2 }, /consensusAgreements/],
    ["a negative count", { goldTotal: -1 }, /goldTotal/],
  ])("rejects %s", (_, record, message) => {
    expect(() => reviewerReliability({ ...none, ...record })).toThrow(message);
  });
});

describe("reviewerPriorFromReputation", () => {
  it("keeps the mean and caps the strength", () => {
    const veteran = reviewerReliability({ goldCorrect: 90, goldTotal: 100, consensusAgreements: 0, consensusTotal: 0 });
    expect(reviewerPriorFromReputation(veteran)).toEqual({ reliability: veteran.mean, strength: 20 });
    const newcomer = reviewerReliability({ goldCorrect: 3, goldTotal: 4, consensusAgreements: 0, consensusTotal: 0 });
    expect(reviewerPriorFromReputation(newcomer).strength).toBeCloseTo(6, 12);
  });
});
