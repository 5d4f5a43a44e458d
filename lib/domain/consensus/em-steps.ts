import type { VoteIndex } from "./vote-index";

/** Steps shared by the EM variants of the engine (`dawid-skene.ts`, `item-bias.ts`). */

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
