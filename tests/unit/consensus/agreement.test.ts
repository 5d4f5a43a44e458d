import { describe, expect, it } from "vitest";
import { countsPerItem, fleissKappa, krippendorffAlphaNominal, type Vote } from "../../../lib/domain/consensus";

/** Reliability data as coders x units with null for a missing value, turned into per-unit class counts. */
function unitCounts(data: readonly (readonly (number | null)[])[], classes: number): number[][] {
  const votes: Vote[] = [];
  data.forEach((coder, c) =>
    coder.forEach((value, u) => {
      if (value !== null) votes.push({ itemId: `u${String(u).padStart(2, "0")}`, reviewerId: `c${c}`, label: value });
    }),
  );
  return countsPerItem(classes, votes);
}

describe("krippendorffAlphaNominal", () => {
  it("matches Krippendorff's 4-coder, 12-unit example with missing data (alpha = 0.743)", () => {
    // Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", nominal data example.
    const _ = null;
    const data = [
      [1, 2, 3, 3, 2, 1, 4, 1, 2, _, _, _],
      [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, _, 3],
      [_, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, _],
      [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, _],
    ];
    expect(krippendorffAlphaNominal(unitCounts(data, 6))).toBeCloseTo(0.743, 3);
  });

  it("matches Krippendorff's two-observer binary example (alpha = 0.095)", () => {
    const data = [
      [0, 1, 0, 0, 0, 0, 0, 0, 1, 0],
      [1, 1, 1, 0, 0, 1, 0, 0, 0, 0],
    ];
    expect(krippendorffAlphaNominal(unitCounts(data, 2))).toBeCloseTo(0.095, 3);
  });

  it.each<[string, number[][], number | null]>([
    ["perfect agreement over several classes", [[3, 0], [0, 3], [2, 0]], 1],
    ["perfect agreement with varying raters", [[0, 2, 0], [4, 0, 0], [0, 0, 3]], 1],
    ["systematic disagreement (D_o = 1, D_e = 18/30)", [[1, 1], [1, 1], [1, 1]], -2 / 3],
    ["every value in one class (undefined)", [[3, 0], [2, 0]], null],
    ["no pairable unit (undefined)", [[1, 0], [0, 1]], null],
    ["empty table", [], null],
  ])("%s", (_, counts, expected) => {
    const alpha = krippendorffAlphaNominal(counts);
    if (expected === null) expect(alpha).toBeNull();
    else expect(alpha).toBeCloseTo(expected, 10);
  });

  it("ignores units with a single value", () => {
    const base = [[2, 1], [0, 3], [3, 0]];
    expect(krippendorffAlphaNominal([...base, [1, 0], [0, 1]])).toBe(krippendorffAlphaNominal(base));
  });
});

describe("fleissKappa", () => {
  it("matches the classic 10 subjects x 14 raters example (kappa = 0.210)", () => {
    const counts = [
      [0, 0, 0, 0, 14],
      [0, 2, 6, 4, 2],
      [0, 0, 3, 5, 6],
      [0, 3, 9, 2, 0],
      [2, 2, 8, 1, 1],
      [7, 7, 0, 0, 0],
      [3, 2, 6, 3, 0],
      [2, 5, 3, 2, 2],
      [6, 5, 2, 1, 0],
      [0, 2, 2, 3, 7],
    ];
    expect(fleissKappa(counts)).toBeCloseTo(0.21, 3);
  });

  it.each<[string, number[][], number | null]>([
    ["perfect agreement", [[3, 0], [0, 3], [3, 0]], 1],
    ["perfect agreement with varying raters", [[2, 0], [0, 5], [0, 3]], 1],
    ["every rating in one class (undefined)", [[3, 0], [4, 0]], null],
    ["only single-rater items (undefined)", [[1, 0], [0, 1]], null],
  ])("%s", (_, counts, expected) => {
    const kappa = fleissKappa(counts);
    if (expected === null) expect(kappa).toBeNull();
    else expect(kappa).toBeCloseTo(expected, 10);
  });

  it("is below zero when raters disagree more than chance", () => {
    expect(fleissKappa([[1, 1], [1, 1], [1, 1]])).toBeLessThan(0);
  });
});

describe("countsPerItem", () => {
  it("counts votes per item and class, rows in item-id order", () => {
    const votes: Vote[] = [
      { itemId: "b", reviewerId: "x", label: 1 },
      { itemId: "a", reviewerId: "x", label: 0 },
      { itemId: "b", reviewerId: "y", label: 1 },
      { itemId: "a", reviewerId: "y", label: 2 },
    ];
    expect(countsPerItem(3, votes)).toEqual([[1, 0, 1], [0, 2, 0]]);
  });

  it("rejects a label outside the classes", () => {
    expect(() => countsPerItem(2, [{ itemId: "a", reviewerId: "x", label: 2 }])).toThrow(/outside 0..1/);
  });
});
