// Where the payout worker can be told to SIGKILL itself (PAYOUT_CRASH_AT=<step>:<n>), so that tests can prove it
// recovers from a crash at every point of the payment path. Named after what has just happened when it dies.

export const CRASH_POINTS = [
  /** The batch (rows, recipients, amounts, batch id) is committed; nothing is signed. */
  "recorded",
  /** A signed transaction is recorded with its nonce; it has not been broadcast. */
  "signed",
  /** The node accepted the transaction; the batch is not yet marked SENT. */
  "broadcast",
  /** A receipt paying the batch was read; the batch is not yet marked MINED. */
  "receipt",
  /** The batch is MINED; its rows are not yet marked PAID. */
  "before-paid",
  /** The batch is CONFIRMED and its rows PAID; the loop has not moved on. */
  "paid",
  /** A fee-bumped replacement is recorded; it has not been broadcast. */
  "replacement-signed",
  /** The slasher recorded a signed slash transaction; it has not been broadcast. */
  "slash-signed",
  /** The node accepted a slash transaction; the finding is not yet marked SLASHED. */
  "slash-broadcast",
  /** An appeal bond's settleBond transaction was sent; its hash is not yet recorded. */
  "bond-sent",
] as const;

export type CrashPoint = (typeof CRASH_POINTS)[number];
