import { describe, expect, it } from "vitest";
import { bumpFees, isValidReplacement, type Fees } from "@/lib/domain/payouts/fees";

const fees = (maxFeePerGas: bigint, maxPriorityFeePerGas: bigint): Fees => ({ maxFeePerGas, maxPriorityFeePerGas });

describe("bumpFees", () => {
  const cases: { name: string; previous: Fees; suggested: Fees; expected: Fees }[] = [
    { name: "raises both fields by 12 %, rounding up", previous: fees(1_000n, 100n), suggested: fees(1n, 1n), expected: fees(1_120n, 112n) },
    { name: "rounds a fraction of a wei up", previous: fees(1_001n, 101n), suggested: fees(1n, 1n), expected: fees(1_122n, 114n) },
    { name: "at least one wei more on tiny fees", previous: fees(1n, 0n), suggested: fees(0n, 0n), expected: fees(2n, 1n) },
    { name: "takes the network's price when it rose further", previous: fees(1_000n, 100n), suggested: fees(5_000n, 300n), expected: fees(5_000n, 300n) },
    { name: "keeps the priority fee within the max fee", previous: fees(100n, 100n), suggested: fees(0n, 500n), expected: fees(500n, 500n) },
  ];
  it.each(cases)("$name", ({ previous, suggested, expected }) => {
    const next = bumpFees(previous, suggested);
    expect(next).toEqual(expected);
    expect(isValidReplacement(previous, next)).toBe(true);
  });

  it("refuses a bump below the 10 % replacement rule", () => {
    expect(() => bumpFees(fees(100n, 10n), fees(0n, 0n), 5n)).toThrow(/at least 10%/);
  });
});

describe("isValidReplacement", () => {
  const cases: { name: string; next: Fees; ok: boolean }[] = [
    { name: "+10 % on both", next: fees(1_100n, 110n), ok: true },
    { name: "+10 % on the max fee only", next: fees(1_100n, 100n), ok: false },
    { name: "just under +10 %", next: fees(1_099n, 110n), ok: false },
  ];
  it.each(cases)("$name -> $ok", ({ next, ok }) => {
    expect(isValidReplacement(fees(1_000n, 100n), next)).toBe(ok);
  });
});
