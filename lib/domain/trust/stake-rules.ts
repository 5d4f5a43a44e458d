// What a reviewer's stake stands behind, and what they lose when the record says they reviewed carelessly or in
// concert. Amounts are DATA wei (bigint); shares are basis points so that every split is exact integer arithmetic.

const DAY_SECONDS = 24n * 3600n;

/**
 * How long a withdrawal waits after its request (the escrow's immutable cooldown). Longer than any appeal window: a
 * stake asked back stays slashable until every sample its owner reviewed before the request is past appeal.
 */
export const STAKE_COOLDOWN_SECONDS = 14n * DAY_SECONDS;

/** The longest appeal window a campaign may set, in days: it must end before a stake asked back can leave. */
export const MAX_APPEAL_WINDOW_DAYS = 14;

/** Why a stake is slashed, and the share of the stake each finding takes. */
export type SlashFinding =
  /** Gold accuracy measured below the campaign's floor: careless, not necessarily malicious. */
  | { kind: "below-gold-floor"; goldAnswers: number; goldAccuracy: number; floor: number }
  /**
   * The consensus engine measured the reviewer's reliability below the campaign's floor and removed them from it (it
   * does so only on FLOOR_MIN_VOTES votes or more). Without this a farm that recognises gold, answers it right and
   * votes against everyone else on the rest is removed at no cost, and comes back with fresh wallets.
   */
  | { kind: "below-reliability-floor"; reliability: number; floor: number }
  /** A panel found the reviewer voting against gold in concert with others: the attack stakes exist to price. */
  | { kind: "collusion" };

export const SLASH_BPS: Record<SlashFinding["kind"], bigint> = {
  "below-gold-floor": 2_500n,
  "below-reliability-floor": 2_500n,
  collusion: 10_000n,
};

/** Gold answers a reviewer must have given before an accuracy below the floor counts as a finding. */
export const SLASH_MIN_GOLD_ANSWERS = 5;

/**
 * What a finding takes from a stake of `staked` wei (active and leaving): its share, rounded down, or 0n when the
 * finding does not hold (too few gold answers to measure, or accuracy at or above the floor).
 */
export function slashAmount(finding: SlashFinding, staked: bigint): bigint {
  if (staked <= 0n) return 0n;
  if (finding.kind === "below-gold-floor") {
    if (finding.goldAnswers < SLASH_MIN_GOLD_ANSWERS || finding.goldAccuracy >= finding.floor) return 0n;
  }
  if (finding.kind === "below-reliability-floor" && !(finding.reliability < finding.floor)) return 0n;
  return (staked * SLASH_BPS[finding.kind]) / 10_000n;
}

/** Whether an active stake of `active` wei is enough to review a campaign asking `required` wei. */
export function stakeCovers(active: bigint, required: bigint): boolean {
  return required <= 0n || active >= required;
}
