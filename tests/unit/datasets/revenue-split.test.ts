import { describe, expect, it } from "vitest";
import { proRata, splitRevenue, type RevenueSplitInput } from "@/lib/domain/datasets/revenue-split";

const base: RevenueSplitInput = {
  priceWei: 10_000n,
  contributors: [{ userId: "c1", weight: 1 }],
  reviewers: [{ userId: "r1", weight: 1 }],
  platformUserId: "p",
  reviewerShareBps: 1000,
  platformShareBps: 1000,
};

const sum = (parts: { amountWei: bigint }[]) => parts.reduce((s, p) => s + p.amountWei, 0n);

describe("splitRevenue", () => {
  it.each<[string, Partial<RevenueSplitInput>, Record<string, bigint>]>([
    ["one contributor, one reviewer, 10% + 10%", {}, { c1: 8_000n, p: 1_000n, r1: 1_000n }],
    ["pro rata to accepted samples", { contributors: [{ userId: "c1", weight: 3 }, { userId: "c2", weight: 1 }] }, { c1: 6_000n, c2: 2_000n, p: 1_000n, r1: 1_000n }],
    ["nobody reviewed: the reviewer share goes to contributors", { reviewers: [] }, { c1: 9_000n, p: 1_000n }],
    ["no platform share", { platformShareBps: 0 }, { c1: 9_000n, r1: 1_000n }],
    ["a contributor who also reviewed gets one summed part", { reviewers: [{ userId: "c1", weight: 2 }] }, { c1: 9_000n, p: 1_000n }],
    ["the platform is also a contributor", { contributors: [{ userId: "p", weight: 1 }] }, { p: 9_000n, r1: 1_000n }],
    [
      "remainders: 1 wei over three equal contributors goes to the smallest id",
      { priceWei: 1n, platformShareBps: 0, reviewerShareBps: 0, contributors: [{ userId: "b", weight: 1 }, { userId: "a", weight: 1 }, { userId: "c", weight: 1 }] },
      { a: 1n },
    ],
    [
      "remainders go to the largest fractional part first",
      { priceWei: 10n, platformShareBps: 0, reviewerShareBps: 0, contributors: [{ userId: "a", weight: 1 }, { userId: "b", weight: 2 }] },
      { a: 3n, b: 7n },
    ],
    ["a contributor with no samples gets nothing", { contributors: [{ userId: "c1", weight: 1 }, { userId: "c0", weight: 0 }] }, { c1: 8_000n, p: 1_000n, r1: 1_000n }],
  ])("%s", (_name, over, expected) => {
    const parts = splitRevenue({ ...base, ...over });
    expect(Object.fromEntries(parts.map((p) => [p.userId, p.amountWei]))).toEqual(expected);
    expect(sum(parts)).toBe(over.priceWei ?? base.priceWei);
  });

  it("sums exactly to awkward prices with many holders", () => {
    const contributors = Array.from({ length: 7 }, (_, i) => ({ userId: `c${i}`, weight: i + 1 }));
    const reviewers = Array.from({ length: 3 }, (_, i) => ({ userId: `r${i}`, weight: 2 * i + 1 }));
    for (const priceWei of [1n, 7n, 999_999_999_999_999_999n, 25n * 10n ** 18n + 13n]) {
      const parts = splitRevenue({ ...base, priceWei, contributors, reviewers, reviewerShareBps: 1333, platformShareBps: 777 });
      expect(sum(parts)).toBe(priceWei);
      expect(parts.map((p) => p.userId)).toEqual([...parts.map((p) => p.userId)].sort());
    }
  });

  it("is deterministic whatever the input order", () => {
    const contributors = [{ userId: "x", weight: 1 }, { userId: "y", weight: 1 }, { userId: "z", weight: 1 }];
    const a = splitRevenue({ ...base, priceWei: 100n, contributors });
    const b = splitRevenue({ ...base, priceWei: 100n, contributors: [...contributors].reverse() });
    expect(a).toEqual(b);
  });

  it.each<[string, Partial<RevenueSplitInput>, RegExp]>([
    ["a zero price", { priceWei: 0n }, /price above zero/],
    ["no contributors", { contributors: [] }, /at least one contributor/],
    ["shares above 100%", { reviewerShareBps: 6000, platformShareBps: 5000 }, /basis points/],
  ])("refuses %s", (_name, over, message) => {
    expect(() => splitRevenue({ ...base, ...over })).toThrow(message);
  });
});

describe("proRata", () => {
  it("refuses fractional weights", () => {
    expect(() => proRata(10n, [{ userId: "a", weight: 0.5 }])).toThrow(/whole number/);
  });
});
