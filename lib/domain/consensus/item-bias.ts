import { argmax, estimateClassPriors, goldAgreements, goldClasses } from "./em-steps";
import { DEFAULT_GOLD_PRIOR, estimateGoldChannel, goldChannelAt, type GoldChannel } from "./gold";
import { ItemBiasModel } from "./item-bias-model";
import { DEFAULT_CLASS_PRIOR_PSEUDO_COUNT, normalisedPrior } from "./priors";
import type { ConsensusInput, ConsensusResult, ItemConsensus, IterationTrace, VoteWeight } from "./types";
import { buildVoteIndex, type VoteIndex } from "./vote-index";

/**
 * Consensus under the item-bias model (see `ItemBiasModel`): Dawid-Skene plus a label shift per item,
 * by MAP-EM started from the Dawid-Skene result `start` of the same input (its confusion matrices,
 * class priors and gold reliability; every item shift 0). Class priors and the gold channel are those
 * of Dawid-Skene. Each iteration is an E-step, then one monotone step of every parameter, so the
 * `objective` in the trace never decreases. Deterministic: every sum runs in `VoteIndex` order.
 */
export function fitItemBias(input: ConsensusInput, start: ConsensusResult): ConsensusResult {
  const { classes: K, options = {} } = input;
  // Each M-step is one bounded step, not the exact maximum, so EM crawls where the item shifts are weakly
  // determined (a few votes per item): on 100k reviews over 20k samples it had not converged after 1000
  // iterations (about 50 s). 200 bounds the cost at about 10 s there; Bluebirds converges in 76.
  const maxIterations = options.maxIterations ?? 200;
  const posteriorTolerance = options.posteriorTolerance ?? 1e-6;
  const logLikelihoodTolerance = options.logLikelihoodTolerance ?? 1e-12;
  const classPseudoCount = options.classPriorPseudoCount ?? DEFAULT_CLASS_PRIOR_PSEUDO_COUNT;
  const goldPrior = normalisedPrior(options.goldPrior ?? DEFAULT_GOLD_PRIOR, "gold answers");
  const gold = input.gold ?? new Map<string, number>();
  const index = buildVoteIndex(K, input.votes, [...(input.itemIds ?? []), ...gold.keys()]);
  const goldClass = goldClasses(index, gold);
  const model = new ItemBiasModel(index, input, start.reviewers);
  const N = index.itemIds.length;
  let goldItems = 0;
  for (let i = 0; i < N; i++) if (goldClass[i]! >= 0) goldItems++;

  const logPi = Float64Array.from(start.classPriors, Math.log);
  let goldChannel: GoldChannel | null = start.goldReliability === null ? null : goldChannelAt(start.goldReliability, K, goldPrior);
  let logPrior = classPriorLogDensity(logPi, classPseudoCount) + (goldChannel?.logPrior ?? 0) + model.logPrior();
  const posterior = new Float64Array(N * K).fill(-1);
  const trace: IterationTrace[] = [];
  let converged = false;
  let previousObjective = -Infinity;
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    const { logLikelihood, maxPosteriorChange } = expectation(index, model, logPi, goldClass, goldChannel, posterior);
    const objective = logLikelihood + logPrior;
    trace.push({ iteration, logLikelihood, objective, maxPosteriorChange });
    const objectiveChange = Math.abs(objective - previousObjective);
    previousObjective = objective;
    if (maxPosteriorChange <= posteriorTolerance || objectiveChange <= logLikelihoodTolerance * Math.max(1, Math.abs(objective))) {
      converged = true;
      break;
    }
    logPrior = estimateClassPriors(posterior, N, K, classPseudoCount, logPi);
    if (goldItems > 0) {
      goldChannel = estimateGoldChannel(goldAgreements(posterior, goldClass, K), goldItems, K, goldPrior);
      logPrior += goldChannel.logPrior;
    }
    model.step(posterior);
    logPrior += model.logPrior();
  }

  return {
    classes: K,
    model: "item-bias",
    classPriors: Array.from(logPi, Math.exp),
    goldReliability: goldChannel?.reliability ?? null,
    items: describeItems(index, model, logPi, posterior, goldClass, options.explainVotes ?? true),
    reviewers: model.describe(),
    trace,
    iterations: trace.length,
    converged,
  };
}

