import type { ReviewerPrior } from "./types";

/**
 * A reviewer we know nothing about is modelled as "knows the answer half of the time, guesses uniformly
 * otherwise": one pseudo-vote that is correct plus one pseudo-vote spread over all K classes. That is
 * better than chance, which breaks EM's label-switching symmetry, and gives every cell of the confusion
 * matrix some mass, so a reviewer with few votes never gets a 0/1 matrix (one vote would otherwise
 * overrule everybody else). Two pseudo-votes are weak: twenty real votes outweigh them ten to one.
 */
export function defaultReviewerPrior(classes: number): ReviewerPrior {
  return { reliability: (1 + 1 / classes) / 2, strength: 2 };
}

/**
 * Votes a reviewer needs before getting a full confusion matrix: ten per free parameter of the matrix
 * (K rows of K-1 free cells), the usual events-per-parameter rule of thumb; 20 for a binary campaign.
 * Below it the K*(K-1) cells would mostly echo noise, while the skill-and-bias model, whose K
 * parameters are each estimated from all of the reviewer's votes, is already well determined (on
 * simulated 4-class campaigns, switching to full matrices at 20 votes cost 1-2 points of accuracy).
 */
export function defaultFullMatrixMinVotes(classes: number): number {
  return 10 * classes * (classes - 1);
}

/** Laplace smoothing of the class priors: a class nobody voted for keeps a small, non-zero prior. */
export const DEFAULT_CLASS_PRIOR_PSEUDO_COUNT = 1;

/**
 * A reliability of exactly 0 or 1 would give one vote infinite weight and make the posterior undefined
 * when two such reviewers disagree; keeping pseudo-counts strictly positive avoids it.
 */
const RELIABILITY_EPSILON = 1e-6;

/** Checks a prior from outside the engine and keeps its pseudo-counts strictly positive. */
export function normalisedPrior(prior: ReviewerPrior, who: string): ReviewerPrior {
  const { reliability, strength } = prior;
  if (!(reliability >= 0 && reliability <= 1)) {
    throw new RangeError(`The prior reliability of ${who} must be between 0 and 1 (got ${reliability}).`);
  }
  if (!(strength > 0 && Number.isFinite(strength))) {
    throw new RangeError(`The prior strength of ${who} must be a positive number (got ${strength}).`);
  }
  return {
    reliability: Math.min(1 - RELIABILITY_EPSILON, Math.max(RELIABILITY_EPSILON, reliability)),
    strength,
  };
}

/**
 * Weight of a reviewer's vote in the weighted majority that starts EM: the log-odds of a correct vote
 * against a uniform guess, the weight of a reviewer who is right with that probability and otherwise
 * wrong uniformly. Below chance the weight is tiny but positive: the starting point ignores such votes
 * rather than flipping them, and EM learns from there whether the reviewer is adversarial.
 */
export function initialVoteWeight(reliability: number, classes: number): number {
  const r = reliability;
  const logOdds = Math.log((r * (classes - 1)) / (1 - r));
  return Math.max(1e-3, logOdds);
}
