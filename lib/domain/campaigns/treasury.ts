// What the reward treasury (the RewardDistributor's DATA balance) owes and whether it can pay it. A campaign's budget
// is a number in the database; the tokens that pay it sit in the one treasury every campaign shares, so the treasury
// backs budgets only in sum: it must hold what every campaign can still pay out.

export type CampaignStatusName = "DRAFT" | "OPEN" | "CLOSED";

export type CampaignMoney = {
  status: CampaignStatusName;
  budgetWei: bigint;
  /** Payouts funded from the budget (the payout ledger): paid, in flight or waiting for a batch. */
  reservedWei: bigint;
  /** Of those, paid on-chain. */
  spentWei: bigint;
};

export type CampaignBudgetView = {
  reservedWei: bigint;
  spentWei: bigint;
  /** Budget not yet reserved: what new rewards and fees can still take. */
  remainingWei: bigint;
  /** What the treasury still has to pay for this campaign: reserved but unpaid, plus (while not closed) the remainder. */
  owedWei: bigint;
};

export function campaignBudgetView(c: CampaignMoney): CampaignBudgetView {
  const remainingWei = c.budgetWei > c.reservedWei ? c.budgetWei - c.reservedWei : 0n;
  const unpaid = c.reservedWei > c.spentWei ? c.reservedWei - c.spentWei : 0n;
  // A closed campaign earns nothing more: only what it already reserved is still owed.
  return { reservedWei: c.reservedWei, spentWei: c.spentWei, remainingWei, owedWei: unpaid + (c.status === "CLOSED" ? 0n : remainingWei) };
}

export type TreasuryCoverage = { owedWei: bigint; balanceWei: bigint; covered: boolean; shortfallWei: bigint };

/** Whether the treasury's balance covers every campaign's outstanding budget, plus other unpaid rows (revenue shares). */
export function treasuryCoverage(balanceWei: bigint, campaigns: readonly CampaignMoney[], otherUnpaidWei = 0n): TreasuryCoverage {
  const owedWei = campaigns.reduce((sum, c) => sum + campaignBudgetView(c).owedWei, otherUnpaidWei);
  const shortfallWei = owedWei > balanceWei ? owedWei - balanceWei : 0n;
  return { owedWei, balanceWei, covered: shortfallWei === 0n, shortfallWei };
}
