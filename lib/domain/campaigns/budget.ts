/**
 * What a campaign can still pay: its budget minus what it has committed, never below zero. Committed is the larger of
 * the rewards of its accepted samples and what its payout ledger has funded (rewards plus reviewer fees): the ledger
 * knows about fees, the sample count covers data from before the ledger.
 */
export function budgetLeftWei(budgetWei: bigint, rewardWei: bigint, acceptedSamples: number, fundedWei = 0n): bigint {
  const rewards = rewardWei * BigInt(acceptedSamples);
  const committed = fundedWei > rewards ? fundedWei : rewards;
  return committed >= budgetWei ? 0n : budgetWei - committed;
}
