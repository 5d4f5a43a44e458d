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

export function buildVoteIndex(classes: number, votes: readonly Vote[], extraItemIds: Iterable<string> = []): VoteIndex {
  checkClasses(classes);
  const itemIds: string[] = [];
  const reviewerIds: string[] = [];
  const itemCode = new Map<string, number>();
  const reviewerCode = new Map<string, number>();
  const codeOf = (codes: Map<string, number>, ids: string[], id: string) => {
    let code = codes.get(id);
    if (code === undefined) {
      code = ids.length;
      codes.set(id, code);
      ids.push(id);
    }
    return code;
  };
  const n = votes.length;
  const coded = { item: new Int32Array(n), reviewer: new Int32Array(n), label: new Int32Array(n) };
  for (let v = 0; v < n; v++) {
    const vote = votes[v]!;
    if (!Number.isInteger(vote.label) || vote.label < 0 || vote.label >= classes) {
      throw new RangeError(`Vote of ${vote.reviewerId} on ${vote.itemId} has label ${vote.label}, outside 0..${classes - 1}.`);
    }
    coded.item[v] = codeOf(itemCode, itemIds, vote.itemId);
    coded.reviewer[v] = codeOf(reviewerCode, reviewerIds, vote.reviewerId);
    coded.label[v] = vote.label;
  }
  const extra = [...extraItemIds].map((id) => codeOf(itemCode, itemIds, id));
  return voteIndexFromCodes(classes, itemIds, reviewerIds, coded, extra);
}

/**
 * The same index from votes given as codes into lists of distinct ids, as a database reader collects them without an
 * object per vote: vote v is reviewer `reviewerIds[reviewer[v]]` giving `label[v]` to item `itemIds[item[v]]`. Ids
 * that no vote uses are left out, except the items of `extraItems` (codes too). Id lists in code-unit order (but for a
 * few at the end) spare a sort.
 */
export function voteIndexFromCodes(
  classes: number,
  itemIds: readonly string[],
  reviewerIds: readonly string[],
  votes: { readonly item: Int32Array; readonly reviewer: Int32Array; readonly label: Int32Array },
  extraItems: Iterable<number> = [],
): VoteIndex {
  checkClasses(classes);
  const n = votes.label.length;
  const usedItems = new Uint8Array(itemIds.length);
  const usedReviewers = new Uint8Array(reviewerIds.length);
  for (let v = 0; v < n; v++) {
    const label = votes.label[v]!;
    if (label < 0 || label >= classes) {
      throw new RangeError(`Vote of ${reviewerIds[votes.reviewer[v]!]} on ${itemIds[votes.item[v]!]} has label ${label}, outside 0..${classes - 1}.`);
    }
    usedItems[votes.item[v]!] = 1;
    usedReviewers[votes.reviewer[v]!] = 1;
  }
  for (const code of extraItems) usedItems[code] = 1;
  const items = canonicalOrder(itemIds, usedItems);
  const reviewers = canonicalOrder(reviewerIds, usedReviewers);

  const item = new Int32Array(n);
  const reviewer = new Int32Array(n);
  for (let v = 0; v < n; v++) {
    item[v] = items.rank[votes.item[v]!]!;
    reviewer[v] = reviewers.rank[votes.reviewer[v]!]!;
  }
  const label = votes.label;

  // Order by (item, reviewer, label): a stable counting sort on each key, least significant first,
  // is linear in the number of votes and needs no comparisons of string ids.
  let order: Int32Array = Int32Array.from({ length: n }, (_, v) => v);
  order = countingSort(order, label, classes);
  order = countingSort(order, reviewer, reviewers.ids.length);
  order = countingSort(order, item, items.ids.length);

  const itemStart = new Int32Array(items.ids.length + 1);
  const voteReviewer = new Int32Array(n);
  const voteLabel = new Int32Array(n);
  const reviewerVotes = new Int32Array(reviewers.ids.length);
  for (let s = 0; s < n; s++) {
    const v = order[s]!;
    voteReviewer[s] = reviewer[v]!;
    voteLabel[s] = label[v]!;
    itemStart[item[v]! + 1]!++;
    reviewerVotes[reviewer[v]!]!++;
  }
  for (let i = 0; i < items.ids.length; i++) itemStart[i + 1]! += itemStart[i]!;
  return { classes, itemIds: items.ids, reviewerIds: reviewers.ids, itemStart, voteReviewer, voteLabel, reviewerVotes };
}

function checkClasses(classes: number): void {
  if (!Number.isInteger(classes) || classes < 2) {
    throw new RangeError(`A campaign needs at least 2 classes (got ${classes}).`);
  }
}

/**
 * The used ids in code-unit order, and each code's place in it (-1: unused). Ids listed in order already, up to a few
 * added at the end (time-ordered ids read in creation order, new ones added after them), cost a check and a sort of
 * the few.
 */
function canonicalOrder(ids: readonly string[], used: Uint8Array): { ids: string[]; rank: Int32Array } {
  const codes: number[] = [];
  for (let code = 0; code < ids.length; code++) if (used[code]) codes.push(code);
  let sortedUpTo = 1;
  while (sortedUpTo < codes.length && compareIds(ids[codes[sortedUpTo - 1]!]!, ids[codes[sortedUpTo]!]!) < 0) sortedUpTo++;
  const ordered = sortedUpTo >= codes.length ? codes : mergeSorted(ids, codes.slice(0, sortedUpTo), codes.slice(sortedUpTo).sort((a, b) => compareIds(ids[a]!, ids[b]!)));
  const rank = new Int32Array(ids.length).fill(-1);
  const out: string[] = [];
  for (const code of ordered) {
    const id = ids[code]!;
    if (out.length > 0 && out[out.length - 1] === id) throw new RangeError(`Id ${id} is listed twice.`);
    rank[code] = out.length;
    out.push(id);
  }
  return { ids: out, rank };
}

/** Two lists of codes, each in the order of their ids, as one. */
function mergeSorted(ids: readonly string[], a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) out.push(compareIds(ids[a[i]!]!, ids[b[j]!]!) <= 0 ? a[i++]! : b[j++]!);
  while (i < a.length) out.push(a[i++]!);
  while (j < b.length) out.push(b[j++]!);
  return out;
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
