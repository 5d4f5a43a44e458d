import type { VoteIndex } from "./vote-index";

/**
 * The loops over every vote of the item-bias EM (see `ItemBiasModel`), where its time goes: each vote's
 * softmax over labels of sigma_j[k][.] + tau_i[.], for every class k.
 *
 * The exponentials factor: exp(sigma_j[k][m] + tau_i[m]) = exp(sigma_j[k][m]) exp(tau_i[m]). So
 * `VoteFactors` takes the exponentials once per reviewer row and once per item (each relative to its
 * largest entry, so every factor is in (0, 1]), and a vote's softmax costs K products and a sum, no exp.
 * The log-likelihood needs the log of each vote's normaliser; their product over an item's votes takes
 * one log per item and class instead of one per vote. With K = 2 the loops are written out and a
 * softmax is one division (P(1 | k) = 1 - P(0 | k)). On 100k binary reviews: some 25k exps and 40k
 * logs per E-step instead of 200k of each, and no exp per vote in the M-step. The price is rounding:
 * the results differ from the plain softmax's in the last few bits (posteriors by ~1e-13).
 *
 * A normaliser can only underflow where both the row and the item spread their logits over hundreds of
 * nats (never at a fitted model; a SQUAREM extrapolation can go there, and is then rejected); such a
 * vote takes the plain softmax. Every sum runs in vote order, so the results stay deterministic.
 */

/** Below this a vote's normaliser may have lost precision to underflow: that vote takes the plain softmax. */
const SMALLEST_NORMALISER = 1e-250;
/** A running product of normalisers leaves [1 / RESCALE, RESCALE] only after its log has been taken out. */
const RESCALE = 1e50;

/** exp(x - max) and x - max, per block of K entries: each row of sigma, each item's tau. */
export class VoteFactors {
  readonly rowFactor: Float64Array;
  readonly rowLog: Float64Array;
  readonly itemFactor: Float64Array;
  readonly itemLog: Float64Array;

  constructor(
    reviewers: number,
    items: number,
    private readonly K: number,
  ) {
    this.rowFactor = new Float64Array(reviewers * K * K);
    this.rowLog = new Float64Array(reviewers * K * K);
    this.itemFactor = new Float64Array(items * K);
    this.itemLog = new Float64Array(items * K);
  }

  setRows(sigma: Float64Array): void {
    factorise(sigma, this.K, this.rowFactor, this.rowLog);
  }

  setItems(tau: Float64Array): void {
    factorise(tau, this.K, this.itemFactor, this.itemLog);
  }
}

function factorise(x: Float64Array, K: number, factor: Float64Array, log: Float64Array): void {
  if (K === 2) {
    for (let at = 0; at < x.length; at += 2) {
      const d = x[at]! - x[at + 1]!;
      const e = Math.exp(-Math.abs(d));
      log[at] = d < 0 ? d : 0;
      log[at + 1] = d < 0 ? 0 : -d;
      factor[at] = d < 0 ? e : 1;
      factor[at + 1] = d < 0 ? 1 : e;
    }
    return;
  }
  for (let at = 0; at < x.length; at += K) {
    let max = -Infinity;
    for (let m = 0; m < K; m++) max = Math.max(max, x[at + m]!);
    for (let m = 0; m < K; m++) {
      const d = x[at + m]! - max;
      log[at + m] = d;
      factor[at + m] = d === 0 ? 1 : Math.exp(d);
    }
  }
}

/**
 * E-step part: scores[i K + k] = logPi[k] + sum over the votes of item i of log P(label | class k), at
 * the parameters of `f` (`sigma` and `tau` serve the plain softmax where a normaliser underflows).
 */
