import type { ItemConsensus, VoteWeight } from "./types";
import type { VoteIndex } from "./vote-index";

/** Steps of the engine's EM (`dawid-skene.ts`). */

export function goldClasses(index: VoteIndex, gold: ReadonlyMap<string, number>): Int32Array {
  const goldClass = new Int32Array(index.itemIds.length).fill(-1);
  index.itemIds.forEach((id, i) => {
    const truth = gold.get(id);
    if (truth === undefined) return;
    if (!Number.isInteger(truth) || truth < 0 || truth >= index.classes) {
      throw new RangeError(`Gold answer of ${id} is ${truth}, outside 0..${index.classes - 1}.`);
    }
    goldClass[i] = truth;
  });
  return goldClass;
}

/** Expected number of gold items whose latent class is their gold answer. */
export function goldAgreements(posterior: Float64Array, goldClass: Int32Array, K: number): number {
  let agreements = 0;
  for (let i = 0; i < goldClass.length; i++) if (goldClass[i]! >= 0) agreements += posterior[i * K + goldClass[i]!]!;
  return agreements;
}

/** Smoothed class frequencies; returns the log of their Dirichlet prior density (up to a constant). */
export function estimateClassPriors(posterior: Float64Array, N: number, K: number, pseudo: number, logPi: Float64Array): number {
  const counts = new Float64Array(K).fill(pseudo);
  for (let i = 0; i < N; i++) for (let k = 0; k < K; k++) counts[k]! += posterior[i * K + k]!;
  const total = N + K * pseudo;
  let logPrior = 0;
  for (let k = 0; k < K; k++) {
    logPi[k] = Math.log(counts[k]! / total);
    logPrior += pseudo * logPi[k]!;
  }
  return logPrior;
}

export function setOneHot(target: Float64Array, i: number, K: number, k: number): void {
  target.fill(0, i * K, i * K + K);
  target[i * K + k] = 1;
}

/** Index of the largest value, skipping `except`; ties go to the lowest index. */
export function argmax(values: ArrayLike<number>, except = -1): number {
  let best = -1;
  for (let k = 0; k < values.length; k++) {
    if (k === except) continue;
    if (best < 0 || values[k]! > values[best]!) best = k;
  }
  return best;
}

/** What describing the items needs of a fitted model: its class scores of item i from the votes alone, and how
 * likely reviewer j was to give `label` to item i were its class k. */
export type FittedVotes = {
  itemScores(i: number, out: Float64Array): void;
  voteLogProbability(i: number, j: number, k: number, label: number): number;
};

export function describeItems(index: VoteIndex, fitted: FittedVotes, posterior: Float64Array, goldClass: Int32Array, explainVotes: boolean): ItemConsensus[] {
  const K = index.classes;
  const scores = new Float64Array(K);
  return index.itemIds.map((itemId, i) => {
    const truth = goldClass[i]!;
    // A gold item's true class is its gold answer, whatever class its votes are about.
    const row = truth >= 0 ? Array.from({ length: K }, (_, k) => (k === truth ? 1 : 0)) : Array.from(posterior.subarray(i * K, i * K + K));
    fitted.itemScores(i, scores);
    // For a gold item the runner-up is what its votes alone would most wrongly suggest.
    const map = truth >= 0 ? truth : argmax(row);
    const runnerUp = argmax(truth >= 0 ? scores : row, map);
    const votes: VoteWeight[] = [];
    if (explainVotes) {
      for (let v = index.itemStart[i]!; v < index.itemStart[i + 1]!; v++) {
        const j = index.voteReviewer[v]!;
        const label = index.voteLabel[v]!;
        const weight = fitted.voteLogProbability(i, j, map, label) - fitted.voteLogProbability(i, j, runnerUp, label);
        votes.push({ reviewerId: index.reviewerIds[j]!, label, weight });
      }
    }
    return { itemId, posterior: row, map, runnerUp, isGold: truth >= 0, goldAgreement: truth >= 0 ? posterior[i * K + truth]! : null, votes };
  });
}
