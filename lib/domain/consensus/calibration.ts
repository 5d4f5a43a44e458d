import { reliabilityCurve, type ReliabilityCurve } from "./reliability-curve";

/**
 * How far the votes of one item can be trusted.
 *
 * Dawid-Skene takes every vote as an independent draw from its reviewer's confusion matrix, so three agreeing votes
 * of good reviewers read as near certainty. Real crowds break that: items differ in difficulty, so the errors of
 * one item's reviewers go together, and a confusable item looks like another class to most of them at once. Two
 * numbers correct for it, both measured on gold answers predicted from the votes alone:
 * - `temperature` (0 < beta <= 1): the votes of an item weigh beta times their log-likelihood, as if only a share
 *   of them were independent evidence. Fitted to gold items' votes drawn as decisions see them (a few at a time),
 *   so that "0.9" is right nine times in ten at the vote counts where decisions are taken.
 * - `misleading`: the share of items that look like another class. Such an item votes exactly like an ordinary item
 *   of that class, so no number of agreeing votes can rule it out; it caps every posterior near 1 - misleading.
 * Their priors are cautious, so a campaign without gold gets conservative posteriors: it has not shown otherwise.
 */
export interface Calibration {
  readonly temperature: number;
  readonly misleading: number;
  /** Gold items, and replays of their votes, the figures were fitted on. */
  readonly goldItems: number;
  readonly predictions: number;
  /**
   * The fitted model's own check: each replay's prediction where a decision would stop, against the gold answer.
   * Null without gold.
   */
  readonly reliability: ReliabilityCurve | null;
}

export interface CalibrationPrior {
  /** Log-normal prior of the temperature: its median and the standard deviation of its log. */
  readonly temperature: { readonly median: number; readonly logSd: number };
  /** Beta prior of the misleading share: mean and weight in items. */
  readonly misleading: { readonly mean: number; readonly strength: number };
}

/**
 * Cautious by design: at the median temperature three agreeing votes of reviewers right 90% of the time give less than 0.9, and a
 * misleading share of a few percent keeps a campaign without gold from ever reaching 0.95 (it escalates instead).
 * Gold moves both within a few dozen items.
 */
export const DEFAULT_CALIBRATION_PRIOR: CalibrationPrior = {
  temperature: { median: 0.25, logSd: 0.6 },
  misleading: { mean: 0.05, strength: 40 },
};

/**
 * One gold item's votes in one order, as a model fitted without its answer saw them: `steps[s]` is the vote
 * log-likelihood of each class after the first (k + s) votes. Decisions stop at the first step whose posterior
 * reaches the threshold, so that is where the prediction is scored: calibrating at random vote counts would miss
 * that an early stop favours items whose first votes agree by luck.
 */
export type GoldSequence = { steps: readonly (readonly number[])[]; truth: number; /** Orders of one item share one unit of weight. */ weight: number };

const TEMPERATURES = Array.from({ length: 40 }, (_, s) => 0.025 * (s + 1));
const MISLEADING = Array.from({ length: 31 }, (_, s) => 0.01 * s);

/**
 * MAP temperature and misleading share on a grid (both are bounded and the objective is cheap: a grid cannot land
 * on a local optimum or fail to converge). Without predictions it is the prior's mode.
 */
export function fitCalibration(sequences: readonly GoldSequence[], logPriors: readonly number[], prior: CalibrationPrior, goldItems: number, threshold: number): Calibration {
  const a = prior.misleading.mean * prior.misleading.strength;
  const b = (1 - prior.misleading.mean) * prior.misleading.strength;
  const logMedian = Math.log(prior.temperature.median);
  let best = { temperature: prior.temperature.median, misleading: prior.misleading.mean, objective: -Infinity };
  const K = logPriors.length;
  for (const temperature of TEMPERATURES) {
    const z = (Math.log(temperature) - logMedian) / prior.temperature.logSd;
    // The exponentials depend on the temperature only: taken once for every misleading share of the grid.
    const tempered = sequences.map((sequence) => temperedSteps(sequence, logPriors, temperature));
    for (const misleading of MISLEADING) {
      let objective = -0.5 * z * z + (a - 1) * Math.log(Math.max(misleading, 1e-4)) + (b - 1) * Math.log(1 - misleading);
      sequences.forEach((sequence, s) => {
        objective += sequence.weight * Math.log(Math.max(1e-300, stoppingTruthOfTempered(tempered[s]!, K, sequence.truth, misleading, threshold)));
      });
      if (objective > best.objective) best = { temperature, misleading, objective };
    }
  }
  const predictions = sequences.map((sequence) => {
    const posterior = stoppingPosterior(sequence, logPriors, best.temperature, best.misleading, threshold);
    const confidence = Math.max(...posterior);
    return { confidence, correct: posterior.indexOf(confidence) === sequence.truth };
  });
  return {
    temperature: best.temperature,
    misleading: best.misleading,
    goldItems,
    predictions: sequences.length,
    reliability: sequences.length > 0 ? reliabilityCurve(predictions, { bins: 5, lowest: 1 / logPriors.length }) : null,
  };
}

