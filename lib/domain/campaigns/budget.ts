/** What a campaign can still pay: its budget minus the rewards committed to accepted samples, never below zero. */
export function budgetLeftWei(budgetWei: bigint, rewardWei: bigint, acceptedSamples: number): bigint {
  const committed = rewardWei * BigInt(acceptedSamples);
  return committed >= budgetWei ? 0n : budgetWei - committed;
}
