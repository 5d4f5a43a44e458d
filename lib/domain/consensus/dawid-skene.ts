import { DEFAULT_GOLD_PRIOR, estimateGoldChannel, type GoldChannel } from "./gold";
import { voteShares } from "./majority-vote";
import { DEFAULT_CLASS_PRIOR_PSEUDO_COUNT, defaultFullMatrixMinVotes, normalisedPrior } from "./priors";
import { ReviewerModels } from "./reviewer-models";
import { describeItems, estimateClassPriors, goldAgreements, goldClasses, setOneHot } from "./em-steps";
import type { ConsensusInput, ConsensusResult, IterationTrace } from "./types";
import { buildVoteIndex, type VoteIndex } from "./vote-index";

/**
 * Dawid-Skene consensus by MAP-EM.
 *
 * Model: item i has a hidden class z_i ~ Categorical(pi); reviewer j votes l with probability
 * theta_j[z_i][l], independently of the other reviewers. A reviewer with enough votes gets a full
 * confusion matrix; a sparse one the skill-and-bias model (knows the answer with probability s_j,
 * otherwise guesses from a distribution of their own; see `ReviewerModels`). Both are smoothed by
 * Dirichlet/Beta pseudo-counts taken from the reviewer's prior (Reputation, or `defaultReviewerPrior`),
 * and pi by `classPriorPseudoCount`. A gold answer is one more observation of z_i, right with a
 * probability EM estimates from how well gold answers and votes agree (see `gold.ts`): where they agree
 * it pins down the meaning of each class and calibrates the reviewers; a gold item whose votes all point
 * at another class does not rewrite everybody's confusion matrix.
 *
 * EM starts from the (prior-weighted) majority vote and alternates the M-step (parameters from
 * posteriors) with the E-step (posteriors from parameters). Each iteration does not decrease
 * log-likelihood + log-prior (the `objective` in the trace). All loops run over typed arrays in the
 * canonical order of `VoteIndex`, so the output is a pure function of the set of votes.
 */
export function fitDawidSkene(input: ConsensusInput): ConsensusResult {
  const gold = input.gold ?? new Map<string, number>();
  checkOptions(input.options);
  const index = buildVoteIndex(input.classes, input.votes, [...(input.itemIds ?? []), ...gold.keys()]);
  const goldClass = goldClasses(index, gold);
  const start = input.options?.startPosteriors ? startingRows(index, input.options.startPosteriors) : undefined;
  const fit = runDawidSkene(index, goldClass, input, start);
  const { model, logPi, trace } = fit;
  return {
    classes: index.classes,
    model: "dawid-skene",
    classPriors: Array.from(logPi, Math.exp),
    goldReliability: fit.goldChannel?.reliability ?? null,
    items: describeItems(
      index,
      { itemScores: (i, out) => itemScores(index, model, logPi, i, out), voteLogProbability: (_i, j, k, label) => model.logProbability(j, k, label) },
      fit.posterior,
      goldClass,
      input.options?.explainVotes ?? true,
    ),
    reviewers: model.describe(),
    trace,
    iterations: trace.length,
    converged: fit.converged,
  };
}

/** Where EM starts for some items instead of their prior-weighted vote shares: row i of `rows` where `has[i]` is 1. */
export type StartingRows = { readonly rows: Float64Array; readonly has: Uint8Array };

/** A fit on a vote index, before it is described: what a caller that only needs the parameters keeps. */
export type DawidSkeneFit = {
  readonly model: ReviewerModels;
  readonly logPi: Float64Array;
  /** N x K posteriors of the items' latent classes (a gold item's: given its votes and its answer). */
  readonly posterior: Float64Array;
  readonly goldChannel: GoldChannel | null;
  readonly trace: IterationTrace[];
  readonly converged: boolean;
};

/**
 * EM over an index already built, with each item's gold class (-1: none): fitDawidSkene without building the index
 * or describing the items, for callers that fit the same votes several times.
 */
