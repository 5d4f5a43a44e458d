import { DEFAULT_CALIBRATION_PRIOR, fitCalibration, temperedPosterior, type Calibration, type CalibrationPrior, type GoldSequence } from "./calibration";
import { runDawidSkene, startingRows, type DawidSkeneFit } from "./dawid-skene";
import { goldClasses, setOneHot } from "./em-steps";
import { defaultReviewerPrior } from "./priors";
import { seededShuffle } from "./seeded-random";
import type { ConsensusInput, ReviewerPrior, Vote } from "./types";
import { buildVoteIndex, type VoteIndex } from "./vote-index";

/**
 * Everything a decision needs from a campaign's consensus fit, in plain JSON (what a stored snapshot holds): each
 * reviewer's confusion matrix, the class priors and the calibration. Deciding one sample from it costs O(votes of
 * that sample), whatever the size of the campaign.
 */
export interface FittedConsensus {
  readonly version: typeof FITTED_CONSENSUS_VERSION;
  readonly classes: number;
  readonly logClassPriors: number[];
  /** log P(votes l | class k) at [k * K + l], per reviewer id. */
  readonly reviewers: Readonly<Record<string, number[]>>;
  /** Votes each reviewer had in the fit. */
  readonly reviewerVotes: Readonly<Record<string, number>>;
  /** The same for a reviewer the fit has not seen: their prior. */
  readonly newReviewer: number[];
  readonly calibration: Calibration;
}

export const FITTED_CONSENSUS_VERSION = 1;

/** One vote of a sample, as a decision reads it. */
export type ItemVote = Pick<Vote, "reviewerId" | "label">;

export interface FitOptions {
  readonly calibrationPrior?: CalibrationPrior;
  /** Decisions are taken from this many votes on (the campaign's k): gold sequences are scored from there. */
  readonly minReviews?: number;
  /** The campaign's threshold: the calibration is scored where decisions at it would stop. */
  readonly threshold?: number;
}

/**
 * Fits Dawid-Skene on a campaign's votes and gold answers, then calibrates it on the gold answers predicted from the
 * votes alone (each fold of gold items by a fit that was not given their answers).
 */
export function fitConsensus(input: ConsensusInput, options: FitOptions = {}): FittedConsensus {
  const gold = input.gold ?? new Map<string, number>();
  const index = buildVoteIndex(input.classes, input.votes, [...(input.itemIds ?? []), ...gold.keys()]);
  return fitConsensusOnIndex(index, input, options);
}

/**
 * fitConsensus over votes already indexed, every gold item among its items: the base fit and every fold fit share
 * the one index, and a caller that reads votes straight into codes (voteIndexFromCodes) never builds an object per
 * vote.
 */
export function fitConsensusOnIndex(index: VoteIndex, settings: Pick<ConsensusInput, "gold" | "reviewerPriors" | "options">, options: FitOptions = {}): FittedConsensus {
  const K = index.classes;
  const goldClass = goldClasses(index, settings.gold ?? new Map<string, number>());
  const base = runDawidSkene(index, goldClass, settings, settings.options?.startPosteriors ? startingRows(index, settings.options.startPosteriors) : undefined);
  const baseModel = modelOf(K, base, settings.options?.defaultReviewerPrior);
  const sequences: GoldSequence[] = [];
  // Gold items with votes, in id order (the index's).
  const goldItem = new Map<string, number>();
  for (let i = 0; i < index.itemIds.length; i++) if (goldClass[i]! >= 0 && index.itemStart[i + 1]! > index.itemStart[i]!) goldItem.set(index.itemIds[i]!, i);
  const goldIds = [...goldItem.keys()];
  const { scored, folds } = calibrationFolds(goldIds);
  // Fold fits start from the full fit, which differs only by the held-out answers: its posteriors as reported (a
  // gold item's is its answer), except for the held-out items, which start from their votes.
  const reported = Float64Array.from(base.posterior);
  for (let i = 0; i < index.itemIds.length; i++) if (goldClass[i]! >= 0) setOneHot(reported, i, K, goldClass[i]!);
  for (let f = 0; f < folds; f++) {
    const held = scored.filter((_, n) => n % folds === f);
    const foldGold = goldClass.slice();
    const has = new Uint8Array(index.itemIds.length).fill(1);
    for (const id of held) {
      foldGold[goldItem.get(id)!] = -1;
      has[goldItem.get(id)!] = 0;
    }
    const foldFit = runDawidSkene(index, foldGold, { ...settings, options: { ...settings.options, posteriorTolerance: FOLD_POSTERIOR_TOLERANCE } }, { rows: reported, has });
    const foldModel = modelOf(K, foldFit, settings.options?.defaultReviewerPrior);
    for (const id of held) {
      const i = goldItem.get(id)!;
      const orders = voteOrders(itemVotes(index, i), id);
      for (const order of orders) sequences.push({ steps: cumulativeLogLikelihoods(foldModel, order, options.minReviews ?? 3), truth: goldClass[i]!, weight: 1 / orders.length });
    }
  }
  const calibration = fitCalibration(sequences, baseModel.logClassPriors, options.calibrationPrior ?? DEFAULT_CALIBRATION_PRIOR, goldIds.length, options.threshold ?? 0.9);
  return { ...baseModel, calibration };
}

