import { describe, expect, it } from "vitest";
import { DEFAULT_GOLD_PRIOR, estimateGoldChannel, goldChannelAt, type ReviewerPrior } from "../../../lib/domain/consensus";

describe("estimateGoldChannel", () => {
  const weak: ReviewerPrior = { reliability: 0.9, strength: 10 };
  it.each<[string, number, number, number, ReviewerPrior, number]>([
    ["no gold yet: the prior's mean", 0, 0, 2, weak, 0.9],
    ["every gold answer agrees with its votes", 10, 10, 2, weak, 19 / 20],
    ["half of them do", 5, 10, 2, weak, 14 / 20],
    ["expected agreements may be fractional", 7.5, 10, 4, weak, 16.5 / 20],
    ["a hundred gold items outweigh the prior", 50, 100, 2, weak, 59 / 110],
    ["a stronger prior moves less", 5, 10, 2, { reliability: 0.9, strength: 90 }, 86 / 100],
  ])("%s", (_, agreements, goldItems, classes, prior, reliability) => {
    const channel = estimateGoldChannel(agreements, goldItems, classes, prior);
    expect(channel.reliability).toBeCloseTo(reliability, 12);
    expect(channel.logAgree).toBeCloseTo(Math.log(reliability), 12);
    // The wrong mass is spread over the K - 1 other classes, so each row of the channel sums to 1.
    expect(channel.logDisagree).toBeCloseTo(Math.log((1 - reliability) / (classes - 1)), 12);
    expect(Math.exp(channel.logAgree) + (classes - 1) * Math.exp(channel.logDisagree)).toBeCloseTo(1, 12);
    const a = prior.strength * prior.reliability;
    const b = prior.strength * (1 - prior.reliability);
    expect(channel.logPrior).toBeCloseTo(a * Math.log(reliability) + b * Math.log(1 - reliability), 12);
  });

  it("is the MAP estimate: no other reliability gives the gold answers and the prior a higher log density", () => {
    const [agreements, goldItems] = [7.5, 10];
    const { reliability } = estimateGoldChannel(agreements, goldItems, 2, DEFAULT_GOLD_PRIOR);
    const a = DEFAULT_GOLD_PRIOR.strength * DEFAULT_GOLD_PRIOR.reliability;
    const b = DEFAULT_GOLD_PRIOR.strength * (1 - DEFAULT_GOLD_PRIOR.reliability);
    const density = (r: number) => (agreements + a) * Math.log(r) + (goldItems - agreements + b) * Math.log(1 - r);
    for (const r of [0.5, 0.7, reliability - 1e-3, reliability + 1e-3, 0.95, 0.999]) expect(density(r)).toBeLessThan(density(reliability));
  });

  it.each<[string, number, number]>([
    ["more agreements than gold items", 3, 2],
    ["negative agreements", -1, 2],
    ["a negative number of gold items", 0, -1],
    ["NaN agreements", Number.NaN, 2],
  ])("refuses %s", (_, agreements, goldItems) => {
    expect(() => estimateGoldChannel(agreements, goldItems, 2, DEFAULT_GOLD_PRIOR)).toThrow(/Expected agreements/);
  });
});

describe("goldChannelAt", () => {
  it.each<[number, number]>([
    [0.9, 2],
    [0.5, 2],
    [0.7, 4],
  ])("reliability %d with %d classes: each row sums to 1 and the prior density is the Beta's", (reliability, classes) => {
    const channel = goldChannelAt(reliability, classes, DEFAULT_GOLD_PRIOR);
    expect(channel.reliability).toBe(reliability);
    expect(Math.exp(channel.logAgree) + (classes - 1) * Math.exp(channel.logDisagree)).toBeCloseTo(1, 12);
    expect(channel.logPrior).toBeCloseTo(9 * Math.log(reliability) + 1 * Math.log(1 - reliability), 12);
  });

  it("is what estimateGoldChannel returns at its estimate", () => {
    const estimated = estimateGoldChannel(7, 10, 3, DEFAULT_GOLD_PRIOR);
    expect(goldChannelAt(estimated.reliability, 3, DEFAULT_GOLD_PRIOR)).toEqual(estimated);
  });
});
