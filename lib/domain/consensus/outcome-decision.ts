import { requiredPosterior } from "./decision-margin";

/** What to do with a sample after a review came in. */
export type Decision = "ACCEPT" | "REJECT" | "NEED_MORE_REVIEWS" | "ESCALATE";

/**
 * The one decision about what ships. Classes are the campaign's outcomes: for a classification campaign each label
 * (the content is acceptable and this is its label) and "unacceptable"; for other campaigns "rejected as labeled"
 * and "accepted as labeled". A sample is accepted with class L only when P(L) reaches the threshold, rejected only
 * when P(unacceptable) does, and otherwise gets one more review, up to k_max, after which it escalates. While the
 * campaign's model still moves, "reaches" means by a margin (decision-margin.ts).
 */
export interface OutcomeDecisionInput {
  /** P(class | votes), calibrated; sums to 1. */
  readonly posterior: readonly number[];
  /** The class meaning "not acceptable"; null when every class is an acceptable label (a crowd replay). */
  readonly unacceptable: number | null;
  /** Campaign threshold t in (0.5, 1]. */
  readonly threshold: number;
  readonly reviews: number;
  /** Reviews every sample gets before any decision (k). */
  readonly minReviews: number;
  /** Reviews after which an undecided sample escalates (k_max). */
  readonly maxReviews: number;
  /**
   * Log-odds by which a class must clear the threshold (decision-margin.ts: how far the campaign's model still
   * moves); 0 when absent.
   */
  readonly margin?: number;
}

export interface OutcomeDecision {
  readonly decision: Decision;
  /** ACCEPT: the accepted class; otherwise the most probable acceptable class (what would ship), or null. */
  readonly outcomeClass: number | null;
  /** P of the class that decided (ACCEPT: that label; REJECT: unacceptable), else of the most probable acceptable class. */
  readonly probability: number;
}

export function decideOutcome(input: OutcomeDecisionInput): OutcomeDecision {
  const { posterior, unacceptable, threshold, reviews, minReviews, maxReviews } = input;
  const required = requiredPosterior(threshold, input.margin ?? 0);
  checkDecisionSettings(threshold, reviews, minReviews, maxReviews);
  if (posterior.length < 2) throw new RangeError(`A decision needs at least 2 classes (got ${posterior.length}).`);
  let sum = 0;
  for (const p of posterior) {
    if (!(p >= 0 && p <= 1)) throw new RangeError(`Posterior probabilities must be in [0, 1] (got ${p}).`);
    sum += p;
  }
  if (Math.abs(sum - 1) > 1e-6) throw new RangeError(`The posterior must sum to 1 (got ${sum}).`);
  if (unacceptable !== null && !(Number.isInteger(unacceptable) && unacceptable >= 0 && unacceptable < posterior.length)) {
    throw new RangeError(`The unacceptable class ${unacceptable} is outside 0..${posterior.length - 1}.`);
  }

  let best = -1;
  for (let k = 0; k < posterior.length; k++) if (k !== unacceptable && (best < 0 || posterior[k]! > posterior[best]!)) best = k;
  const pBest = posterior[best]!;
  // The first k reviews are collected regardless, so that one early confident vote cannot settle a sample.
  if (reviews < minReviews) return { decision: "NEED_MORE_REVIEWS", outcomeClass: best, probability: pBest };
  if (pBest >= required) return { decision: "ACCEPT", outcomeClass: best, probability: pBest };
  if (unacceptable !== null && posterior[unacceptable]! >= required) return { decision: "REJECT", outcomeClass: null, probability: posterior[unacceptable]! };
  return { decision: reviews < maxReviews ? "NEED_MORE_REVIEWS" : "ESCALATE", outcomeClass: best, probability: pBest };
}

/** The campaign settings a decision depends on; each refusal names the setting. */
export function checkDecisionSettings(threshold: number, reviews: number, minReviews: number, maxReviews: number): void {
  // At t <= 0.5 two classes could both reach it.
  if (!(threshold > 0.5 && threshold <= 1)) throw new RangeError(`The threshold must be in (0.5, 1] (got ${threshold}).`);
  for (const [name, value] of [["reviews", reviews], ["minReviews", minReviews], ["maxReviews", maxReviews]] as const) {
    if (!Number.isInteger(value) || value < 0) throw new RangeError(`${name} must be a whole number >= 0 (got ${value}).`);
  }
  if (maxReviews < minReviews) throw new RangeError(`maxReviews (${maxReviews}) must be >= minReviews (${minReviews}).`);
}
