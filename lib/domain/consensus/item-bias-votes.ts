import type { VoteIndex } from "./vote-index";

/**
 * The loops over every vote of the item-bias EM (see `ItemBiasModel`), where its time goes: each vote's
 * softmax over labels, sigma_j[k][.] + tau_i[.], for every class k.
 *
 * Three things make them cheaper than evaluating that softmax wherever it is needed, and none changes
 * a bit of the result (the EM of the model before them gave the same output to the last bit):
 * - the E-step keeps each vote's probabilities, which the sigma block of the next M-step needs at the
 *   same parameters, so the M-step does not compute them again;
 * - the term of the largest logit is exp(0) = 1 exactly, so it is not computed (for K = 2: one exp per
 *   softmax instead of two);
 * - with K = 2 the loops over labels are written out, in the same order of operations.
 * Every sum runs in vote order, as before, so the results stay deterministic.
 */

/**
 * E-step part: scores[i K + k] = logPi[k] + sum over the votes v of item i of log P(label_v | class k),
 * added in vote order; probabilities[(v K + k) K + m] = P(vote v is m | class k), for `accumulateSigmaGradient`.
 */
export function scoreVotes(index: VoteIndex, sigma: Float64Array, tau: Float64Array, logPi: Float64Array, scores: Float64Array, probabilities: Float64Array): void {
  const { classes: K, itemStart, voteReviewer, voteLabel } = index;
  const N = index.itemIds.length;
  if (K === 2) {
    for (let i = 0; i < N; i++) {
      const t0 = tau[2 * i]!;
      const t1 = tau[2 * i + 1]!;
      let s0 = logPi[0]!;
      let s1 = logPi[1]!;
      for (let v = itemStart[i]!; v < itemStart[i + 1]!; v++) {
        const row = 4 * voteReviewer[v]!;
        const l = voteLabel[v]!;
        s0 += logSoftmax2(sigma[row]! + t0, sigma[row + 1]! + t1, l, probabilities, 4 * v);
        s1 += logSoftmax2(sigma[row + 2]! + t0, sigma[row + 3]! + t1, l, probabilities, 4 * v + 2);
      }
      scores[2 * i] = s0;
      scores[2 * i + 1] = s1;
    }
    return;
  }
  for (let i = 0; i < N; i++) {
    for (let k = 0; k < K; k++) scores[i * K + k] = logPi[k]!;
    for (let v = itemStart[i]!; v < itemStart[i + 1]!; v++) {
      const j = voteReviewer[v]!;
      const l = voteLabel[v]!;
      for (let k = 0; k < K; k++) {
        const row = (j * K + k) * K;
        const at = (v * K + k) * K;
        const max = largestLogit(sigma, row, tau, i * K, K);
        const sum = softmax(sigma, row, tau, i * K, K, max, probabilities, at);
        scores[i * K + k]! += sigma[row + l]! + tau[i * K + l]! - max - Math.log(sum);
      }
    }
  }
}

/**
 * Sigma block of the M-step: gradient[(j K + k) K + m] += sum over j's votes v of w_ik (1[l_v = m] - P(m | k)),
 * weight[j K + k] += sum of w_ik, from the `probabilities` `scoreVotes` left at the current parameters.
 */
export function accumulateSigmaGradient(index: VoteIndex, posterior: Float64Array, probabilities: Float64Array, gradient: Float64Array, weight: Float64Array): void {
  const { classes: K, itemStart, voteReviewer, voteLabel } = index;
  const N = index.itemIds.length;
  if (K === 2) {
    for (let i = 0; i < N; i++) {
      const w0 = posterior[2 * i]!;
      const w1 = posterior[2 * i + 1]!;
      for (let v = itemStart[i]!; v < itemStart[i + 1]!; v++) {
        const j = voteReviewer[v]!;
        const a0 = voteLabel[v] === 0 ? 1 : 0;
        const a1 = voteLabel[v] === 1 ? 1 : 0;
        if (w0 !== 0) {
          gradient[4 * j]! += w0 * (a0 - probabilities[4 * v]!);
          gradient[4 * j + 1]! += w0 * (a1 - probabilities[4 * v + 1]!);
          weight[2 * j]! += w0;
        }
        if (w1 !== 0) {
          gradient[4 * j + 2]! += w1 * (a0 - probabilities[4 * v + 2]!);
          gradient[4 * j + 3]! += w1 * (a1 - probabilities[4 * v + 3]!);
          weight[2 * j + 1]! += w1;
        }
      }
    }
    return;
  }
  for (let i = 0; i < N; i++) {
    for (let v = itemStart[i]!; v < itemStart[i + 1]!; v++) {
      const j = voteReviewer[v]!;
      const l = voteLabel[v]!;
      for (let k = 0; k < K; k++) {
        const w = posterior[i * K + k]!;
        if (w === 0) continue;
        const row = (j * K + k) * K;
        const at = (v * K + k) * K;
        for (let m = 0; m < K; m++) gradient[row + m]! += w * ((m === l ? 1 : 0) - probabilities[at + m]!);
        weight[j * K + k]! += w;
      }
    }
  }
}