export function scoreVotes(index: VoteIndex, f: VoteFactors, sigma: Float64Array, tau: Float64Array, logPi: Float64Array, scores: Float64Array): void {
  const { classes: K, itemStart, voteReviewer, voteLabel } = index;
  const { rowFactor, rowLog, itemFactor, itemLog } = f;
  const N = index.itemIds.length;
  const scratch = new Float64Array(K);
  if (K === 2) {
    for (let i = 0; i < N; i++) {
      const g0 = itemFactor[2 * i]!;
      const g1 = itemFactor[2 * i + 1]!;
      let s0 = logPi[0]!;
      let s1 = logPi[1]!;
      let p0 = 1;
      let p1 = 1;
      for (let v = itemStart[i]!; v < itemStart[i + 1]!; v++) {
        const row = 4 * voteReviewer[v]!;
        const l = voteLabel[v]!;
        const n0 = rowFactor[row]! * g0 + rowFactor[row + 1]! * g1;
        const n1 = rowFactor[row + 2]! * g0 + rowFactor[row + 3]! * g1;
        if (n0 >= SMALLEST_NORMALISER && n1 >= SMALLEST_NORMALISER) {
          s0 += rowLog[row + l]! + itemLog[2 * i + l]!;
          s1 += rowLog[row + 2 + l]! + itemLog[2 * i + l]!;
          p0 *= n0;
          p1 *= n1;
        } else {
          s0 += sigma[row + l]! + tau[2 * i + l]! - plainSoftmax(sigma, row, tau, 2 * i, 2, scratch);
          s1 += sigma[row + 2 + l]! + tau[2 * i + l]! - plainSoftmax(sigma, row + 2, tau, 2 * i, 2, scratch);
        }
        if (!(p0 > 1 / RESCALE && p0 < RESCALE && p1 > 1 / RESCALE && p1 < RESCALE)) {
          s0 -= Math.log(p0);
          s1 -= Math.log(p1);
          p0 = p1 = 1;
        }
      }
      scores[2 * i] = s0 - Math.log(p0);
      scores[2 * i + 1] = s1 - Math.log(p1);
    }
    return;
  }
  const product = new Float64Array(K);
  for (let i = 0; i < N; i++) {
    for (let k = 0; k < K; k++) {
      scores[i * K + k] = logPi[k]!;
      product[k] = 1;
    }
    for (let v = itemStart[i]!; v < itemStart[i + 1]!; v++) {
      const j = voteReviewer[v]!;
      const l = voteLabel[v]!;
      for (let k = 0; k < K; k++) {
        const row = (j * K + k) * K;
        let sum = 0;
        for (let m = 0; m < K; m++) sum += rowFactor[row + m]! * itemFactor[i * K + m]!;
        if (sum >= SMALLEST_NORMALISER) {
          scores[i * K + k]! += rowLog[row + l]! + itemLog[i * K + l]!;
          const p = (product[k]! *= sum);
          if (!(p > 1 / RESCALE && p < RESCALE)) {
            scores[i * K + k]! -= Math.log(p);
            product[k] = 1;
          }
        } else {
          scores[i * K + k]! += sigma[row + l]! + tau[i * K + l]! - plainSoftmax(sigma, row, tau, i * K, K, scratch);
        }
      }
    }
    for (let k = 0; k < K; k++) scores[i * K + k]! -= Math.log(product[k]!);
  }
}

/**
 * Sigma block of the M-step: gradient[(j K + k) K + m] += sum over reviewer j's votes v (item i) of
 * posterior[i K + k] (1[label_v = m] - P(m | k)), and weight[j K + k] += posterior[i K + k], with P at
 * the parameters of `f`.
 */
