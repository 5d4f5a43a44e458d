import type { Vote } from "./types";
import { compareIds } from "./vote-index";

/**
 * Inter-rater agreement for nominal labels. Both statistics only need, per item, how many raters chose
 * each class, so they take a table `counts[item][class]`; `countsPerItem` builds it from votes.
 * Both return null when the statistic is undefined (fewer than two pairable values, or every value in
 * the same class so that chance agreement is already perfect).
 */
export type CountTable = readonly (readonly number[])[];

/** Rows sorted by item id, one column per class. */
export function countsPerItem(classes: number, votes: readonly Vote[]): number[][] {
  const rows = new Map<string, number[]>();
  for (const { itemId, label } of votes) {
    if (!Number.isInteger(label) || label < 0 || label >= classes) {
      throw new RangeError(`Label ${label} of item ${itemId} is outside 0..${classes - 1}.`);
    }
    let row = rows.get(itemId);
    if (!row) rows.set(itemId, (row = new Array<number>(classes).fill(0)));
    row[label]!++;
  }
  return [...rows.keys()].sort(compareIds).map((id) => rows.get(id)!);
}

/**
 * Krippendorff's alpha for nominal data: 1 - observed / expected disagreement, computed from the
 * coincidence matrix. Items with a single value are not pairable and drop out, which is how alpha
 * handles missing data and varying numbers of raters.
 */
export function krippendorffAlphaNominal(counts: CountTable): number | null {
  const totals: number[] = [];
  let n = 0;
  let agreeingPairs = 0; // sum over c of o_cc, the diagonal of the coincidence matrix
  for (const row of counts) {
    const m = row.reduce((a, b) => a + b, 0);
    if (m < 2) continue;
    n += m;
    row.forEach((count, c) => {
      totals[c] = (totals[c] ?? 0) + count;
      agreeingPairs += (count * (count - 1)) / (m - 1);
    });
  }
  const sumSquares = totals.reduce((acc, t) => acc + (t ?? 0) ** 2, 0);
  const expectedPairs = n * n - sumSquares; // sum over c != k of n_c * n_k
  if (n < 2 || expectedPairs === 0) return null;
  return 1 - ((n - 1) * (n - agreeingPairs)) / expectedPairs;
}

/**
 * Fleiss' kappa, in the generalisation that allows a different number of raters per item: each item's
 * agreement is the share of agreeing ordered rater pairs among its own raters, averaged over items;
 * chance agreement comes from the pooled class shares. Items with fewer than two raters are skipped.
 */
export function fleissKappa(counts: CountTable): number | null {
  const totals: number[] = [];
  let ratings = 0;
  let items = 0;
  let agreementSum = 0;
  for (const row of counts) {
    const m = row.reduce((a, b) => a + b, 0);
    if (m < 2) continue;
    items++;
    ratings += m;
    let pairs = 0;
    row.forEach((count, c) => {
      totals[c] = (totals[c] ?? 0) + count;
      pairs += count * (count - 1);
    });
    agreementSum += pairs / (m * (m - 1));
  }
  if (items === 0) return null;
  const observed = agreementSum / items;
  const chance = totals.reduce((acc, t) => acc + ((t ?? 0) / ratings) ** 2, 0);
  if (chance === 1) return null;
  return (observed - chance) / (1 - chance);
}