/** The votes of item i. */
function itemVotes(index: VoteIndex, i: number): Vote[] {
  const itemId = index.itemIds[i]!;
  const votes: Vote[] = [];
  for (let v = index.itemStart[i]!; v < index.itemStart[i + 1]!; v++) votes.push({ itemId, reviewerId: index.reviewerIds[index.voteReviewer[v]!]!, label: index.voteLabel[v]! });
  return votes;
}

/**
 * The fold fits feed a calibration whose grid steps are 0.025 in temperature: posteriors settled to 1e-4 are far
 * finer than that, and stopping there saves most of the iterations of the full fit's 1e-6.
 */
const FOLD_POSTERIOR_TOLERANCE = 1e-4;
/** Folds of gold items for predicting their answers without them. */
const CALIBRATION_FOLDS = 5;
/**
 * Gold items scored for the calibration at most: a few hundred pin two numbers down, and a campaign with thousands
 * of gold items would otherwise pay for every one of them in fold fits and in the calibration grid.
 */
const MAX_CALIBRATION_GOLD = 500;

/**
 * Which gold items are predicted without their answers, in how many fits. Each fit withholds at most a fifth of the
 * gold, so that what is left still anchors it as the campaign's own fit is anchored. With more gold than
 * MAX_CALIBRATION_GOLD a fixed sample is scored (hash order: the same items as the campaign grows), in fewer folds.
 */
function calibrationFolds(goldIds: readonly string[]): { scored: string[]; folds: number } {
  if (goldIds.length <= MAX_CALIBRATION_GOLD) return { scored: [...goldIds], folds: Math.min(CALIBRATION_FOLDS, goldIds.length) };
  const scored = [...goldIds].sort((a, b) => hashSeed(a) - hashSeed(b) || (a < b ? -1 : 1)).slice(0, MAX_CALIBRATION_GOLD);
  return { scored, folds: Math.ceil((CALIBRATION_FOLDS * MAX_CALIBRATION_GOLD) / goldIds.length) };
}
/** Random orders in which each gold item's votes are replayed. */
export const GOLD_REPLAY_ORDERS = 4;

function modelOf(K: number, fit: DawidSkeneFit, newReviewerPrior: ReviewerPrior | undefined): Omit<FittedConsensus, "calibration"> {
  const reviewers: Record<string, number[]> = {};
  const reviewerVotes: Record<string, number> = {};
  // Through the same probabilities fitDawidSkene reports, so the model is the one its result describes.
  const classPriors = Array.from(fit.logPi, Math.exp);
  for (const r of fit.model.describe()) {
    reviewers[r.reviewerId] = r.confusion.flatMap((row) => row.map((p) => Math.log(p)));
    reviewerVotes[r.reviewerId] = r.votes;
  }
  const prior = newReviewerPrior ?? defaultReviewerPrior(K);
  const newReviewer = Array.from({ length: K * K }, (_, cell) => Math.log(Math.floor(cell / K) === cell % K ? prior.reliability : (1 - prior.reliability) / (K - 1)));
  return { version: FITTED_CONSENSUS_VERSION, classes: K, logClassPriors: classPriors.map((p) => Math.log(p)), reviewers, reviewerVotes, newReviewer };
}

