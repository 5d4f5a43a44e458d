// How far a campaign's model still moves, as a margin its decisions must clear. A verdict is decided from the latest
// snapshot, and a growing campaign's model keeps learning: reviewers' confusion rows firm up as their votes add up,
// and adaptive stopping sends the disputed samples more votes, so early fits tend to trust reviewers more than later
// ones. A sample accepted just above the threshold by an early fit can then fall below it once the model has seen
// more, and an acceptance is paid and cannot be taken back. So each background fit measures how the posteriors of
// recently accepted samples moved since they were decided, and later decisions must clear the threshold by that
// drift (in log-odds). The margin is learned from the campaign itself, never set by hand: a campaign whose model has
// settled measures no drift and decides at the plain threshold.

/** How many recent acceptances a fit measures the drift on. */
export const DRIFT_WINDOW = 500;
/** Below this many measured acceptances the previous margin stands (a campaign's first decisions measure nothing). */
export const MIN_DRIFT_SAMPLES = 30;
/** The drift a margin covers: all but the 1% steepest falls, so that about one acceptance in a hundred or fewer is one the model would no longer make. */
export const DRIFT_QUANTILE = 0.01;
/** However much a young campaign's model moves, a margin never asks for more than this (log-odds). */
export const MAX_DECISION_MARGIN = 1.5;

const EDGE = 1e-9;

export function logit(p: number): number {
  const q = Math.min(1 - EDGE, Math.max(EDGE, p));
  return Math.log(q / (1 - q));
}

/** Log-odds change of an accepted class's posterior from its decision to now (negative: it fell). */
export function posteriorDrift(atDecision: number, now: number): number {
  return logit(now) - logit(atDecision);
}

/**
 * The margin (log-odds, >= 0) later decisions must clear the threshold by, from the drifts of recent acceptances;
 * null when too few were measured to say.
 */
export function decisionMarginFromDrifts(drifts: readonly number[]): number | null {
  const finite = drifts.filter((d) => Number.isFinite(d));
  if (finite.length < MIN_DRIFT_SAMPLES) return null;
  const sorted = [...finite].sort((a, b) => a - b);
  const fall = -sorted[Math.floor(DRIFT_QUANTILE * (sorted.length - 1))]!;
  return Math.min(MAX_DECISION_MARGIN, Math.max(0, fall));
}

/** The posterior a class must reach: the threshold moved up by `margin` log-odds (the threshold itself at margin 0). */
export function requiredPosterior(threshold: number, margin: number): number {
  if (!(margin >= 0)) throw new RangeError(`A decision margin must be >= 0 (got ${margin}).`);
  if (margin === 0 || threshold >= 1) return threshold;
  return 1 / (1 + Math.exp(-(logit(threshold) + margin)));
}
