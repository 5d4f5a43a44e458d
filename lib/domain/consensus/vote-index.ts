import type { Vote } from "./types";

/**
 * The votes of a campaign in a canonical, flat layout: items and reviewers sorted by id, votes grouped
 * by item (CSR: the votes of item i are itemStart[i]..itemStart[i+1]-1) and sorted by reviewer and label
 * inside an item. Every later sum runs in this order, so the floating-point result does not depend on
 * the order in which the database returned the votes.
 */
export interface VoteIndex {
  readonly classes: number;
  readonly itemIds: readonly string[];
  readonly reviewerIds: readonly string[];
  readonly itemStart: Int32Array;
  readonly voteReviewer: Int32Array;
  readonly voteLabel: Int32Array;
  readonly reviewerVotes: Int32Array;
}

/** Code-unit order: unlike localeCompare it is the same on every machine and locale. */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function sortedUnique(ids: Iterable<string>): string[] {
  return [...new Set(ids)].sort(compareIds);
}

export function buildVoteIndex(classes: number, votes: readonly Vote[], extraItemIds: Iterable<string> = []): VoteIndex {
  if (!Number.isInteger(classes) || classes < 2) {
    throw new RangeError(`A campaign needs at least 2 classes (got ${classes}).`);
  }
  const itemIds = sortedUnique([...votes.map((v) => v.itemId), ...extraItemIds]);
  const reviewerIds = sortedUnique(votes.map((v) => v.reviewerId));
  const itemOf = new Map(itemIds.map((id, i) => [id, i]));
  const reviewerOf = new Map(reviewerIds.map((id, j) => [id, j]));

  const n = votes.length;
  const item = new Int32Array(n);
  const reviewer = new Int32Array(n);
  const label = new Int32Array(n);
  for (let v = 0; v < n; v++) {
    const vote = votes[v]!;
    if (!Number.isInteger(vote.label) || vote.label < 0 || vote.label >= classes) {
      throw new RangeError(
        `Vote of ${vote.reviewerId} on ${vote.itemId} has label ${vote.label}, outside 0..${classes - 1}.`,
      );
    }
    item[v] = itemOf.get(vote.itemId)!;
    reviewer[v] = reviewerOf.get(vote.reviewerId)!;
    label[v] = vote.label;
  }

  // Order by (item, reviewer, label): a stable counting sort on each key, least significant first,
  // is linear in the number of votes and needs no comparisons of string ids.
  let order: Int32Array = Int32Array.from({ length: n }, (_, v) => v);
  order = countingSort(order, label, classes);
  order = countingSort(order, reviewer, reviewerIds.length);
  order = countingSort(order, item, itemIds.length);

  const itemStart = new Int32Array(itemIds.length + 1);
  const voteReviewer = new Int32Array(n);
  const voteLabel = new Int32Array(n);
  const reviewerVotes = new Int32Array(reviewerIds.length);
  for (let s = 0; s < n; s++) {
    const v = order[s]!;
    voteReviewer[s] = reviewer[v]!;
    voteLabel[s] = label[v]!;
    itemStart[item[v]! + 1]!++;
    reviewerVotes[reviewer[v]!]!++;
  }
  for (let i = 0; i < itemIds.length; i++) itemStart[i + 1]! += itemStart[i]!;
  return { classes, itemIds, reviewerIds, itemStart, voteReviewer, voteLabel, reviewerVotes };
}

/** `order` stably re-sorted by key[v] in 0..size-1. */
function countingSort(order: Int32Array, key: Int32Array, size: number): Int32Array {
  const start = new Int32Array(size + 1);
  for (let s = 0; s < order.length; s++) start[key[order[s]!]! + 1]!++;
  for (let k = 0; k < size; k++) start[k + 1]! += start[k]!;
  const sorted = new Int32Array(order.length);
  for (let s = 0; s < order.length; s++) {
    const v = order[s]!;
    sorted[start[key[v]!]!++] = v;
  }
  return sorted;
}
