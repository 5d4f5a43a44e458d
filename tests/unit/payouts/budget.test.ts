import { describe, expect, it } from "vitest";
import { splitByBudget } from "@/lib/domain/payouts/budget";

describe("splitByBudget", () => {
  const cases: { name: string; budget: bigint; funded: bigint; blocked: boolean; amounts: bigint[]; expect: boolean[]; total: bigint }[] = [
    { name: "everything fits", budget: 10n, funded: 0n, blocked: false, amounts: [3n, 3n, 4n], expect: [true, true, true], total: 10n },
    { name: "exactly the budget is still funded", budget: 10n, funded: 7n, blocked: false, amounts: [3n], expect: [true], total: 10n },
    { name: "one wei over is not", budget: 10n, funded: 7n, blocked: false, amounts: [4n], expect: [false], total: 7n },
    { name: "a later small row queues behind an unfunded one", budget: 10n, funded: 0n, blocked: false, amounts: [6n, 5n, 1n], expect: [true, false, false], total: 6n },
    { name: "earlier unfunded rows block new ones", budget: 100n, funded: 0n, blocked: true, amounts: [1n], expect: [false], total: 0n },
    { name: "a zero budget funds nothing", budget: 0n, funded: 0n, blocked: false, amounts: [1n, 2n], expect: [false, false], total: 0n },
    { name: "a budget lowered below what was funded funds nothing more", budget: 5n, funded: 8n, blocked: false, amounts: [1n], expect: [false], total: 8n },
    { name: "wei beyond 2^64 add up exactly", budget: 2n ** 70n, funded: 2n ** 69n, blocked: false, amounts: [2n ** 69n, 1n], expect: [true, false], total: 2n ** 70n },
  ];
  it.each(cases)("$name", (c) => {
    const split = splitByBudget({ budgetWei: c.budget, fundedWei: c.funded, queueBlocked: c.blocked }, c.amounts);
    expect(split.funded).toEqual(c.expect);
    expect(split.fundedWei).toBe(c.total);
  });

  it("refuses a non-positive amount", () => {
    expect(() => splitByBudget({ budgetWei: 10n, fundedWei: 0n, queueBlocked: false }, [0n])).toThrow(/positive/);
  });
});
