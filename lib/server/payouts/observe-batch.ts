import "server-only";
import type { Address, Hex, TransactionReceipt } from "viem";
import { accountNonces, findBatchPaidTransaction, isPending, receiptOrNull } from "@/lib/chain/payout-transactions";
import { batchPaidAtBlock } from "@/lib/chain/reward-distributor";
import type { BatchObservation } from "@/lib/domain/payouts/recovery";
import type { LoadedBatch, LoadedTransaction } from "./load-batch";
import type { PayoutContext } from "./payout-context";

export type Observed = {
  observation: BatchObservation;
  /** The transaction the batch's live state points at (null when RECORDED). */
  live: LoadedTransaction | null;
  /** A mined receipt of the live nonce, if any. */
  receipt: TransactionReceipt | null;
  /** When the chain says paid: the successful receipt that paid it. */
  paying: TransactionReceipt | null;
};

/**
 * What the chain says about a batch right now. The contract's paidAtBlock comes first: it is the only authority on
 * "paid", and everything read after it can only be newer.
 */
export async function observeBatch(ctx: PayoutContext, batch: LoadedBatch): Promise<Observed> {
  const distributor = batch.distributor as Address;
  const paidAtBlock = await batchPaidAtBlock(ctx.publicClient, distributor, batch.batchKey as Hex);
  // viem caches the block number for its polling interval (4 s); a stale head would undercount confirmations.
  const headBlock = await ctx.publicClient.getBlockNumber({ cacheTime: 0 });
  const base = {
    state: batch.state,
    paidAtBlock,
    headBlock,
    confirmations: ctx.settings.confirmations,
    stuckAfterMs: ctx.settings.stuckAfterMs,
    live: null,
    minedNonce: 0,
    pendingNonce: 0,
  } satisfies BatchObservation;

  if (paidAtBlock !== null) {
    return { observation: base, live: null, receipt: null, paying: await findPayingReceipt(ctx, batch, paidAtBlock) };
  }
  const live = batch.nonce === null ? null : (batch.transactions.find((t) => t.hash === batch.txHash) ?? null);
  if (!live) return { observation: base, live: null, receipt: null, paying: null };

  // Any transaction of this batch with the live nonce may be the one mined (a replacement or what it replaced).
  const sameNonce = batch.transactions.filter((t) => t.nonce === live.nonce);
  const receipts = (await Promise.all(sameNonce.map((t) => receiptOrNull(ctx.publicClient, t.hash as Hex)))).filter((r) => r !== null);
  const receipt = receipts.find((r) => r.status === "success") ?? receipts[0] ?? null;
  const [pending, nonces] = await Promise.all([isPending(ctx.publicClient, live.hash as Hex), accountNonces(ctx.publicClient, ctx.account.address)]);
  return {
    observation: {
      ...base,
      live: {
        nonce: live.nonce,
        receipt: receipt ? receipt.status : null,
        pending,
        sentAgoMs: live.sentAt ? ctx.now().getTime() - live.sentAt.getTime() : null,
      },
      minedNonce: nonces.mined,
      pendingNonce: nonces.pending,
    },
    live,
    receipt,
    paying: null,
  };
}

/**
 * The receipt of the transaction that paid the batch: one of ours mined in the block the contract recorded, or
 * (should the database have lost track) the one holding the BatchPaid log. Nothing is marked paid without it.
 */
async function findPayingReceipt(ctx: PayoutContext, batch: LoadedBatch, paidAtBlock: bigint): Promise<TransactionReceipt> {
  for (const t of [...batch.transactions].reverse()) {
    const receipt = await receiptOrNull(ctx.publicClient, t.hash as Hex);
    if (receipt?.status === "success" && receipt.blockNumber === paidAtBlock) return receipt;
  }
  const hash = await findBatchPaidTransaction(ctx.publicClient, batch.distributor as Address, batch.batchKey as Hex, paidAtBlock);
  const receipt = hash ? await receiptOrNull(ctx.publicClient, hash) : null;
  if (receipt?.status === "success") return receipt;
  throw new Error(`the chain says batch ${batch.batchKey} was paid in block ${paidAtBlock}, but its receipt is not available yet`);
}
