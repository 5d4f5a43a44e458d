/**
 * How many rows of a dataset version its card shows for free. A preview lets a buyer judge the data, but it must
 * not give a real share of it away: at most a tenth of the rows, at most FREE_PREVIEW_MAX, and none at all below
 * FREE_PREVIEW_MIN_ROWS (where even one row is a large share and the label chart already describes the data).
 */
export const FREE_PREVIEW_SHARE = 0.1;
export const FREE_PREVIEW_MAX = 5;
export const FREE_PREVIEW_MIN_ROWS = 20;

export function freePreviewRows(rowCount: number): number {
  if (!Number.isSafeInteger(rowCount) || rowCount < 0) throw new RangeError(`rowCount must be a non-negative integer, got ${rowCount}.`);
  if (rowCount < FREE_PREVIEW_MIN_ROWS) return 0;
  return Math.min(FREE_PREVIEW_MAX, Math.floor(rowCount * FREE_PREVIEW_SHARE));
}
