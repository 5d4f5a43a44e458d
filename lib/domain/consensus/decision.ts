/**
 * What to do with a sample after a review came in. Kept apart from the engine so that a campaign's
 * threshold and redundancy settings can change without recomputing consensus.
 */
export type Decision = "ACCEPT" | "REJECT" | "NEED_MORE_REVIEWS" | "ESCALATE";

export interface DecisionInput {
  /** Posterior probability that the sample should be accepted. */
  readonly pAccept: number;
  /** Campaign threshold t in (0.5, 1]: accept at P >= t, reject at P <= 1 - t. */
  readonly threshold: number;
  /** Reviews the sample has so far (n). */
  readonly reviews: number;
  /** Reviews every sample gets before any decision (k). */
  readonly minReviews: number;
  /** Reviews after which an undecided sample goes to an admin instead of another reviewer (k_max). */
  readonly maxReviews: number;
}

export function decide({ pAccept, threshold, reviews, minReviews, maxReviews }: DecisionInput): Decision {
  if (!(pAccept >= 0 && pAccept <= 1)) throw new RangeError(`pAccept must be a probability (got ${pAccept}).`);
  // At t <= 0.5 the accept and reject regions would overlap.
  if (!(threshold > 0.5 && threshold <= 1)) throw new RangeError(`The threshold must be in (0.5, 1] (got ${threshold}).`);
  for (const [name, value] of [["reviews", reviews], ["minReviews", minReviews], ["maxReviews", maxReviews]] as const) {
    if (!Number.isInteger(value) || value < 0) throw new RangeError(`${name} must be a whole number >= 0 (got ${value}).`);
  }
  if (maxReviews < minReviews) throw new RangeError(`maxReviews (${maxReviews}) must be >= minReviews (${minReviews}).`);

  // The first k reviews are collected regardless, so that one early confident vote cannot settle a sample.
  if (reviews < minReviews) return "NEED_MORE_REVIEWS";
  if (pAccept >= threshold) return "ACCEPT";
  // Written as P(reject) >= t rather than P <= 1 - t: 1 - 0.9 is 0.09999999999999998 in floating point.
  if (1 - pAccept >= threshold) return "REJECT";
  return reviews < maxReviews ? "NEED_MORE_REVIEWS" : "ESCALATE";
}
