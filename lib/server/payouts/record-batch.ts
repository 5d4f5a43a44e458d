import "server-only";
import { deriveBatchId } from "@/lib/domain/payouts/batch-id";
import { isBatchDue, planBatch, type BatchPlan } from "@/lib/domain/payouts/batch-plan";
import { formatData } from "@/lib/format";
import { db } from "@/lib/server/db";
import type { PayoutContext } from "./payout-context";

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** Rows one batch may hold at most (rows of one recipient merge into one transfer, so this is above the size cap). */
const ROWS_PER_TRANSFER = 20;

/**
 * Forms the next batch from the oldest funded rows when it is due (full, or its oldest row waited long enough), and
 * records it (batch id, recipients, amounts, which row is which transfer) before anything is signed. The rows move
 * to the batch by a conditional update (still PENDING, in no batch), so a row never joins two batches.
 */
export async function recordNextBatch(ctx: PayoutContext): Promise<{ id: string; batchKey: string } | null> {
  const { batchMaxSize, batchMaxWaitMs } = ctx.settings;
  const maxRows = batchMaxSize * ROWS_PER_TRANSFER;
  // Rows of distinct recipients fill a batch with its first `batchMaxSize` rows; more are read only while rows of
  // repeated recipients leave room (reading the 20x maximum every time costs a second per batch under load).
  let take = batchMaxSize;
  let plan: BatchPlan | null;
  for (;;) {
    const rows = await db.payout.findMany({
      // A held fee (its sample's appeal window still open, or its appeal undecided) waits; see appeal-rules.ts.
      where: { status: "PENDING", batchId: null, OR: [{ payableAfter: null }, { payableAfter: { lte: ctx.now() } }] },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take,
      select: { id: true, amountWei: true, round: true, createdAt: true, recipient: { select: { address: true } } },
    });
    plan = planBatch(
      rows.map((r) => ({ id: r.id, recipient: r.recipient.address, amountWei: BigInt(r.amountWei), round: r.round, createdAt: r.createdAt })),
      batchMaxSize,
      maxRows,
    );
    if (!plan || plan.full || rows.length < take || take >= maxRows) break;
    take = Math.min(take * 4, maxRows);
  }
  if (!plan || !isBatchDue(plan, ctx.now(), batchMaxWaitMs)) return null;
  const batchKey = deriveBatchId(plan.rows);

  return db.$transaction(async (tx) => {
    const batch = await tx.payoutBatch.create({
      data: {
        batchKey,
        state: "RECORDED",
        chainId: ctx.chainId,
        distributor: ctx.distributor.toLowerCase(),
        recipients: plan.transfers.map((t) => t.recipient),
        amounts: plan.transfers.map((t) => t.amountWei.toString()),
        totalWei: plan.totalWei.toString(),
        rowCount: plan.rows.length,
      },
      select: { id: true, batchKey: true },
    });
    for (const [transferIndex, transfer] of plan.transfers.entries()) {
      const { count } = await tx.payout.updateMany({
        where: { id: { in: transfer.rowIds }, status: "PENDING", batchId: null },
        data: { status: "IN_FLIGHT", batchId: batch.id, transferIndex },
      });
      if (count !== transfer.rowIds.length) throw new Error(`rows of batch ${batchKey} changed while it was recorded; trying again`);
    }
    await tx.payoutBatchEvent.create({
      data: {
        batchId: batch.id,
        toState: "RECORDED",
        kind: "recorded",
        message: `Recorded ${plural(plan.rows.length, "row")} as ${plural(plan.transfers.length, "transfer")}, ${formatData(plan.totalWei)} DATA in total.`,
      },
    });
    return batch;
  });
}