/**
 * Tau block of the M-step, at the current sigma: each item's minorise-maximise step, its gradient
 * sum_v sum_k w_ik (1[l_v = m] - P(m | k)) and Böhning's curvature (votes / 2 + precision).
 * `gradient` and `scratch` are scratch space of K numbers each.
 */
export function stepItemShifts(
  index: VoteIndex,
  sigma: Float64Array,
  tau: Float64Array,
  posterior: Float64Array,
  precision: number,
  gradient: Float64Array,
  scratch: Float64Array,
): void {
  const { classes: K, itemStart, voteReviewer, voteLabel } = index;
  const N = index.itemIds.length;
  for (let i = 0; i < N; i++) {
    const curvature = (itemStart[i + 1]! - itemStart[i]!) / 2 + precision;
    if (K === 2) {
      const t0 = tau[2 * i]!;
      const t1 = tau[2 * i + 1]!;
      const w0 = posterior[2 * i]!;
      const w1 = posterior[2 * i + 1]!;
      let g0 = 0;
      let g1 = 0;
      for (let v = itemStart[i]!; v < itemStart[i + 1]!; v++) {
        const row = 4 * voteReviewer[v]!;
        const l = voteLabel[v]!;
        for (let k = 0; k < 2; k++) {
          const w = k === 0 ? w0 : w1;
          if (w === 0) continue;
          const x0 = sigma[row + 2 * k]! + t0;
          const x1 = sigma[row + 2 * k + 1]! + t1;
          const max = Math.max(x0, x1);
          const e0 = x0 === max ? 1 : Math.exp(x0 - max);
          const e1 = x1 === max ? 1 : Math.exp(x1 - max);
          const sum = e0 + e1;
          g0 += w * ((l === 0 ? 1 : 0) - e0 / sum);
          g1 += w * ((l === 1 ? 1 : 0) - e1 / sum);
        }
      }
      tau[2 * i] = t0 + (g0 - precision * t0) / curvature;
      tau[2 * i + 1] = t1 + (g1 - precision * t1) / curvature;
      continue;
    }
    gradient.fill(0);
    for (let v = itemStart[i]!; v < itemStart[i + 1]!; v++) {
      const j = voteReviewer[v]!;
      const l = voteLabel[v]!;
      for (let k = 0; k < K; k++) {
        const w = posterior[i * K + k]!;
        if (w === 0) continue;
        const row = (j * K + k) * K;
        softmax(sigma, row, tau, i * K, K, largestLogit(sigma, row, tau, i * K, K), scratch, 0);
        for (let m = 0; m < K; m++) gradient[m]! += w * ((m === l ? 1 : 0) - scratch[m]!);
      }
    }
    for (let m = 0; m < K; m++) tau[i * K + m]! += (gradient[m]! - precision * tau[i * K + m]!) / curvature;
  }
}

/** log P(label l) of a softmax over the logits x0, x1; writes both probabilities at out[at], out[at + 1]. */
function logSoftmax2(x0: number, x1: number, l: number, out: Float64Array, at: number): number {
  const max = Math.max(x0, x1);
  const e0 = x0 === max ? 1 : Math.exp(x0 - max);
  const e1 = x1 === max ? 1 : Math.exp(x1 - max);
  const sum = e0 + e1;
  out[at] = e0 / sum;
  out[at + 1] = e1 / sum;
  return (l === 0 ? x0 : x1) - max - Math.log(sum);
}

function largestLogit(sigma: Float64Array, row: number, tau: Float64Array, shift: number, K: number): number {
  let max = -Infinity;
  for (let m = 0; m < K; m++) max = Math.max(max, sigma[row + m]! + tau[shift + m]!);
  return max;
}

/** Softmax of the logits sigma[row + m] + tau[shift + m], m < K (largest `max`), into out[at + m]; returns its normaliser. */
function softmax(sigma: Float64Array, row: number, tau: Float64Array, shift: number, K: number, max: number, out: Float64Array, at: number): number {
  let sum = 0;
  for (let m = 0; m < K; m++) {
    const x = sigma[row + m]! + tau[shift + m]!;
    sum += out[at + m] = x === max ? 1 : Math.exp(x - max);
  }
  for (let m = 0; m < K; m++) out[at + m]! /= sum;
  return sum;
}
