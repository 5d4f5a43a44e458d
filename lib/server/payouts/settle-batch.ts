import "server-only";
import type { Address, TransactionReceipt } from "viem";
import { describePayBatchError, simulatePayBatch } from "@/lib/chain/reward-distributor";
import type { BatchAction } from "@/lib/domain/payouts/recovery";
import { db } from "@/lib/server/db";
import { moveBatch, type BatchRef } from "./batch-store";
import { shortHash, toRewardBatch, type LoadedBatch, type LoadedTransaction } from "./load-batch";
import type { PayoutContext } from "./payout-context";

/** The chain says paid: record the paying transaction, block and gas (rows stay IN_FLIGHT until confirmed). */
export async function markMined(ctx: PayoutContext, batch: BatchRef, receipt: TransactionReceipt, have: number): Promise<void> {
  ctx.crash("receipt");
  await db.$transaction(async (t) => {
    await t.payoutTransaction.updateMany({ where: { hash: receipt.transactionHash }, data: { status: "MINED" } });
    await moveBatch(
      t,
      batch,
      "MINED",
      {
        kind: "mined",
        message: `Paid on-chain in block ${receipt.blockNumber} by ${shortHash(receipt.transactionHash)}, ${receipt.gasUsed} gas; ${have} of ${ctx.settings.confirmations} confirmations.`,
        txHash: receipt.transactionHash,
      },
      { txHash: receipt.transactionHash, blockNumber: Number(receipt.blockNumber), gasUsed: receipt.gasUsed.toString(), lastError: null },
    );
  });
  ctx.log(`batch ${batch.id}: mined in block ${receipt.blockNumber} (${receipt.transactionHash})`);
}

/** Enough confirmations: the batch is final and its rows are PAID, with the transaction and block, in one commit. */
export async function confirmPaid(ctx: PayoutContext, batch: LoadedBatch, receipt: TransactionReceipt, have: number): Promise<void> {
  let ref: BatchRef = batch;
  if (batch.state !== "MINED") {
    await markMined(ctx, batch, receipt, have);
    ref = { id: batch.id, state: "MINED" };
  }
  ctx.crash("before-paid");
  const now = ctx.now();
  await db.$transaction(async (t) => {
    await moveBatch(t, ref, "CONFIRMED", { kind: "confirmed", message: `Final after ${have} confirmations: ${batch.rowCount} rows paid.`, txHash: receipt.transactionHash }, { confirmedAt: now });
    const { count } = await t.payout.updateMany({
      where: { batchId: batch.id, status: "IN_FLIGHT" },
      data: { status: "PAID", txHash: receipt.transactionHash, blockNumber: Number(receipt.blockNumber), paidAt: now },
    });
    if (count !== batch.rowCount) throw new Error(`batch ${batch.batchKey} holds ${count} in-flight rows, recorded ${batch.rowCount}`);
  });
  ctx.log(`batch ${batch.id}: confirmed; ${batch.rowCount} rows paid`);
  ctx.crash("paid");
}

/** MINED, but the chain no longer says paid (a reorganisation, a reset chain): back in flight, judged again. */
export async function reopenBatch(ctx: PayoutContext, batch: LoadedBatch): Promise<void> {
  await db.$transaction((t) =>
    moveBatch(
      t,
      batch,
      "SENT",
      { kind: "reopened", message: `The chain no longer shows this batch paid in block ${batch.blockNumber}; watching its transaction again.`, txHash: batch.txHash },
      { blockNumber: null, gasUsed: null },
    ),
  );
  ctx.log(`batch ${batch.id}: no longer paid on-chain; reopened`);
}

const ABANDON_REASONS = {
  "nonce-used": (nonce: number) => `Nonce ${nonce} was used by another transaction of the payer, so no transaction of this batch can be mined now.`,
  "nonce-gap": (nonce: number) => `Nonce ${nonce} is beyond the payer's next nonce on this chain (it was reset).`,
} as const;

/**
 * The live transaction can never pay (it reverted, or its nonce went to another transaction): back to RECORDED, to be
 * signed again with a fresh nonce. Same batch id, so even if an old transaction surfaced it could not pay twice.
 */
export async function abandonLive(
  ctx: PayoutContext,
  batch: LoadedBatch,
  live: LoadedTransaction,
  receipt: TransactionReceipt | null,
  reason: Extract<BatchAction, { kind: "abandon" }>["reason"],
): Promise<void> {
  const why =
    reason === "reverted" && receipt
      ? `${shortHash(receipt.transactionHash)} reverted in block ${receipt.blockNumber}: ${await revertReason(ctx, batch, receipt, live)}`
      : ABANDON_REASONS[reason === "reverted" ? "nonce-used" : reason](live.nonce);
  await db.$transaction(async (t) => {
    if (receipt) await t.payoutTransaction.updateMany({ where: { hash: receipt.transactionHash }, data: { status: "REVERTED" } });
    await t.payoutTransaction.updateMany({
      where: { batchId: batch.id, nonce: live.nonce, status: { in: ["SIGNED", "SENT", "REPLACED"] } },
      data: { status: "DROPPED" },
    });
    await moveBatch(t, batch, "RECORDED", { kind: reason === "reverted" ? "reverted" : "dropped", message: `${why} Signing a new transaction.`, txHash: live.hash }, { nonce: null, txHash: null, lastError: why });
  });
  ctx.log(`batch ${batch.id}: ${why}`);
}

/** Why a mined payBatch reverted, as far as we can tell afterwards. */
async function revertReason(ctx: PayoutContext, batch: LoadedBatch, receipt: TransactionReceipt, live: LoadedTransaction): Promise<string> {
  if (receipt.gasUsed >= BigInt(live.gasLimit)) return `it ran out of gas (limit ${live.gasLimit}).`;
  try {
    await simulatePayBatch(ctx.publicClient, ctx.account.address, batch.distributor as Address, toRewardBatch(batch));
    return "the cause no longer reproduces (the chain changed since).";
  } catch (error) {
    return describePayBatchError(error);
  }
}
