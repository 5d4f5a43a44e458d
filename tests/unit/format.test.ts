import { describe, expect, it } from "vitest";
import { evidenceInWords, formatData, shortAddress } from "@/lib/format";

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

describe("evidenceInWords", () => {
  it.each<[number, string]>([
    [0, "both models predicted the gold answers about equally well"],
    [-0.006, "both models predicted the gold answers about equally well"],
    [Math.log(1.06), "the item-bias model predicted the gold answers 1.1 times better"],
    [Math.log(4.2), "the item-bias model predicted the gold answers 4.2 times better"],
    [-Math.log(2.5), "Dawid-Skene predicted the gold answers 2.5 times better"],
    [-30, "Dawid-Skene predicted the gold answers over 1000 times better"],
  ])("%s nats", (evidence, words) => {
    expect(evidenceInWords(evidence)).toBe(words);
  });
});
