import { describe, expect, it } from "vitest";
import { reliabilityCurve, type Prediction } from "../../../lib/domain/consensus";

const many = (confidence: number, right: number, wrong: number): Prediction[] => [
  ...Array.from({ length: right }, () => ({ confidence, correct: true })),
  ...Array.from({ length: wrong }, () => ({ confidence, correct: false })),
];

describe("reliabilityCurve", () => {
  it.each<[string, Prediction[], number | null]>([
    ["no predictions", [], null],
    ["perfectly calibrated at 0.9", many(0.9, 9, 1), 0],
    ["overconfident: said 0.9, right 6 in 10", many(0.9, 6, 4), 0.3],
    ["underconfident: said 0.6, always right", many(0.6, 5, 0), 0.4],
    ["two bins, weighted by their counts", [...many(0.95, 19, 1), ...many(0.55, 4, 6)], (20 * 0 + 10 * 0.15) / 30],
  ])("%s", (_, predictions, ece) => {
    const curve = reliabilityCurve(predictions);
    if (ece === null) expect(curve.ece).toBeNull();
    else expect(curve.ece).toBeCloseTo(ece, 10);
    expect(curve.predictions).toBe(predictions.length);
  });

  it("puts a confidence of exactly 1 in the last bin and reports each bin's accuracy and mean confidence", () => {
    const curve = reliabilityCurve([...many(1, 3, 1), ...many(0.52, 1, 1)], { bins: 5, lowest: 0.5 });
    expect(curve.bins.map((b) => b.count)).toEqual([2, 0, 0, 0, 4]);
    expect(curve.bins[4]).toMatchObject({ accuracy: 0.75, meanConfidence: 1 });
    expect(curve.bins[0]!.from).toBeCloseTo(0.5);
    expect(curve.bins[1]!.accuracy).toBeNull();
  });

  it.each([
    ["a confidence above 1", () => reliabilityCurve([{ confidence: 1.01, correct: true }]), /confidence must be in \[0, 1\]/],
    ["no bins", () => reliabilityCurve([], { bins: 0 }), /bins/],
    ["a lowest edge of 1", () => reliabilityCurve([], { lowest: 1 }), /lowest/],
  ])("refuses %s", (_, call, message) => expect(call).toThrow(message));
});
