// A campaign never pays beyond its budget. Rows are funded in the order they were earned: once one does not fit,
// it and every later row of the campaign wait as UNFUNDED (first in, first out), even a later one small enough to fit,
// so that raising the budget pays the oldest claims first.

export type BudgetState = {
  budgetWei: bigint;
  /** What the campaign's funded rows (pending, in flight or paid) already add up to. */
  fundedWei: bigint;
  /** True when earlier rows of the campaign are waiting as UNFUNDED: new rows queue behind them. */
  queueBlocked: boolean;
};

export type BudgetSplit = { funded: boolean[]; fundedWei: bigint };

/** Which of `amounts` (in earning order) the budget funds, and the funded total afterwards. */
export function splitByBudget(state: BudgetState, amounts: readonly bigint[]): BudgetSplit {
  let fundedWei = state.fundedWei;
  let blocked = state.queueBlocked;
  const funded = amounts.map((amount) => {
    if (amount <= 0n) throw new Error(`a payout amount must be positive (got ${amount})`);
    if (!blocked && fundedWei + amount <= state.budgetWei) {
      fundedWei += amount;
      return true;
    }
    blocked = true;
    return false;
  });
  return { funded, fundedWei };
}
