import { defaultReviewerPrior, initialVoteWeight, normalisedPrior } from "./priors";
import type { ConsensusInput, ReviewerEstimate } from "./types";
import type { VoteIndex } from "./vote-index";

/**
 * Per-reviewer parameters in flat arrays. Full-matrix reviewers own a K*K block of `logTheta` starting at
 * `offset[j]`; symmetric reviewers have offset -1 and two numbers, log P(correct) and log P(a given wrong class).
 */
export class ReviewerModels {
  readonly offset: Int32Array;
  readonly logTheta: Float64Array;
  readonly logCorrect: Float64Array;
  readonly logWrong: Float64Array;
  readonly initialWeights: Float64Array;
  /** Pseudo-counts: per cell for full rows (diagonal / each off-diagonal cell), Beta(a, b) for symmetric. */
  private readonly priorCorrect: Float64Array;
  private readonly priorWrong: Float64Array;
  private readonly counts: Float64Array;
  private readonly correct: Float64Array;

  constructor(
    private readonly index: VoteIndex,
    input: ConsensusInput,
    fullMatrixMinVotes: number,
    goldClass: Int32Array,
  ) {
    const K = index.classes;
    const R = index.reviewerIds.length;
    const fallback = normalisedPrior(input.options?.defaultReviewerPrior ?? defaultReviewerPrior(K), "the default reviewer");
    this.offset = new Int32Array(R).fill(-1);
    this.logCorrect = new Float64Array(R);
    this.logWrong = new Float64Array(R);
    this.initialWeights = new Float64Array(R);
    this.priorCorrect = new Float64Array(R);
    this.priorWrong = new Float64Array(R);
    this.correct = new Float64Array(R);
    const { goldCorrect, goldTotal } = goldRecord(index, goldClass);
    let fullCount = 0;
    for (let j = 0; j < R; j++) {
      const id = index.reviewerIds[j]!;
      const given = input.reviewerPriors?.get(id);
      const prior = given ? normalisedPrior(given, id) : fallback;
      // The starting point uses the best reliability estimate available before EM: the prior updated
      // with the reviewer's gold answers. Then gold can overturn a wrong majority (for instance a
      // group of reviewers who swapped the labels) instead of EM settling on the majority's reading.
      const startReliability =
        (prior.strength * prior.reliability + goldCorrect[j]!) / (prior.strength + goldTotal[j]!);
      this.initialWeights[j] = initialVoteWeight(startReliability, K);
      const full = index.reviewerVotes[j]! >= fullMatrixMinVotes;
      if (full) this.offset[j] = K * K * fullCount++;
      // A full row spreads its wrong mass over K-1 cells; the symmetric model keeps it in one lump.
      this.priorCorrect[j] = prior.strength * prior.reliability;
      this.priorWrong[j] = (prior.strength * (1 - prior.reliability)) / (full ? K - 1 : 1);
    }
    this.logTheta = new Float64Array(K * K * fullCount);
    this.counts = new Float64Array(K * K * fullCount);
  }

  /** M-step for all reviewers; returns the log of their smoothing priors (up to a constant). */
  estimate(posterior: Float64Array): number {
    const { classes: K, itemStart, voteReviewer, voteLabel, reviewerVotes } = this.index;
    const { offset: offsets, counts, correct, logTheta, logCorrect, logWrong, priorCorrect, priorWrong } = this;
    const N = this.index.itemIds.length;
    const R = this.index.reviewerIds.length;
    counts.fill(0);
    correct.fill(0);
    for (let i = 0; i < N; i++) {
      const row = i * K;
      const end = itemStart[i + 1]!;
      for (let v = itemStart[i]!; v < end; v++) {
        const j = voteReviewer[v]!;
        const l = voteLabel[v]!;
        const offset = offsets[j]!;
        if (offset >= 0) for (let k = 0; k < K; k++) counts[offset + k * K + l]! += posterior[row + k]!;
        else correct[j]! += posterior[row + l]!;
      }
    }

    let logPrior = 0;
    for (let j = 0; j < R; j++) {
      const a = priorCorrect[j]!;
      const b = priorWrong[j]!;
      const offset = offsets[j]!;
      if (offset < 0) {
        const p = (correct[j]! + a) / (reviewerVotes[j]! + a + b);
        logCorrect[j] = Math.log(p);
        logWrong[j] = Math.log((1 - p) / (K - 1));
        logPrior += a * Math.log(p) + b * Math.log(1 - p);
        continue;
      }
      for (let k = 0; k < K; k++) {
        const start = offset + k * K;
        let rowTotal = a + (K - 1) * b;
        for (let l = 0; l < K; l++) rowTotal += counts[start + l]!;
        for (let l = 0; l < K; l++) {
          const pseudo = l === k ? a : b;
          const logP = Math.log((counts[start + l]! + pseudo) / rowTotal);
          logTheta[start + l] = logP;
          logPrior += pseudo * logP;
        }
      }
    }
    return logPrior;
  }

  logProbability(j: number, truth: number, label: number): number {
    const offset = this.offset[j]!;
    if (offset >= 0) return this.logTheta[offset + truth * this.index.classes + label]!;
    return truth === label ? this.logCorrect[j]! : this.logWrong[j]!;
  }

  describe(logPi: Float64Array): ReviewerEstimate[] {
    const K = this.index.classes;
    return this.index.reviewerIds.map((reviewerId, j) => {
      const confusion = Array.from({ length: K }, (_, k) =>
        Array.from({ length: K }, (_, l) => Math.exp(this.logProbability(j, k, l))),
      );
      let reliability = 0;
      for (let k = 0; k < K; k++) reliability += Math.exp(logPi[k]!) * confusion[k]![k]!;
      return {
        reviewerId,
        votes: this.index.reviewerVotes[j]!,
        model: this.offset[j]! >= 0 ? "full" : "symmetric",
        reliability,
        confusion,
      };
    });
  }
}

/** How many gold items each reviewer answered, and how many correctly. */
function goldRecord(index: VoteIndex, goldClass: Int32Array): { goldCorrect: Float64Array; goldTotal: Float64Array } {
  const goldCorrect = new Float64Array(index.reviewerIds.length);
  const goldTotal = new Float64Array(index.reviewerIds.length);
  for (let i = 0; i < index.itemIds.length; i++) {
    const truth = goldClass[i]!;
    if (truth < 0) continue;
    for (let v = index.itemStart[i]!; v < index.itemStart[i + 1]!; v++) {
      const j = index.voteReviewer[v]!;
      goldTotal[j]!++;
      if (index.voteLabel[v] === truth) goldCorrect[j]!++;
    }
  }
  return { goldCorrect, goldTotal };
}
