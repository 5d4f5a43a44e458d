// What to do next with an open batch, decided from what the chain says right now and never from what the database
// believes. The worker calls this on start and on every loop, so a crash at any point is just another observation.
//
// Why this cannot pay twice: rows belong to one batch for good, and every transaction of a batch carries the same
// batch id, which the contract pays at most once. So any action here is safe for money; the decisions only choose
// the cheapest way to get the batch paid (rebroadcast the same bytes, bump the fee, or sign anew).
import type { BatchState } from "./batch-state";

export type LiveTransaction = {
  nonce: number;
  /** A receipt for any transaction of this batch with this nonce (the live one or one it replaced). */
  receipt: "success" | "reverted" | null;
  /** The node holds the live transaction, unmined. */
  pending: boolean;
  /** Time since the node accepted the live transaction, or null when it never did. */
  sentAgoMs: number | null;
};

export type BatchObservation = {
  state: BatchState;
  /** The block the contract recorded the batch as paid in, or null. */
  paidAtBlock: bigint | null;
  headBlock: bigint;
  confirmations: number;
  /** Null when no transaction is live (RECORDED). */
  live: LiveTransaction | null;
  /** Transactions of the payer mined so far (eth_getTransactionCount at "latest"). */
  minedNonce: number;
  /** Including those the node holds unmined ("pending"). */
  pendingNonce: number;
  stuckAfterMs: number;
};

export type BatchAction =
  | { kind: "confirm" }
  | { kind: "await-confirmations"; have: number }
  | { kind: "sign" }
  | { kind: "broadcast" }
  | { kind: "mark-sent" }
  | { kind: "bump" }
  | { kind: "wait" }
  | { kind: "reopen" }
  | { kind: "abandon"; reason: "reverted" | "nonce-used" | "nonce-gap" };

export function decideBatchAction(o: BatchObservation): BatchAction {
  if (o.paidAtBlock !== null) {
    const have = Number(o.headBlock - o.paidAtBlock + 1n);
    return have >= o.confirmations ? { kind: "confirm" } : { kind: "await-confirmations", have };
  }
  // MINED, yet the contract no longer says paid: a reorganisation (or a fresh chain). Back in flight, then look again.
  if (o.state === "MINED") return { kind: "reopen" };
  const live = o.live;
  if (!live) return { kind: "sign" };
  // A successful receipt means the contract recorded the batch; we read paidAtBlock first, so it was mined between the
  // two reads. The next look sees it paid.
  if (live.receipt === "success") return { kind: "wait" };
  if (live.receipt === "reverted") return { kind: "abandon", reason: "reverted" };
  // The nonce is used and none of our transactions with it was mined: another transaction of the payer took it.
  if (o.minedNonce > live.nonce) return { kind: "abandon", reason: "nonce-used" };
  if (!live.pending) {
    // Nothing of the payer's fills the gap below our nonce: the chain lost history (a fresh chain). Sign anew.
    if (o.pendingNonce < live.nonce) return { kind: "abandon", reason: "nonce-gap" };
    // Dropped from the mempool, or never broadcast (a crash after signing): the same bytes again.
    return { kind: "broadcast" };
  }
  if (o.state === "SIGNED") return { kind: "mark-sent" };
  if (live.sentAgoMs !== null && live.sentAgoMs >= o.stuckAfterMs) return { kind: "bump" };
  return { kind: "wait" };
}
