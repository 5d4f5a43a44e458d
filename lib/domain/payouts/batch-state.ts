// The life of a payout batch. The chain is the judge of "paid": a batch only moves to MINED or CONFIRMED on the
// contract's word (paidAtBlock) and a successful receipt, and back from MINED if a reorganisation took that away.
//
//   RECORDED --sign--> SIGNED --node accepted--> SENT --paid on-chain--> MINED --enough confirmations--> CONFIRMED
//      ^  \                |  ^                    |                       |
//      |   `--(permanent   |  `---- fee bump ------'                       |
//      |      revert, never signed)--> FAILED                              |
//      `---- live transaction can never pay (reverted, nonce taken) -------'  (reorg: MINED -> SENT)

export const BATCH_STATES = ["RECORDED", "SIGNED", "SENT", "MINED", "CONFIRMED", "FAILED"] as const;
export type BatchState = (typeof BATCH_STATES)[number];

const TRANSITIONS: Record<BatchState, readonly BatchState[]> = {
  // Signing starts a transaction; the chain may already show the batch paid (found on recovery); a batch that was never
  // signed and can never be paid as recorded fails, releasing its rows.
  RECORDED: ["SIGNED", "MINED", "FAILED"],
  // Accepted by the node; paid; or proven dead (reverted, nonce used by another transaction) and back to be re-signed.
  SIGNED: ["SENT", "MINED", "RECORDED"],
  // A fee-bumped replacement is a new SIGNED transaction with the same nonce.
  SENT: ["SIGNED", "MINED", "RECORDED"],
  // Confirmed; or a reorganisation undid the payment and the transaction is in flight (or dead) again.
  MINED: ["CONFIRMED", "SENT", "RECORDED"],
  CONFIRMED: [],
  FAILED: [],
};

export const OPEN_BATCH_STATES = ["RECORDED", "SIGNED", "SENT", "MINED"] as const satisfies readonly BatchState[];
/** States with a transaction that may still be mined: the worker sends nothing else while one exists. */
export const IN_FLIGHT_BATCH_STATES = ["RECORDED", "SIGNED", "SENT"] as const satisfies readonly BatchState[];

export function canTransition(from: BatchState, to: BatchState): boolean {
  return TRANSITIONS[from].includes(to);
}

export function assertTransition(from: BatchState, to: BatchState): void {
  if (!canTransition(from, to)) throw new Error(`a payout batch cannot go from ${from} to ${to}`);
}

export function isFinalBatchState(state: BatchState): boolean {
  return TRANSITIONS[state].length === 0;
}
