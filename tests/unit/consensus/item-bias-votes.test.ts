import { describe, expect, it } from "vitest";
import { seededRandom, type Vote } from "../../../lib/domain/consensus";
import { accumulateSigmaGradient, itemShiftGradient, scoreVotes, VoteFactors } from "../../../lib/domain/consensus/item-bias-votes";
import { buildVoteIndex, type VoteIndex } from "../../../lib/domain/consensus/vote-index";

// The factored per-vote loops of the item-bias EM against the plain softmax of each vote, computed here
// the textbook way: the same numbers up to rounding, including where the factored normaliser underflows
// (logits hundreds of nats apart) and where a product of normalisers would leave the floating-point range.

interface Case {
  name: string;
  K: number;
  votes: Vote[];
  /** sigma and tau uniform in [-spread, spread]. */
  spread: number;
  /** Whether some vote's factored normaliser underflows, so the plain softmax must step in. */
  underflows: boolean;
}

function crowd(seed: number, K: number, items: number, reviewers: number, votesPerItem: number): Vote[] {
  const random = seededRandom(seed);
  const votes: Vote[] = [];
  for (let i = 0; i < items; i++) {
    for (let n = 0; n < votesPerItem; n++) {
      votes.push({ itemId: `s${i}`, reviewerId: `r${Math.floor(random() * reviewers)}`, label: Math.floor(random() * K) });
    }
  }
  return votes;
}

const cases: Case[] = [
  { name: "binary", K: 2, votes: crowd(1, 2, 300, 30, 5), spread: 4, underflows: false },
  { name: "three classes", K: 3, votes: crowd(2, 3, 300, 30, 5), spread: 4, underflows: false },
  { name: "binary, logits hundreds of nats apart", K: 2, votes: crowd(3, 2, 300, 30, 5), spread: 900, underflows: true },
  { name: "three classes, logits hundreds of nats apart", K: 3, votes: crowd(4, 3, 300, 30, 5), spread: 900, underflows: true },
  { name: "binary, 3000 votes on one item", K: 2, votes: crowd(5, 2, 1, 3000, 3000), spread: 1, underflows: false },
  { name: "binary, 3000 votes on one item, logits far apart", K: 2, votes: crowd(6, 2, 1, 3000, 3000), spread: 100, underflows: false },
];

/** log of the softmax of sigma_j[k][.] + tau_i[.], the plain way. */
function logSoftmax(sigma: Float64Array, tau: Float64Array, K: number, j: number, k: number, i: number): number[] {
  const x = Array.from({ length: K }, (_, m) => sigma[(j * K + k) * K + m]! + tau[i * K + m]!);
  const max = Math.max(...x);
  const lse = max + Math.log(x.reduce((sum, y) => sum + Math.exp(y - max), 0));
  return x.map((y) => y - lse);
}

function forEachVote(index: VoteIndex, visit: (i: number, j: number, l: number) => void): void {
  for (let i = 0; i < index.itemIds.length; i++) for (let v = index.itemStart[i]!; v < index.itemStart[i + 1]!; v++) visit(i, index.voteReviewer[v]!, index.voteLabel[v]!);
}

function expectClose(actual: Float64Array, expected: Float64Array, relative: number): void {
  expect(actual.length).toBe(expected.length);
  for (let at = 0; at < actual.length; at++) {
    expect(Number.isFinite(actual[at])).toBe(true);
    expect(Math.abs(actual[at]! - expected[at]!)).toBeLessThanOrEqual(relative * Math.max(1, Math.abs(expected[at]!)));
  }
}

describe("item-bias vote loops", () => {
  describe.each(cases)("$name", ({ K, votes, spread, underflows }) => {
    const index = buildVoteIndex(K, votes);
    const N = index.itemIds.length;
    const R = index.reviewerIds.length;
    const random = seededRandom(K * 1000 + votes.length);
    const uniform = () => spread * (2 * random() - 1);
    const sigma = Float64Array.from({ length: R * K * K }, uniform);
    const tau = Float64Array.from({ length: N * K }, uniform);
    const logPi = Float64Array.from({ length: K }, () => Math.log(1 / K));
    // Posteriors with some exact zeros, which the M-step skips.
    const posterior = new Float64Array(N * K);
    for (let i = 0; i < N; i++) {
      const w = Array.from({ length: K }, () => (random() < 0.2 ? 0 : random()));
      w[Math.floor(random() * K)] = 1;
      const total = w.reduce((a, b) => a + b, 0);
      w.forEach((x, k) => (posterior[i * K + k] = x / total));
    }
    const factors = new VoteFactors(R, N, K);
    factors.setRows(sigma);
    factors.setItems(tau);

    it(underflows ? "needs the plain softmax for some votes" : "never needs the plain softmax", () => {
      let smallest = Infinity;
      forEachVote(index, (i, j) => {
        for (let k = 0; k < K; k++) {
          let sum = 0;
          for (let m = 0; m < K; m++) sum += factors.rowFactor[(j * K + k) * K + m]! * factors.itemFactor[i * K + m]!;
          smallest = Math.min(smallest, sum);
        }
      });
      expect(smallest < 1e-250).toBe(underflows);
    });

    it("scores each item by the sum of its votes' log-probabilities", () => {
      const expected = new Float64Array(N * K);
      for (let i = 0; i < N; i++) for (let k = 0; k < K; k++) expected[i * K + k] = logPi[k]!;
      forEachVote(index, (i, j, l) => {
        for (let k = 0; k < K; k++) expected[i * K + k]! += logSoftmax(sigma, tau, K, j, k, i)[l]!;
      });
      const scores = new Float64Array(N * K);
      scoreVotes(index, factors, sigma, tau, logPi, scores);
      expectClose(scores, expected, 1e-12);
    });

    it("gives the gradients of the sigma and the tau block", () => {
      const gradient = new Float64Array(R * K * K);
      const weight = new Float64Array(R * K);
      const itemGradient = new Float64Array(N * K);
      forEachVote(index, (i, j, l) => {
        for (let k = 0; k < K; k++) {
          const w = posterior[i * K + k]!;
          const p = logSoftmax(sigma, tau, K, j, k, i).map(Math.exp);
          for (let m = 0; m < K; m++) {
            gradient[(j * K + k) * K + m]! += w * ((m === l ? 1 : 0) - p[m]!);
            itemGradient[i * K + m]! += w * ((m === l ? 1 : 0) - p[m]!);
          }
          weight[j * K + k]! += w;
        }
      });
      const actualGradient = new Float64Array(R * K * K);
      const actualWeight = new Float64Array(R * K);
      const actualItemGradient = new Float64Array(N * K);
      accumulateSigmaGradient(index, factors, sigma, tau, posterior, actualGradient, actualWeight);
      itemShiftGradient(index, factors, sigma, tau, posterior, actualItemGradient);
      // Gradients are sums of terms of either sign: compared on the scale of the total weight.
      const scale = votes.length;
      expectClose(actualWeight, weight, 1e-12);
      for (const [actual, expected] of [[actualGradient, gradient], [actualItemGradient, itemGradient]] as const) {
        for (let at = 0; at < actual.length; at++) expect(Math.abs(actual[at]! - expected[at]!)).toBeLessThanOrEqual(1e-12 * scale);
      }
    });
  });
});
