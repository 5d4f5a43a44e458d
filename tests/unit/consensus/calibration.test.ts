import { describe, expect, it } from "vitest";
import { DEFAULT_CALIBRATION_PRIOR, fitCalibration, stoppingTruthProbability, temperedPosterior, type GoldSequence } from "../../../lib/domain/consensus";

const even = [Math.log(0.5), Math.log(0.5)];
/** A gold item's votes as steps of cumulative log-likelihoods: each vote for `label` adds log(0.9) to it, log(0.1) to the other. */
function sequence(labels: number[], truth: number): GoldSequence {
  const steps: number[][] = [];
  const sums = [0, 0];
  labels.forEach((label, n) => {
    sums[label]! += Math.log(0.9);
    sums[1 - label]! += Math.log(0.1);
    if (n >= 2) steps.push([...sums]);
  });
  return { steps, truth, weight: 1 };
}

describe("temperedPosterior", () => {
  it("is Dawid-Skene's posterior at temperature 1 without misleading items", () => {
    const p = temperedPosterior([3 * Math.log(0.9), 3 * Math.log(0.1)], even, 1, 0);
    expect(p[0]).toBeCloseTo(729 / 730, 12);
  });

  it("weighs votes less at a lower temperature", () => {
    const votes = [3 * Math.log(0.9), 3 * Math.log(0.1)];
    expect(temperedPosterior(votes, even, 0.25, 0)[0]).toBeCloseTo(1 / (1 + Math.pow(729, -0.25)), 12);
  });

  it.each([0.02, 0.05, 0.1])("caps every posterior near 1 - misleading (%f), however many votes agree", (misleading) => {
    const p = temperedPosterior([100 * Math.log(0.9), 100 * Math.log(0.1)], even, 1, misleading);
    expect(p[0]).toBeCloseTo(1 - misleading, 6);
    expect(p[0]! + p[1]!).toBeCloseTo(1, 12);
  });

  it("gives the class priors when there are no votes", () => {
    expect(temperedPosterior([0, 0, 0], [Math.log(0.5), Math.log(0.3), Math.log(0.2)], 1, 0.05).map((x) => Number(x.toFixed(6)))).toEqual([0.5, 0.3, 0.2].map((x) => Number(((1 - 0.05) * x + 0.05 * ((1 - x) / 2)).toFixed(6))));
  });
});

describe("fitCalibration", () => {
  it("without gold keeps the prior's cautious mode", () => {
    const c = fitCalibration([], even, DEFAULT_CALIBRATION_PRIOR, 0, 0.9);
    expect(c.temperature).toBeCloseTo(DEFAULT_CALIBRATION_PRIOR.temperature.median, 1);
    expect(c.misleading).toBeGreaterThan(0);
    expect(c.reliability).toBeNull();
  });

  it("trusts votes more when many gold items show that agreeing votes are right", () => {
    const reliable = Array.from({ length: 60 }, (_, i) => sequence([i % 2, i % 2, i % 2, i % 2], i % 2));
    expect(fitCalibration(reliable, even, DEFAULT_CALIBRATION_PRIOR, 60, 0.9).temperature).toBeGreaterThan(0.5);
  });

  it("does not let agreeing votes reach the threshold when gold shows a quarter of such items wrong", () => {
    // Six unanimous votes each, wrong on 10 of 40: neither the temperature nor the misleading share alone can be told
    // apart from these, but together they must bring the posterior down to about the share that was right.
    const fooled = Array.from({ length: 40 }, (_, i) => sequence([0, 0, 0, 0, 0, 0], i < 10 ? 1 : 0));
    const c = fitCalibration(fooled, even, DEFAULT_CALIBRATION_PRIOR, 40, 0.9);
    const confidence = temperedPosterior(fooled[0]!.steps.at(-1)!, even, c.temperature, c.misleading)[0]!;
    expect(confidence).toBeLessThan(0.85);
    expect(confidence).toBeGreaterThan(0.65);
    expect(c.reliability!.ece!).toBeLessThan(0.05);
    const honest = Array.from({ length: 40 }, () => sequence([0, 0, 0, 0, 0, 0], 0));
    const trusted = fitCalibration(honest, even, DEFAULT_CALIBRATION_PRIOR, 40, 0.9);
    expect(temperedPosterior(honest[0]!.steps.at(-1)!, even, trusted.temperature, trusted.misleading)[0]!).toBeGreaterThan(0.95);
  });

  it("reports its reliability curve on the gold replays, where decisions would stop", () => {
    const gold = Array.from({ length: 20 }, (_, i) => sequence([0, 0, 0, 0, 0], i < 18 ? 0 : 1));
    const c = fitCalibration(gold, even, DEFAULT_CALIBRATION_PRIOR, 20, 0.9);
    expect(c.reliability?.predictions).toBe(20);
    expect(c.reliability?.ece).not.toBeNull();
    expect(c.goldItems).toBe(20);
  });
});

describe("stoppingTruthProbability", () => {
  it.each([
    [0.25, 0.03, 0.9],
    [1, 0, 0.9],
    [0.5, 0.1, 0.95],
    [0.1, 0.2, 0.6],
  ])("equals temperedPosterior at the step where a decision stops (temperature %f, misleading %f, threshold %f)", (temperature, misleading, threshold) => {
    const priors = [Math.log(0.5), Math.log(0.3), Math.log(0.2)];
    const steps = [[-1, -2, -4], [-1.5, -4, -6], [-2, -7, -9], [-2.2, -9, -12]];
    const expected = (() => {
      let p: number[] = [];
      for (const step of steps) {
        p = temperedPosterior(step, priors, temperature, misleading);
        if (Math.max(...p) >= threshold) break;
      }
      return p;
    })();
    for (const truth of [0, 1, 2]) {
      expect(stoppingTruthProbability({ steps, truth, weight: 1 }, priors, temperature, misleading, threshold)).toBeCloseTo(expected[truth]!, 12);
    }
  });
});
