import { describe, expect, it } from "vitest";
import { campaignBudgetView, treasuryCoverage, type CampaignMoney } from "@/lib/domain/campaigns/treasury";

const D = 10n ** 18n;
const c = (status: CampaignMoney["status"], budget: bigint, reserved: bigint, spent: bigint): CampaignMoney => ({
  status,
  budgetWei: budget * D,
  reservedWei: reserved * D,
  spentWei: spent * D,
});

describe("campaignBudgetView", () => {
  it.each([
    ["a new open campaign owes its whole budget", c("OPEN", 100n, 0n, 0n), { remaining: 100n, owed: 100n }],
    ["reserved and partly paid", c("OPEN", 100n, 30n, 10n), { remaining: 70n, owed: 90n }],
    ["a draft can still open and spend", c("DRAFT", 50n, 0n, 0n), { remaining: 50n, owed: 50n }],
    ["closed: only reserved-but-unpaid is owed", c("CLOSED", 100n, 30n, 10n), { remaining: 70n, owed: 20n }],
    ["budget lowered below what was reserved", c("OPEN", 20n, 30n, 30n), { remaining: 0n, owed: 0n }],
    ["everything paid", c("OPEN", 30n, 30n, 30n), { remaining: 0n, owed: 0n }],
  ])("%s", (_, money, expected) => {
    const view = campaignBudgetView(money);
    expect(view.remainingWei).toBe(expected.remaining * D);
    expect(view.owedWei).toBe(expected.owed * D);
  });
});

describe("treasuryCoverage", () => {
  it.each([
    ["no campaigns, empty treasury", 0n, [], 0n, { covered: true, shortfall: 0n }],
    ["exactly covered", 190n, [c("OPEN", 100n, 30n, 10n), c("DRAFT", 100n, 0n, 0n)], 0n, { covered: true, shortfall: 0n }],
    ["one DATA short", 189n, [c("OPEN", 100n, 30n, 10n), c("DRAFT", 100n, 0n, 0n)], 0n, { covered: false, shortfall: 1n }],
    ["unpaid revenue shares count too", 100n, [c("OPEN", 100n, 0n, 0n)], 5n, { covered: false, shortfall: 5n }],
    ["a closed campaign's unspent budget is not owed", 20n, [c("CLOSED", 100n, 30n, 10n)], 0n, { covered: true, shortfall: 0n }],
  ])("%s", (_, balance, campaigns, other, expected) => {
    const coverage = treasuryCoverage(balance * D, campaigns, other * D);
    expect(coverage.covered).toBe(expected.covered);
    expect(coverage.shortfallWei).toBe(expected.shortfall * D);
  });
});