/**
 * stoppingPosterior(...)[truth], computed as the calibration grid computes it for every sequence at every grid point.
 * Must agree with temperedPosterior (a unit test compares them).
 */
export function stoppingTruthProbability(sequence: GoldSequence, logPriors: readonly number[], temperature: number, misleading: number, threshold: number): number {
  return stoppingTruthOfTempered(temperedSteps(sequence, logPriors, temperature), logPriors.length, sequence.truth, misleading, threshold);
}

/** Per step of a sequence, exp(tempered score - max) of each class, then their total: K + 1 numbers a step. */
function temperedSteps(sequence: GoldSequence, logPriors: readonly number[], temperature: number): Float64Array {
  const K = logPriors.length;
  const out = new Float64Array(sequence.steps.length * (K + 1));
  sequence.steps.forEach((step, s) => {
    const at = s * (K + 1);
    let max = -Infinity;
    for (let k = 0; k < K; k++) {
      const x = temperature * (logPriors[k]! + step[k]!);
      out[at + k] = x;
      if (x > max) max = x;
    }
    let total = 0;
    for (let k = 0; k < K; k++) total += out[at + k] = Math.exp(out[at + k]! - max);
    out[at + K] = total;
  });
  return out;
}

function stoppingTruthOfTempered(tempered: Float64Array, K: number, truthClass: number, misleading: number, threshold: number): number {
  let truth = 0;
  for (let at = 0; at < tempered.length; at += K + 1) {
    const total = tempered[at + K]!;
    let sum = 0;
    let best = 0;
    let truthScore = 0;
    for (let k = 0; k < K; k++) {
      const lookalike = K > 1 ? (total - tempered[at + k]!) / (K - 1) : 0;
      const score = (1 - misleading) * tempered[at + k]! + misleading * lookalike;
      sum += score;
      if (score > best) best = score;
      if (k === truthClass) truthScore = score;
    }
    truth = truthScore / sum;
    if (best / sum >= threshold) break;
  }
  return truth;
}

/** The posterior at the step where a decision would stop: the first that reaches the threshold, else the last. */
function stoppingPosterior(sequence: GoldSequence, logPriors: readonly number[], temperature: number, misleading: number, threshold: number): number[] {
  let posterior: number[] = [];
  for (const step of sequence.steps) {
    posterior = temperedPosterior(step, logPriors, temperature, misleading);
    if (Math.max(...posterior) >= threshold) break;
  }
  return posterior;
}

/**
 * P(class | votes) with the votes tempered and a share `misleading` of items judged as if they were another class
 * (uniformly one of the others).
 */
export function temperedPosterior(voteLogLikelihoods: readonly number[], logPriors: readonly number[], temperature: number, misleading: number): number[] {
  const K = logPriors.length;
  let max = -Infinity;
  for (let k = 0; k < K; k++) max = Math.max(max, temperature * (logPriors[k]! + voteLogLikelihoods[k]!));
  const lik = new Array<number>(K);
  let total = 0;
  for (let k = 0; k < K; k++) total += lik[k] = Math.exp(temperature * (logPriors[k]! + voteLogLikelihoods[k]!) - max);
  const scores = new Array<number>(K);
  let sum = 0;
  for (let k = 0; k < K; k++) {
    const lookalike = K > 1 ? (total - lik[k]!) / (K - 1) : 0;
    sum += scores[k] = (1 - misleading) * lik[k]! + misleading * lookalike;
  }
  return scores.map((s) => s / sum);
}
