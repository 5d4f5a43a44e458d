import { describe, expect, it } from "vitest";
import { budgetLeftWei } from "@/lib/domain/campaigns/budget";

describe("budgetLeftWei", () => {
  it.each([
    [1000n, 2n, 0, 1000n],
    [1000n, 2n, 499, 2n],
    [1000n, 2n, 500, 0n],
    [1000n, 3n, 400, 0n],
    [10n ** 30n, 10n ** 18n, 3, 10n ** 30n - 3n * 10n ** 18n],
  ])("budget %s, reward %s, %s accepted → %s left", (budget, reward, accepted, left) => {
    expect(budgetLeftWei(budget, reward, accepted)).toBe(left);
  });
  it.each([
    [1000n, 2n, 10, 20n, 980n],
    [1000n, 2n, 10, 25n, 975n],
    [1000n, 2n, 10, 5n, 980n],
    [1000n, 2n, 10, 1200n, 0n],
  ])("budget %s, reward %s, %s accepted, ledger funded %s (fees included) → %s left", (budget, reward, accepted, funded, left) => {
    expect(budgetLeftWei(budget, reward, accepted, funded)).toBe(left);
  });
});
