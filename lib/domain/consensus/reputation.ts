import { betaQuantile } from "./beta";
import { defaultFullMatrixMinVotes, defaultReviewerPrior, normalisedPrior } from "./priors";
import type { ReviewerPrior } from "./types";

/** A Beta belief about a rate: its mean and a lower credible bound. */
export interface RateEstimate {
  readonly alpha: number;
  readonly beta: number;
  readonly mean: number;
  /** P(rate < lowerBound) = `lowerQuantile` under the posterior. */
  readonly lowerBound: number;
}

export interface BetaPrior {
  readonly alpha: number;
  readonly beta: number;
}

/**
 * Ranking by the lower bound rather than the mean puts 9 accepted out of 10 below 95 out of 100: a short
 * lucky streak should not outrank a long record. 5% is the usual one-sided 95% bound.
 */
export const DEFAULT_LOWER_QUANTILE = 0.05;

function estimate(alpha: number, beta: number, lowerQuantile: number): RateEstimate {
  return { alpha, beta, mean: alpha / (alpha + beta), lowerBound: betaQuantile(lowerQuantile, alpha, beta) };
}

function checkCount(name: string, value: number): void {
  if (!(value >= 0 && Number.isFinite(value))) throw new RangeError(`${name} must be a number >= 0 (got ${value}).`);
}

/**
 * A contributor's acceptance rate as a Beta posterior. The default prior Beta(1, 1) is uniform: a new
 * contributor is neither trusted nor suspected, and the bound starts low until samples are accepted.
 */
export function contributorAcceptance(
  counts: { readonly accepted: number; readonly rejected: number },
  prior: BetaPrior = { alpha: 1, beta: 1 },
  lowerQuantile = DEFAULT_LOWER_QUANTILE,
): RateEstimate {
  checkCount("accepted", counts.accepted);
  checkCount("rejected", counts.rejected);
  return estimate(prior.alpha + counts.accepted, prior.beta + counts.rejected, lowerQuantile);
}

export interface ReviewerRecord {
  /** Gold items the reviewer answered, and how many of them correctly. */
  readonly goldCorrect: number;
  readonly goldTotal: number;
  /** Decided samples the reviewer voted on, and how many votes matched the final consensus. */
  readonly consensusAgreements: number;
  readonly consensusTotal: number;
}

export interface ReviewerReliabilityOptions {
  /**
   * What one agreement with consensus is worth relative to one gold answer. Less than 1 because
   * consensus is itself sometimes wrong and the reviewer's own vote helped form it, so agreement
   * overstates accuracy; 0.5 still lets a reviewer who rarely sees gold build a reputation.
   */
  readonly consensusWeight?: number;
  /** Prior before any evidence; by default the engine's prior for an unknown binary reviewer. */
  readonly prior?: ReviewerPrior;
  readonly lowerQuantile?: number;
}

/** Reviewer reliability as a Beta posterior over P(correct vote), from gold answers and consensus agreement. */
export function reviewerReliability(record: ReviewerRecord, options: ReviewerReliabilityOptions = {}): RateEstimate {
  const { goldCorrect, goldTotal, consensusAgreements, consensusTotal } = record;
  for (const [name, value] of Object.entries(record)) checkCount(name, value);
  if (goldCorrect > goldTotal) throw new RangeError(`goldCorrect (${goldCorrect}) exceeds goldTotal (${goldTotal}).`);
  if (consensusAgreements > consensusTotal) {
    throw new RangeError(`consensusAgreements (${consensusAgreements}) exceeds consensusTotal (${consensusTotal}).`);
  }
  const w = options.consensusWeight ?? 0.5;
  if (!(w >= 0 && w <= 1)) throw new RangeError(`consensusWeight must be in [0, 1] (got ${w}).`);
  const prior = normalisedPrior(options.prior ?? defaultReviewerPrior(2), "the reputation prior");
  const alpha = prior.strength * prior.reliability + goldCorrect + w * consensusAgreements;
  const beta = prior.strength * (1 - prior.reliability) + (goldTotal - goldCorrect) + w * (consensusTotal - consensusAgreements);
  return estimate(alpha, beta, options.lowerQuantile ?? DEFAULT_LOWER_QUANTILE);
}

/**
 * The engine prior for a reviewer with a reputation. Its strength is capped: accuracy differs between
 * campaigns and drifts over time, so past work should shape the first votes of a campaign but not
 * outweigh what the reviewer does in it. The default cap, 20, is the vote count at which a binary
 * campaign gives a reviewer a full confusion matrix of their own.
 */
export function reviewerPriorFromReputation(reliability: RateEstimate, maxStrength = defaultFullMatrixMinVotes(2)): ReviewerPrior {
  if (!(maxStrength > 0)) throw new RangeError(`maxStrength must be positive (got ${maxStrength}).`);
  return { reliability: reliability.mean, strength: Math.min(reliability.alpha + reliability.beta, maxStrength) };
}
