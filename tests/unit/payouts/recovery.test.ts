import { describe, expect, it } from "vitest";
import { decideBatchAction, type BatchAction, type BatchObservation, type LiveTransaction } from "@/lib/domain/payouts/recovery";

const base: BatchObservation = {
  state: "SENT",
  paidAtBlock: null,
  headBlock: 100n,
  confirmations: 1,
  live: null,
  minedNonce: 5,
  pendingNonce: 6,
  stuckAfterMs: 30_000,
};
const live = (over: Partial<LiveTransaction> = {}): LiveTransaction => ({ nonce: 5, receipt: null, pending: true, sentAgoMs: 1_000, ...over });

describe("decideBatchAction", () => {
  const cases: { name: string; obs: Partial<BatchObservation>; action: BatchAction }[] = [
    { name: "paid with enough confirmations -> confirm", obs: { paidAtBlock: 100n, live: live() }, action: { kind: "confirm" } },
    { name: "paid, counting the paying block as one", obs: { paidAtBlock: 98n, confirmations: 3 }, action: { kind: "confirm" } },
    { name: "paid but too recent", obs: { paidAtBlock: 99n, confirmations: 3 }, action: { kind: "await-confirmations", have: 2 } },
    { name: "paid even though the database thinks nothing was signed", obs: { state: "RECORDED", paidAtBlock: 100n }, action: { kind: "confirm" } },
    { name: "MINED but no longer paid (reorg or fresh chain)", obs: { state: "MINED", live: live({ pending: false }) }, action: { kind: "reopen" } },
    { name: "nothing live -> sign", obs: { state: "RECORDED" }, action: { kind: "sign" } },
    { name: "success receipt but not yet paid (mined between reads) -> wait", obs: { live: live({ receipt: "success", pending: false }), minedNonce: 6 }, action: { kind: "wait" } },
    { name: "reverted -> abandon and re-sign", obs: { live: live({ receipt: "reverted", pending: false }), minedNonce: 6 }, action: { kind: "abandon", reason: "reverted" } },
    { name: "nonce taken by another transaction", obs: { live: live({ pending: false }), minedNonce: 6, pendingNonce: 6 }, action: { kind: "abandon", reason: "nonce-used" } },
    { name: "signed, crashed before broadcast -> broadcast the recorded bytes", obs: { state: "SIGNED", live: live({ pending: false, sentAgoMs: null }), pendingNonce: 5 }, action: { kind: "broadcast" } },
    { name: "dropped from the mempool -> broadcast again", obs: { live: live({ pending: false }), pendingNonce: 5 }, action: { kind: "broadcast" } },
    { name: "a nonce gap (fresh chain) -> abandon", obs: { live: live({ nonce: 9, pending: false }), minedNonce: 2, pendingNonce: 2 }, action: { kind: "abandon", reason: "nonce-gap" } },
    { name: "broadcast before the crash, not marked -> mark sent", obs: { state: "SIGNED", live: live({ sentAgoMs: null }) }, action: { kind: "mark-sent" } },
    { name: "pending, not stuck -> wait", obs: { live: live({ sentAgoMs: 29_999 }) }, action: { kind: "wait" } },
    { name: "pending too long -> bump the fee", obs: { live: live({ sentAgoMs: 30_000 }) }, action: { kind: "bump" } },
  ];
  it.each(cases)("$name", ({ obs, action }) => {
    expect(decideBatchAction({ ...base, ...obs })).toEqual(action);
  });
});