/** The Dirichlet log density `estimateClassPriors` returns, at given class priors. */
function classPriorLogDensity(logPi: Float64Array, pseudo: number): number {
  let logPrior = 0;
  for (const x of logPi) logPrior += pseudo * x;
  return logPrior;
}

function itemScores(index: VoteIndex, model: ItemBiasModel, logPi: Float64Array, i: number, out: Float64Array): void {
  const K = index.classes;
  for (let k = 0; k < K; k++) out[k] = logPi[k]!;
  for (let v = index.itemStart[i]!; v < index.itemStart[i + 1]!; v++) {
    const j = index.voteReviewer[v]!;
    const l = index.voteLabel[v]!;
    for (let k = 0; k < K; k++) out[k]! += model.logProbability(i, j, k, l);
  }
}

/** E-step in place; the first call fills `posterior` (its previous content is not a posterior yet). */
function expectation(
  index: VoteIndex,
  model: ItemBiasModel,
  logPi: Float64Array,
  goldClass: Int32Array,
  goldChannel: GoldChannel | null,
  posterior: Float64Array,
): { logLikelihood: number; maxPosteriorChange: number } {
  const K = index.classes;
  const scores = new Float64Array(K);
  let logLikelihood = 0;
  let maxPosteriorChange = 0;
  for (let i = 0; i < index.itemIds.length; i++) {
    itemScores(index, model, logPi, i, scores);
    const truth = goldClass[i]!;
    if (truth >= 0 && goldChannel) for (let k = 0; k < K; k++) scores[k]! += k === truth ? goldChannel.logAgree : goldChannel.logDisagree;
    let max = -Infinity;
    for (let k = 0; k < K; k++) if (scores[k]! > max) max = scores[k]!;
    let sum = 0;
    for (let k = 0; k < K; k++) sum += scores[k] = Math.exp(scores[k]! - max);
    logLikelihood += max + Math.log(sum);
    for (let k = 0; k < K; k++) {
      const p = scores[k]! / sum;
      const previous = posterior[i * K + k]!;
      maxPosteriorChange = Math.max(maxPosteriorChange, previous < 0 ? 1 : Math.abs(p - previous));
      posterior[i * K + k] = p;
    }
  }
  return { logLikelihood, maxPosteriorChange };
}

function describeItems(
  index: VoteIndex,
  model: ItemBiasModel,
  logPi: Float64Array,
  posterior: Float64Array,
  goldClass: Int32Array,
  explainVotes: boolean,
): ItemConsensus[] {
  const K = index.classes;
  const scores = new Float64Array(K);
  return index.itemIds.map((itemId, i) => {
    const truth = goldClass[i]!;
    const row = truth >= 0 ? Array.from({ length: K }, (_, k) => (k === truth ? 1 : 0)) : Array.from(posterior.subarray(i * K, i * K + K));
    itemScores(index, model, logPi, i, scores);
    const map = truth >= 0 ? truth : argmax(row);
    const runnerUp = argmax(truth >= 0 ? scores : row, map);
    const votes: VoteWeight[] = [];
    if (explainVotes) {
      for (let v = index.itemStart[i]!; v < index.itemStart[i + 1]!; v++) {
        const j = index.voteReviewer[v]!;
        const label = index.voteLabel[v]!;
        const weight = model.logProbability(i, j, map, label) - model.logProbability(i, j, runnerUp, label);
        votes.push({ reviewerId: index.reviewerIds[j]!, label, weight });
      }
    }
    return { itemId, posterior: row, map, runnerUp, isGold: truth >= 0, goldAgreement: truth >= 0 ? posterior[i * K + truth]! : null, votes };
  });
}