export function accumulateSigmaGradient(
  index: VoteIndex,
  f: VoteFactors,
  sigma: Float64Array,
  tau: Float64Array,
  posterior: Float64Array,
  gradient: Float64Array,
  weight: Float64Array,
): void {
  const { classes: K, itemStart, voteReviewer, voteLabel } = index;
  const { rowFactor, itemFactor } = f;
  const N = index.itemIds.length;
  const p = new Float64Array(K);
  if (K === 2) {
    for (let i = 0; i < N; i++) {
      const w0 = posterior[2 * i]!;
      const w1 = posterior[2 * i + 1]!;
      const g0 = itemFactor[2 * i]!;
      const g1 = itemFactor[2 * i + 1]!;
      for (let v = itemStart[i]!; v < itemStart[i + 1]!; v++) {
        const j = voteReviewer[v]!;
        const row = 4 * j;
        const a = voteLabel[v] === 0 ? 1 : 0;
        if (w0 !== 0) {
          const u = rowFactor[row]! * g0;
          const sum = u + rowFactor[row + 1]! * g1;
          const d = w0 * (a - (sum >= SMALLEST_NORMALISER ? u / sum : plainFirst(sigma, row, tau, i, p)));
          gradient[row]! += d;
          gradient[row + 1]! -= d;
          weight[2 * j]! += w0;
        }
        if (w1 !== 0) {
          const u = rowFactor[row + 2]! * g0;
          const sum = u + rowFactor[row + 3]! * g1;
          const d = w1 * (a - (sum >= SMALLEST_NORMALISER ? u / sum : plainFirst(sigma, row + 2, tau, i, p)));
          gradient[row + 2]! += d;
          gradient[row + 3]! -= d;
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
        probabilities(f, sigma, tau, row, i, K, p);
        for (let m = 0; m < K; m++) gradient[row + m]! += w * ((m === l ? 1 : 0) - p[m]!);
        weight[j * K + k]! += w;
      }
    }
  }
}

/**
 * Tau block of the M-step: itemGradient[i K + m] = sum over item i's votes v and classes k of
 * posterior[i K + k] (1[label_v = m] - P(m | k)), with P at the parameters of `f`.
 */
export function itemShiftGradient(index: VoteIndex, f: VoteFactors, sigma: Float64Array, tau: Float64Array, posterior: Float64Array, itemGradient: Float64Array): void {
  const { classes: K, itemStart, voteReviewer, voteLabel } = index;
  const { rowFactor, itemFactor } = f;
  const N = index.itemIds.length;
  const p = new Float64Array(K);
  for (let i = 0; i < N; i++) {
    if (K === 2) {
      const w0 = posterior[2 * i]!;
      const w1 = posterior[2 * i + 1]!;
      const g0 = itemFactor[2 * i]!;
      const g1 = itemFactor[2 * i + 1]!;
      let g = 0;
      for (let v = itemStart[i]!; v < itemStart[i + 1]!; v++) {
        const row = 4 * voteReviewer[v]!;
        const a = voteLabel[v] === 0 ? 1 : 0;
        if (w0 !== 0) {
          const u = rowFactor[row]! * g0;
          const sum = u + rowFactor[row + 1]! * g1;
          g += w0 * (a - (sum >= SMALLEST_NORMALISER ? u / sum : plainFirst(sigma, row, tau, i, p)));
        }
        if (w1 !== 0) {
          const u = rowFactor[row + 2]! * g0;
          const sum = u + rowFactor[row + 3]! * g1;
          g += w1 * (a - (sum >= SMALLEST_NORMALISER ? u / sum : plainFirst(sigma, row + 2, tau, i, p)));
        }
      }
      itemGradient[2 * i] = g;
      itemGradient[2 * i + 1] = -g;
      continue;
    }
    for (let m = 0; m < K; m++) itemGradient[i * K + m] = 0;
    for (let v = itemStart[i]!; v < itemStart[i + 1]!; v++) {
      const j = voteReviewer[v]!;
      const l = voteLabel[v]!;
      for (let k = 0; k < K; k++) {
        const w = posterior[i * K + k]!;
        if (w === 0) continue;
        probabilities(f, sigma, tau, (j * K + k) * K, i, K, p);
        for (let m = 0; m < K; m++) itemGradient[i * K + m]! += w * ((m === l ? 1 : 0) - p[m]!);
      }
    }
  }
}

/** K = 2, where the factored normaliser underflows: P(label 0) of row `row` of sigma plus tau of item i (`scratch`: 2 numbers). */
function plainFirst(sigma: Float64Array, row: number, tau: Float64Array, i: number, scratch: Float64Array): number {
  plainSoftmax(sigma, row, tau, 2 * i, 2, scratch);
  return scratch[0]!;
}

/** The softmax of row `row` of sigma plus tau of item i into `out`. */
function probabilities(f: VoteFactors, sigma: Float64Array, tau: Float64Array, row: number, i: number, K: number, out: Float64Array): void {
  let sum = 0;
  for (let m = 0; m < K; m++) sum += out[m] = f.rowFactor[row + m]! * f.itemFactor[i * K + m]!;
  if (sum >= SMALLEST_NORMALISER) for (let m = 0; m < K; m++) out[m]! /= sum;
  else plainSoftmax(sigma, row, tau, i * K, K, out);
}

/** Softmax of sigma[row + m] + tau[shift + m], m < K, into `out`, the way that cannot underflow; returns the log of its normaliser. */
function plainSoftmax(sigma: Float64Array, row: number, tau: Float64Array, shift: number, K: number, out: Float64Array): number {
  let max = -Infinity;
  for (let m = 0; m < K; m++) max = Math.max(max, sigma[row + m]! + tau[shift + m]!);
  let sum = 0;
  for (let m = 0; m < K; m++) sum += out[m] = Math.exp(sigma[row + m]! + tau[shift + m]! - max);
  for (let m = 0; m < K; m++) out[m]! /= sum;
  return max + Math.log(sum);
}