/** Seeded orders of an item's votes (the same for the same votes, whatever order they were loaded in). */
function voteOrders(votes: readonly Vote[], itemId: string): Vote[][] {
  const sorted = [...votes].sort((x, y) => (x.reviewerId < y.reviewerId ? -1 : x.reviewerId > y.reviewerId ? 1 : 0));
  const seed = hashSeed(itemId);
  return Array.from({ length: GOLD_REPLAY_ORDERS }, (_, d) => seededShuffle(sorted, seed + d));
}

/** Vote log-likelihoods of each class after the first `from` votes of `order`, then after each further vote. */
function cumulativeLogLikelihoods(model: Pick<FittedConsensus, "classes" | "reviewers" | "newReviewer">, order: readonly Vote[], from: number): number[][] {
  const steps: number[][] = [];
  const first = Math.min(from, order.length);
  let sums = voteLogLikelihoods(model, order.slice(0, first));
  steps.push(sums);
  for (let v = first; v < order.length; v++) {
    sums = sums.map((x, k) => x + voteLogLikelihoods(model, [order[v]!])[k]!);
    steps.push(sums);
  }
  return steps;
}

function hashSeed(text: string): number {
  let h = 2166136261;
  for (let c = 0; c < text.length; c++) h = Math.imul(h ^ text.charCodeAt(c), 16777619);
  return h >>> 0;
}

/** Sum over the votes of log P(vote | class k), for each k. */
export function voteLogLikelihoods(model: Pick<FittedConsensus, "classes" | "reviewers" | "newReviewer">, votes: readonly ItemVote[]): number[] {
  const K = model.classes;
  const out = new Array<number>(K).fill(0);
  for (const vote of votes) {
    if (!Number.isInteger(vote.label) || vote.label < 0 || vote.label >= K) throw new RangeError(`Vote label ${vote.label} is outside 0..${K - 1}.`);
    const theta = model.reviewers[vote.reviewerId] ?? model.newReviewer;
    for (let k = 0; k < K; k++) out[k]! += theta[k * K + vote.label]!;
  }
  return out;
}

/** P(class | the item's votes) under the calibrated model. */
export function itemPosterior(model: FittedConsensus, votes: readonly ItemVote[]): number[] {
  return temperedPosterior(voteLogLikelihoods(model, votes), model.logClassPriors, model.calibration.temperature, model.calibration.misleading);
}

/** How one vote moved a decision: log P(vote | best class) - log P(vote | runner-up), tempered, in nats. */
export type WeighedVote = ItemVote & { weight: number };

export interface ItemExplanation {
  readonly posterior: number[];
  /** Most probable class and the one it was weighed against. */
  readonly best: number;
  readonly runnerUp: number;
  readonly votes: WeighedVote[];
}

/** The posterior of an item and what each of its votes weighed, for the sample page and the decision's record. */
export function explainItem(model: FittedConsensus, votes: readonly ItemVote[]): ItemExplanation {
  const posterior = itemPosterior(model, votes);
  const K = model.classes;
  let best = 0;
  for (let k = 1; k < K; k++) if (posterior[k]! > posterior[best]!) best = k;
  let runnerUp = best === 0 ? 1 : 0;
  for (let k = 0; k < K; k++) if (k !== best && posterior[k]! > posterior[runnerUp]!) runnerUp = k;
  const beta = model.calibration.temperature;
  return {
    posterior,
    best,
    runnerUp,
    votes: votes.map((v) => {
      const theta = model.reviewers[v.reviewerId] ?? model.newReviewer;
      return { ...v, weight: beta * (theta[best * K + v.label]! - theta[runnerUp * K + v.label]!) };
    }),
  };
}

/**
 * Each reviewer's measured reliability: the mean of their confusion matrix's diagonal (chance is 1/K whatever the
 * class mix, so always giving the common answer is not mistaken for skill), with their votes in the fit.
 */
export function reviewerReliabilities(model: FittedConsensus, only?: readonly string[]): { reviewerId: string; votes: number; reliability: number }[] {
  const K = model.classes;
  return (only ? [...new Set(only)].filter((id) => id in model.reviewers) : Object.keys(model.reviewers))
    .sort()
    .map((reviewerId) => {
      const theta = model.reviewers[reviewerId]!;
      let reliability = 0;
      for (let k = 0; k < K; k++) reliability += Math.exp(theta[k * K + k]!) / K;
      return { reviewerId, votes: model.reviewerVotes[reviewerId] ?? 0, reliability };
    });
}
