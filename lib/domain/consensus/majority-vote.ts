import type { Vote } from "./types";
import { buildVoteIndex, type VoteIndex } from "./vote-index";

/**
 * Weighted vote shares per item (row-major N x K): the soft majority vote that starts EM. Items without
 * votes get a uniform row. `reviewerWeight` defaults to 1 for everybody (plain majority).
 */
export function voteShares(index: VoteIndex, reviewerWeight?: Float64Array): Float64Array {
  const { classes: K, itemStart, voteReviewer, voteLabel } = index;
  const N = index.itemIds.length;
  const shares = new Float64Array(N * K);
  for (let i = 0; i < N; i++) {
    const row = i * K;
    let total = 0;
    for (let v = itemStart[i]!; v < itemStart[i + 1]!; v++) {
      const w = reviewerWeight ? reviewerWeight[voteReviewer[v]!]! : 1;
      shares[row + voteLabel[v]!]! += w;
      total += w;
    }
    if (total > 0) for (let k = 0; k < K; k++) shares[row + k]! /= total;
    else for (let k = 0; k < K; k++) shares[row + k] = 1 / K;
  }
  return shares;
}

export interface MajorityVote {
  /** Winning class per item id. */
  readonly labels: ReadonlyMap<string, number>;
  /** How many items had a tie for the top count. */
  readonly ties: number;
}

/** Plain majority vote, the baseline the engine is measured against; see `majorityLabels` for ties. */
export function majorityVote(classes: number, votes: readonly Vote[]): MajorityVote {
  const index = buildVoteIndex(classes, votes);
  const { labels, ties } = majorityLabels(index);
  return { labels: new Map(index.itemIds.map((id, i) => [id, labels[i]!])), ties };
}

/**
 * Plain (unweighted) majority vote. Ties go to the class with more votes over the whole campaign (the
 * better guess without other information), then to the lowest class index, so the result is deterministic.
 */
export function majorityLabels(index: VoteIndex): { labels: Int32Array; ties: number } {
  const { classes: K, itemStart, voteLabel } = index;
  const N = index.itemIds.length;
  const overall = new Float64Array(K);
  for (let v = 0; v < voteLabel.length; v++) overall[voteLabel[v]!]!++;
  const labels = new Int32Array(N);
  const counts = new Float64Array(K);
  let ties = 0;
  for (let i = 0; i < N; i++) {
    counts.fill(0);
    for (let v = itemStart[i]!; v < itemStart[i + 1]!; v++) counts[voteLabel[v]!]!++;
    let best = 0;
    let tied = false;
    for (let k = 1; k < K; k++) {
      if (counts[k]! > counts[best]!) {
        best = k;
        tied = false;
      } else if (counts[k] === counts[best]) {
        tied = true;
        if (overall[k]! > overall[best]!) best = k;
      }
    }
    if (tied) ties++;
    labels[i] = best;
  }
  return { labels, ties };
}
