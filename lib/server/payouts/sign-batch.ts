import "server-only";
import { formatGwei, type Address } from "viem";
import { encodePayBatch, estimatePayBatchGas, signPayBatch, suggestFees, accountNonces } from "@/lib/chain/payout-transactions";
import { decodePayBatchRevert, describePayBatchError } from "@/lib/chain/reward-distributor";
import { db } from "@/lib/server/db";
import { moveBatch, noteBatch } from "./batch-store";
import { shortHash, toRewardBatch, type LoadedBatch } from "./load-batch";
import type { PayoutContext } from "./payout-context";
import { sendRecorded } from "./send-transaction";

/** The batch cannot be paid right now (an empty treasury, a missing role): the worker backs off and tries again. */
export class PayoutBlockedError extends Error {
  override name = "PayoutBlockedError";
}

/** Reverts that no retry can fix: the batch as recorded is malformed. */
const PERMANENT_REVERTS = new Set(["EmptyBatch", "BatchLengthMismatch", "ZeroRecipient", "ZeroAmount"]);

/**
 * Signs a new transaction for a batch with no live one, records it with its nonce, then broadcasts it. The order is
 * the point: a transaction that was never recorded was never broadcast, so after a crash the database knows every
 * transaction that could pay this batch.
 */
export async function signAndSend(ctx: PayoutContext, batch: LoadedBatch): Promise<boolean> {
  const reward = toRewardBatch(batch);
  const distributor = batch.distributor as Address;
  // The gas estimate is the simulation: eth_estimateGas runs the call and reverts with the contract's error exactly
  // as eth_call would, so one execution of a 100-transfer batch does both jobs (the node's EVM time is what bounds
  // the worker's throughput). Fees and the nonce are read meanwhile.
  const feesRead = suggestFees(ctx.publicClient);
  const noncesRead = accountNonces(ctx.publicClient, ctx.account.address);
  // Awaited below; should the estimate throw first, their failures must not surface as unhandled rejections.
  void Promise.allSettled([feesRead, noncesRead]);
  let gas: bigint;
  try {
    gas = await estimatePayBatchGas(ctx.publicClient, ctx.account.address, distributor, reward);
  } catch (error) {
    const revert = decodePayBatchRevert(error);
    if (!revert) throw error; // no answer from the chain: back off
    if (revert.errorName === "BatchAlreadyPaid") return true; // paid after we looked; the next look confirms it
    const reason = describePayBatchError(error);
    if (PERMANENT_REVERTS.has(revert.errorName) && batch.attempts === 0) {
      await failBatch(ctx, batch, reason);
      return true;
    }
    const message = `Not sent: ${reason}`;
    // Once per distinct reason: a batch blocked for an hour gets one event, not one per retry.
    if (batch.lastError !== message) await db.$transaction((t) => noteBatch(t, batch, { kind: "blocked", message }, true));
    throw new PayoutBlockedError(`Batch ${shortHash(batch.batchKey)} cannot be paid now: ${reason}`);
  }
  // The payer's next nonce as the node sees it, mempool included. The worker has at most one batch in flight, so
  // nothing of ours is between this read and the broadcast.
  const [fees, { pending: nonce }] = await Promise.all([feesRead, noncesRead]);
  const signed = await signPayBatch(ctx.account, { chainId: ctx.chainId, distributor, data: encodePayBatch(reward), nonce, gas, fees });

  await ctx.assertLease();
  const attempt = batch.attempts + 1;
  const tx = await db.$transaction(async (t) => {
    const created = await t.payoutTransaction.create({
      data: {
        batchId: batch.id,
        hash: signed.hash,
        nonce,
        rawTx: signed.raw,
        gasLimit: gas.toString(),
        maxFeePerGas: fees.maxFeePerGas.toString(),
        maxPriorityFeePerGas: fees.maxPriorityFeePerGas.toString(),
      },
    });
    await moveBatch(
      t,
      batch,
      "SIGNED",
      {
        kind: "signed",
        message: `Signed ${shortHash(signed.hash)} (attempt ${attempt}): nonce ${nonce}, gas limit ${gas}, max fee ${formatGwei(fees.maxFeePerGas)} gwei.`,
        txHash: signed.hash,
      },
      {
        nonce,
        txHash: signed.hash,
        gasLimit: gas.toString(),
        maxFeePerGas: fees.maxFeePerGas.toString(),
        maxPriorityFeePerGas: fees.maxPriorityFeePerGas.toString(),
        attempts: { increment: 1 },
        lastError: null,
      },
    );
    return created;
  });
  ctx.log(`batch ${batch.id}: signed ${signed.hash} (nonce ${nonce}, attempt ${attempt})`);
  ctx.crash("signed");
  return sendRecorded(ctx, { id: batch.id, state: "SIGNED" }, tx);
}

/**
 * Final failure of a batch that was never signed: nothing of it can be on-chain, so its rows go back to PENDING with
 * their round raised (the next batch holding them gets a new id).
 */
async function failBatch(ctx: PayoutContext, batch: LoadedBatch, reason: string): Promise<void> {
  await db.$transaction(async (t) => {
    await moveBatch(t, batch, "FAILED", { kind: "failed", message: `Failed: ${reason} Its ${batch.rowCount} rows are pending again.` }, { lastError: reason });
    await t.payout.updateMany({
      where: { batchId: batch.id, status: "IN_FLIGHT" },
      data: { status: "PENDING", batchId: null, transferIndex: null, round: { increment: 1 } },
    });
  });
  ctx.log(`batch ${batch.id}: failed (${reason}); rows released`);
}
