import { describe, expect, it } from "vitest";
import { deriveBatchId } from "@/lib/domain/payouts/batch-id";

const a = { id: "ca", amountWei: 10n, round: 0 };
const b = { id: "cb", amountWei: 20n, round: 0 };

describe("deriveBatchId", () => {
  it("is a bytes32 hex", () => {
    expect(deriveBatchId([a])).toMatch(/^0x[0-9a-f]{64}$/);
  });

  it("does not depend on the order rows are listed in", () => {
    expect(deriveBatchId([a, b])).toBe(deriveBatchId([b, a]));
  });

  const differing: { name: string; rows: (typeof a)[] }[] = [
    { name: "another row", rows: [a] },
    { name: "another amount", rows: [a, { ...b, amountWei: 21n }] },
    { name: "another round (re-formed after a failed batch)", rows: [a, { ...b, round: 1 }] },
    { name: "another id", rows: [a, { ...b, id: "cc" }] },
  ];
  it.each(differing)("changes with $name", ({ rows }) => {
    expect(deriveBatchId(rows)).not.toBe(deriveBatchId([a, b]));
  });

  it("refuses an empty batch and a row listed twice", () => {
    expect(() => deriveBatchId([])).toThrow(/at least one row/);
    expect(() => deriveBatchId([a, a])).toThrow(/listed twice/);
  });
});