export function runDawidSkene(index: VoteIndex, goldClass: Int32Array, settings: Pick<ConsensusInput, "reviewerPriors" | "options">, start?: StartingRows): DawidSkeneFit {
  const options = settings.options ?? {};
  checkOptions(options);
  const K = index.classes;
  const fullMatrixMinVotes = options.fullMatrixMinVotes ?? defaultFullMatrixMinVotes(K);
  // EM can crawl along flat ridges of the likelihood; 500 iterations of O(votes * K) stay cheap.
  const maxIterations = options.maxIterations ?? 500;
  // Decisions compare posteriors with thresholds like 0.9: a millionth is far below what can flip one.
  const posteriorTolerance = options.posteriorTolerance ?? 1e-6;
  // Near machine precision: EM sometimes crawls along a flat ridge where posteriors still drift by
  // ~1e-5 per iteration while the objective no longer moves; such drift cannot change a decision.
  const logLikelihoodTolerance = options.logLikelihoodTolerance ?? 1e-12;
  const classPseudoCount = options.classPriorPseudoCount ?? DEFAULT_CLASS_PRIOR_PSEUDO_COUNT;
  const goldPrior = normalisedPrior(options.goldPrior ?? DEFAULT_GOLD_PRIOR, "gold answers");
  const model = new ReviewerModels(index, settings, fullMatrixMinVotes, goldClass);

  const N = index.itemIds.length;
  const posterior = voteShares(index, model.initialWeights);
  if (start) {
    for (let i = 0; i < N; i++) if (start.has[i]) for (let k = 0; k < K; k++) posterior[i * K + k] = start.rows[i * K + k]!;
  }
  // EM starts from the gold answers taken as the classes of their items.
  for (let i = 0; i < N; i++) if (goldClass[i]! >= 0) setOneHot(posterior, i, K, goldClass[i]!);

  let goldItems = 0;
  for (let i = 0; i < N; i++) if (goldClass[i]! >= 0) goldItems++;
  let goldChannel: GoldChannel | null = null;
  const logPi = new Float64Array(K);
  const trace: IterationTrace[] = [];
  let converged = false;
  let previousObjective = -Infinity;

  model.beginStatistics();
  for (let i = 0; i < N; i++) model.addItem(i, posterior);
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    let logPrior = estimateClassPriors(posterior, N, K, classPseudoCount, logPi) + model.estimate();
    if (goldItems > 0) {
      goldChannel = estimateGoldChannel(goldAgreements(posterior, goldClass, K), goldItems, K, goldPrior);
      logPrior += goldChannel.logPrior;
    }

    model.beginStatistics();
    const { logLikelihood, maxPosteriorChange } = expectation(index, model, logPi, goldClass, goldChannel, posterior);
    const objective = logLikelihood + logPrior;
    trace.push({ iteration, logLikelihood, objective, maxPosteriorChange });
    const objectiveChange = Math.abs(objective - previousObjective);
    previousObjective = objective;
    if (maxPosteriorChange <= posteriorTolerance || objectiveChange <= logLikelihoodTolerance * Math.max(1, Math.abs(objective))) {
      converged = true;
      break;
    }
  }
  return { model, logPi, posterior, goldChannel, trace, converged };
}

function checkOptions(options: ConsensusInput["options"] = {}): void {
  if (!((options.classPriorPseudoCount ?? DEFAULT_CLASS_PRIOR_PSEUDO_COUNT) > 0)) throw new RangeError("classPriorPseudoCount must be positive.");
  const maxIterations = options.maxIterations ?? 500;
  if (!Number.isInteger(maxIterations) || maxIterations < 1) throw new RangeError("maxIterations must be >= 1.");
  if (options.fullMatrixMinVotes !== undefined && !(options.fullMatrixMinVotes >= 0)) throw new RangeError("fullMatrixMinVotes must be >= 0.");
}

/** `startPosteriors` by item id as rows of the index (a start of the wrong length is ignored). */
export function startingRows(index: VoteIndex, byItem: ReadonlyMap<string, readonly number[]>): StartingRows {
  const K = index.classes;
  const rows = new Float64Array(index.itemIds.length * K);
  const has = new Uint8Array(index.itemIds.length);
  index.itemIds.forEach((id, i) => {
    const start = byItem.get(id);
    if (start?.length !== K) return;
    has[i] = 1;
    for (let k = 0; k < K; k++) rows[i * K + k] = start[k]!;
  });
  return { rows, has };
}

/**
 * E-step: posteriors under the current parameters, in place (for a gold item, of the class its votes
 * are about, given its votes and its gold answer); each item's votes then go into the statistics of
 * the next M-step.
 */
function expectation(
  index: VoteIndex,
  model: ReviewerModels,
  logPi: Float64Array,
  goldClass: Int32Array,
  goldChannel: GoldChannel | null,
  posterior: Float64Array,
): { logLikelihood: number; maxPosteriorChange: number } {
  const K = index.classes;
  const N = index.itemIds.length;
  const scores = new Float64Array(K);
  let logLikelihood = 0;
  let maxPosteriorChange = 0;
  for (let i = 0; i < N; i++) {
    itemScores(index, model, logPi, i, scores);
    const truth = goldClass[i]!;
    if (truth >= 0 && goldChannel) {
      for (let k = 0; k < K; k++) scores[k]! += k === truth ? goldChannel.logAgree : goldChannel.logDisagree;
    }
    // log-sum-exp, keeping the exponentials for the posterior itself.
    let max = -Infinity;
    for (let k = 0; k < K; k++) if (scores[k]! > max) max = scores[k]!;
    let sum = 0;
    for (let k = 0; k < K; k++) sum += scores[k] = Math.exp(scores[k]! - max);
    logLikelihood += max + Math.log(sum);
    const row = i * K;
    for (let k = 0; k < K; k++) {
      const p = scores[k]! / sum;
      const change = Math.abs(p - posterior[row + k]!);
      if (change > maxPosteriorChange) maxPosteriorChange = change;
      posterior[row + k] = p;
    }
    model.addItem(i, posterior);
  }
  return { logLikelihood, maxPosteriorChange };
}


/** Unnormalised log posterior of each class of item i: log pi_k + sum over votes of log theta_j[k][l]. */
function itemScores(index: VoteIndex, model: ReviewerModels, logPi: Float64Array, i: number, out: Float64Array): void {
  const { classes: K, itemStart, voteLabel } = index;
  const { voteCell, logTheta, logHit, logMiss } = model;
  for (let k = 0; k < K; k++) out[k] = logPi[k]!;
  const end = itemStart[i + 1]!;
  for (let v = itemStart[i]!; v < end; v++) {
    const cell = voteCell[v]!;
    if (cell >= 0) {
      for (let k = 0; k < K; k++) out[k]! += logTheta[cell + k * K]!;
    } else {
      const j = -1 - cell;
      const l = voteLabel[v]!;
      const miss = logMiss[j * K + l]!;
      for (let k = 0; k < K; k++) out[k]! += miss;
      out[l]! += logHit[j * K + l]! - miss;
    }
  }
}



