import "server-only";
import { formatGwei, type Address } from "viem";
import { encodePayBatch, signPayBatch, suggestFees } from "@/lib/chain/payout-transactions";
import { bumpFees } from "@/lib/domain/payouts/fees";
import { db } from "@/lib/server/db";
import { moveBatch } from "./batch-store";
import { shortHash, toRewardBatch, type LoadedBatch, type LoadedTransaction } from "./load-batch";
import type { PayoutContext } from "./payout-context";
import { sendRecorded } from "./send-transaction";

/**
 * Replaces a stuck transaction: the same batch, nonce and gas limit with both fees raised by at least 10 %, recorded
 * before it is broadcast. Whichever of the two gets mined pays the batch; the other can no longer be mined.
 */
export async function replaceStuck(ctx: PayoutContext, batch: LoadedBatch, live: LoadedTransaction): Promise<boolean> {
  const previous = { maxFeePerGas: BigInt(live.maxFeePerGas), maxPriorityFeePerGas: BigInt(live.maxPriorityFeePerGas) };
  const fees = bumpFees(previous, await suggestFees(ctx.publicClient));
  const distributor = batch.distributor as Address;
  const signed = await signPayBatch(ctx.account, {
    chainId: ctx.chainId,
    distributor,
    data: encodePayBatch(toRewardBatch(batch)),
    nonce: live.nonce,
    gas: BigInt(live.gasLimit),
    fees,
  });
  const stuckFor = live.sentAt ? Math.round((ctx.now().getTime() - live.sentAt.getTime()) / 1000) : 0;

  await ctx.assertLease();
  const tx = await db.$transaction(async (t) => {
    const created = await t.payoutTransaction.create({
      data: {
        batchId: batch.id,
        hash: signed.hash,
        nonce: live.nonce,
        rawTx: signed.raw,
        gasLimit: live.gasLimit,
        maxFeePerGas: fees.maxFeePerGas.toString(),
        maxPriorityFeePerGas: fees.maxPriorityFeePerGas.toString(),
      },
    });
    await t.payoutTransaction.updateMany({
      where: { batchId: batch.id, nonce: live.nonce, id: { not: created.id }, status: { in: ["SIGNED", "SENT"] } },
      data: { status: "REPLACED" },
    });
    await moveBatch(
      t,
      batch,
      "SIGNED",
      {
        kind: "replaced",
        message:
          `Unmined for ${stuckFor} s: replaced ${shortHash(live.hash)} by ${shortHash(signed.hash)} at nonce ${live.nonce}, ` +
          `max fee ${formatGwei(previous.maxFeePerGas)} -> ${formatGwei(fees.maxFeePerGas)} gwei, ` +
          `tip ${formatGwei(previous.maxPriorityFeePerGas)} -> ${formatGwei(fees.maxPriorityFeePerGas)} gwei.`,
        txHash: signed.hash,
      },
      {
        txHash: signed.hash,
        maxFeePerGas: fees.maxFeePerGas.toString(),
        maxPriorityFeePerGas: fees.maxPriorityFeePerGas.toString(),
        attempts: { increment: 1 },
      },
    );
    return created;
  });
  ctx.log(`batch ${batch.id}: replaced stuck ${live.hash} by ${signed.hash} (nonce ${live.nonce})`);
  ctx.crash("replacement-signed");
  return sendRecorded(ctx, { id: batch.id, state: "SIGNED" }, tx);
}
