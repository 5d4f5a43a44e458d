// Fee bumps for replacing a stuck transaction. Nodes accept a replacement (same nonce) only when both EIP-1559 fee
// fields rise by at least 10 % (geth's and Hardhat's rule); we bump by a little more so rounding never falls short.

export type Fees = { maxFeePerGas: bigint; maxPriorityFeePerGas: bigint };

export const MIN_REPLACEMENT_BUMP_PERCENT = 10n;
export const FEE_BUMP_PERCENT = 12n;

/** ceil(value * (100 + percent) / 100), and always at least value + 1. */
function raise(value: bigint, percent: bigint): bigint {
  const raised = (value * (100n + percent) + 99n) / 100n;
  return raised > value ? raised : value + 1n;
}

/** Fees for a replacement: the previous fees bumped, or what the network asks now if that is higher. */
export function bumpFees(previous: Fees, suggested: Fees, percent = FEE_BUMP_PERCENT): Fees {
  if (percent < MIN_REPLACEMENT_BUMP_PERCENT) throw new Error(`a replacement must bump fees by at least ${MIN_REPLACEMENT_BUMP_PERCENT}%`);
  const priority = maxOf(raise(previous.maxPriorityFeePerGas, percent), suggested.maxPriorityFeePerGas);
  const maxFee = maxOf(raise(previous.maxFeePerGas, percent), suggested.maxFeePerGas, priority);
  return { maxFeePerGas: maxFee, maxPriorityFeePerGas: priority };
}

/** Whether `next` may replace `previous` under the 10 % rule. */
export function isValidReplacement(previous: Fees, next: Fees): boolean {
  const enough = (old: bigint, fresh: bigint) => fresh * 100n >= old * (100n + MIN_REPLACEMENT_BUMP_PERCENT);
  return enough(previous.maxFeePerGas, next.maxFeePerGas) && enough(previous.maxPriorityFeePerGas, next.maxPriorityFeePerGas);
}

function maxOf(...values: bigint[]): bigint {
  return values.reduce((a, b) => (b > a ? b : a));
}
