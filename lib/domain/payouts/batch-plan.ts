// Grouping funded rows into one payBatch call. Rows are taken strictly in earning order; rows of one recipient are
// merged into one transfer (cheaper: one balance write per recipient), so a batch is capped by its transfers.

export type PendingRow = { id: string; recipient: string; amountWei: bigint; round: number; createdAt: Date };
export type PlannedTransfer = { recipient: string; amountWei: bigint; rowIds: string[] };
export type BatchPlan = {
  rows: PendingRow[];
  transfers: PlannedTransfer[];
  totalWei: bigint;
  /** True when the rows stopped because the batch was full, not because no more were pending. */
  full: boolean;
};

const ZERO_ADDRESS = /^0x0{40}$/i;

/**
 * The next batch from `rows` (oldest first): as many rows as fit `maxTransfers` distinct recipients and `maxRows`
 * rows, stopping at the first row that would need one transfer too many. Null when there is nothing to pay.
 */
export function planBatch(rows: readonly PendingRow[], maxTransfers: number, maxRows = 20 * maxTransfers): BatchPlan | null {
  if (maxTransfers < 1) throw new Error("maxTransfers must be at least 1");
  const transfers = new Map<string, PlannedTransfer>();
  const taken: PendingRow[] = [];
  let full = false;
  for (const row of rows) {
    if (row.amountWei <= 0n) throw new Error(`row ${row.id} pays a non-positive amount`);
    if (!/^0x[0-9a-fA-F]{40}$/.test(row.recipient) || ZERO_ADDRESS.test(row.recipient)) {
      throw new Error(`row ${row.id} pays an invalid address (${row.recipient})`);
    }
    const recipient = row.recipient.toLowerCase();
    const transfer = transfers.get(recipient);
    if (taken.length >= maxRows || (!transfer && transfers.size >= maxTransfers)) {
      full = true;
      break;
    }
    if (transfer) {
      transfer.amountWei += row.amountWei;
      transfer.rowIds.push(row.id);
    } else {
      transfers.set(recipient, { recipient, amountWei: row.amountWei, rowIds: [row.id] });
    }
    taken.push(row);
  }
  if (taken.length === 0) return null;
  const list = [...transfers.values()];
  return { rows: taken, transfers: list, totalWei: list.reduce((sum, t) => sum + t.amountWei, 0n), full: full || list.length >= maxTransfers };
}

/** A batch goes out when it is full, or when its oldest row has waited `maxWaitMs`. */
export function isBatchDue(plan: BatchPlan, now: Date, maxWaitMs: number): boolean {
  if (plan.full) return true;
  const oldest = Math.min(...plan.rows.map((r) => r.createdAt.getTime()));
  return now.getTime() - oldest >= maxWaitMs;
}
