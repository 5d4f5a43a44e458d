import "server-only";
import type { Hex } from "viem";
import { broadcastRaw, type BroadcastOutcome } from "@/lib/chain/payout-transactions";
import { db } from "@/lib/server/db";
import { moveBatch, noteBatch, type BatchRef } from "./batch-store";
import { shortHash, type LoadedTransaction } from "./load-batch";
import type { PayoutContext } from "./payout-context";

const REFUSALS: Record<Exclude<BroadcastOutcome, "accepted" | "known">, string> = {
  "nonce-too-low": "the nonce is already used; the chain is asked again before anything else is sent",
  "nonce-too-high": "the nonce is beyond the payer's next one (was the chain reset?); it will be signed anew",
  underpriced: "a transaction with this nonce and a higher fee is already waiting",
};

/**
 * Broadcasts a recorded transaction (first send or the same bytes again) and records that the node took it. Returns
 * false when the node refused it: the refusal is noted and the next look at the chain decides what follows.
 */
export async function sendRecorded(ctx: PayoutContext, batch: BatchRef, tx: Pick<LoadedTransaction, "id" | "hash" | "rawTx" | "nonce">): Promise<boolean> {
  await ctx.assertLease();
  const outcome = await broadcastRaw(ctx.publicClient, tx.rawTx as Hex);
  ctx.crash("broadcast");
  if (outcome === "accepted" || outcome === "known") {
    await markSent(ctx, batch, tx, batch.state === "SIGNED" ? null : "rebroadcast");
    return true;
  }
  const message = `The node refused ${shortHash(tx.hash)} (nonce ${tx.nonce}): ${REFUSALS[outcome]}.`;
  ctx.log(message);
  await db.$transaction((t) => noteBatch(t, batch, { kind: "refused", message, txHash: tx.hash }, true));
  return false;
}

/** The node holds the transaction: SIGNED -> SENT (or, for a rebroadcast, an event only). */
export async function markSent(ctx: PayoutContext, batch: BatchRef, tx: Pick<LoadedTransaction, "id" | "hash" | "nonce">, rebroadcast: "rebroadcast" | null = null): Promise<void> {
  await db.$transaction(async (t) => {
    await t.payoutTransaction.updateMany({ where: { id: tx.id, status: "SIGNED" }, data: { status: "SENT" } });
    await t.payoutTransaction.updateMany({ where: { id: tx.id, sentAt: null }, data: { sentAt: ctx.now() } });
    if (batch.state === "SIGNED") {
      await moveBatch(t, batch, "SENT", { kind: "sent", message: `Broadcast ${shortHash(tx.hash)} with nonce ${tx.nonce}; the node accepted it.`, txHash: tx.hash });
    } else if (rebroadcast) {
      await noteBatch(t, batch, { kind: "rebroadcast", message: `The node had lost ${shortHash(tx.hash)}; broadcast the recorded bytes again.`, txHash: tx.hash });
    }
  });
  ctx.log(`batch ${batch.id}: ${rebroadcast ? "rebroadcast" : "sent"} ${tx.hash} (nonce ${tx.nonce})`);
}
