import { describe, expect, it } from "vitest";
import { calibrationInWords, formatData, shortAddress } from "@/lib/format";

describe("formatData", () => {
  it.each([
    [0n, "0"],
    [10n ** 18n, "1"],
    [1234567n * 10n ** 18n, "1,234,567"],
    [15n * 10n ** 17n, "1.5"],
    [1n, "0"],
    [123456789n * 10n ** 12n, "123.45"],
  ])("formats %s wei as %s DATA", (wei, shown) => {
    expect(formatData(wei)).toBe(shown);
  });
});

describe("shortAddress", () => {
  it("keeps the 0x prefix, four leading and four trailing characters", () => {
    expect(shortAddress("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266")).toBe("0xf39F…2266");
  });
});

describe("calibrationInWords", () => {
  it.each<[string, Parameters<typeof calibrationInWords>[0], RegExp]>([
    ["without gold", { goldItems: 0, ece: null, predictions: 0, misleading: 0.05 }, /^No gold answers yet, so the posteriors are deliberately cautious: no label is trusted beyond 95%/],
    ["well calibrated", { goldItems: 12, ece: 0.021, predictions: 48, misleading: 0.02 }, /^On 12 gold answers .* closely matched .* \(expected calibration error 2\.1 points\); no label is trusted beyond 98%/],
    ["roughly", { goldItems: 1, ece: 0.05, predictions: 4, misleading: 0.03 }, /^On 1 gold answer predicted .* roughly matched .*5 points/],
    ["off", { goldItems: 30, ece: 0.12, predictions: 120, misleading: 0.1 }, /did not match .* 12 points\); no label is trusted beyond 90%, since about 10% of items/],
  ])("%s", (_, calibration, words) => {
    expect(calibrationInWords(calibration)).toMatch(words);
  });
});
