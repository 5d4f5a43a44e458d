import { accumulateSigmaGradient, itemShiftGradient, scoreVotes, VoteFactors } from "./item-bias-votes";
import { defaultReviewerPrior, normalisedPrior } from "./priors";
import type { ConsensusInput, ItemBiasState, ReviewerEstimate } from "./types";
import type { VoteIndex } from "./vote-index";

/**
 * Parameters of the item-bias model, in flat arrays, and their M-step.
 *
 *   P(reviewer j votes l on item i | class k) = softmax_l(sigma_j[k][l] + tau_i[l])
 *
 * sigma_j is the reviewer's confusion matrix in log space (row k: log-odds of each answer on a sample
 * of class k); tau_i is how much item i looks like each class, whatever its class: the item difficulty
 * of GLAD (Whitehill et al., 2009) and of minimax-entropy consensus (Zhou et al., 2012), here as one
 * label shift per item shared by all reviewers. Its effect: on an item that everybody but a few calls
 * "0", the item's own shift explains the many "0" votes, so they carry little evidence, and the few
 * votes against the look of the item carry the weight of those reviewers' skill. Dawid-Skene is the
 * special case tau = 0.
 *
 * Priors: each row of sigma_j is Gaussian around the log-odds of the reviewer's prior reliability
 * (diagonal) and 0 (elsewhere), with the precision of the logit of a Beta with the prior's pseudo-counts
 * (1/a + 1/b is the delta-method variance of logit(p) for p ~ Beta(a, b)), so a ReviewerPrior means
 * roughly the same here as in Dawid-Skene. tau_i is Gaussian around 0 with `ITEM_BIAS_PRECISION`.
 *
 * The M-step has no closed form; each call makes one minorise-maximise step per block (all sigma, then
 * all tau), with Böhning's bound on the curvature of a log-softmax (at most 1/2 per unit of weight), so
 * every step increases the expected complete-data log-likelihood plus log-prior and EM stays monotone;
 * then `center` moves the parameters along the directions the likelihood cannot see to where the priors
 * are highest.
 */
export class ItemBiasModel {
  /** sigma[(j * K + k) * K + l]. */
  readonly sigma: Float64Array;
  /** tau[i * K + l]. */
  readonly tau: Float64Array;
  private readonly sigmaMean: Float64Array;
  private readonly sigmaPrecision: Float64Array;
  // Scratch space of `step`, kept between calls: EM calls it a few hundred times.
  private readonly gradient: Float64Array;
  private readonly weight: Float64Array;
  private readonly itemGradient: Float64Array;
  private readonly factors: VoteFactors;

  /**
   * Starting point, per reviewer: their sigma in `warm` (an earlier fit), else Dawid-Skene's estimate in
   * `start`, else (neither given) the prior mode; per item: its tau in `warm`, else 0 (with tau = 0 and
   * the Dawid-Skene reviewers the model starts as Dawid-Skene). `warm` must have this model's K.
   */
  constructor(
    private readonly index: VoteIndex,
    input: ConsensusInput,
    start: readonly ReviewerEstimate[] | null,
    warm: ItemBiasState | null = null,
  ) {
    const K = index.classes;
    const R = index.reviewerIds.length;
    const fallback = normalisedPrior(input.options?.defaultReviewerPrior ?? defaultReviewerPrior(K), "the default reviewer");
    this.sigma = new Float64Array(R * K * K);
    this.sigmaMean = new Float64Array(R * K * K);
    this.sigmaPrecision = new Float64Array(R);
    this.tau = new Float64Array(index.itemIds.length * K);
    this.gradient = new Float64Array(R * K * K);
    this.weight = new Float64Array(R * K);
    this.itemGradient = new Float64Array(index.itemIds.length * K);
    this.factors = new VoteFactors(R, index.itemIds.length, K);
    const warmReviewer = positions(warm?.reviewerIds);
    for (let j = 0; j < R; j++) {
      const id = index.reviewerIds[j]!;
      const given = input.reviewerPriors?.get(id);
      const { reliability, strength } = given ? normalisedPrior(given, id) : fallback;
      const a = strength * reliability;
      const b = (strength * (1 - reliability)) / (K - 1);
      this.sigmaPrecision[j] = 1 / (1 / a + 1 / b);
      for (let k = 0; k < K; k++) this.sigmaMean[(j * K + k) * K + k] = Math.log(a / b);
      const estimate = start?.[j];
      if (start && estimate?.reviewerId !== id) throw new Error(`Starting estimates do not match reviewer ${id}.`);
      const stored = warmReviewer.get(id);
      if (stored !== undefined) {
        for (let at = 0; at < K * K; at++) this.sigma[j * K * K + at] = warm!.reviewerLogOdds[stored * K * K + at]!;
      } else if (estimate) {
        for (let k = 0; k < K; k++) for (let l = 0; l < K; l++) this.sigma[(j * K + k) * K + l] = Math.log(Math.max(estimate.confusion[k]![l]!, 1e-12));
      } else {
        this.sigma.set(this.sigmaMean.subarray(j * K * K, (j + 1) * K * K), j * K * K);
      }
    }
    const warmItem = positions(warm?.itemIds);
    index.itemIds.forEach((id, i) => {
      const stored = warmItem.get(id);
      if (stored !== undefined) for (let l = 0; l < K; l++) this.tau[i * K + l] = warm!.itemShifts[stored * K + l]!;
    });
  }

  /** log P(vote l | class k) of reviewer j on item i. */
  logProbability(i: number, j: number, k: number, l: number): number {
    const K = this.index.classes;
    const row = (j * K + k) * K;
    let max = -Infinity;
    for (let m = 0; m < K; m++) max = Math.max(max, this.sigma[row + m]! + this.tau[i * K + m]!);
    let sum = 0;
    for (let m = 0; m < K; m++) sum += Math.exp(this.sigma[row + m]! + this.tau[i * K + m]! - max);
    return this.sigma[row + l]! + this.tau[i * K + l]! - max - Math.log(sum);
  }

  /** The E-step's part over the votes: class scores of every item from its votes and `logPi` into `scores` (N x K). */
  scoreVotes(logPi: Float64Array, scores: Float64Array): void {
    this.factors.setRows(this.sigma);
    this.factors.setItems(this.tau);
    scoreVotes(this.index, this.factors, this.sigma, this.tau, logPi, scores);
  }

  /** One minorise-maximise step of sigma, then of tau, from the posteriors (row-major N x K). */
  step(posterior: Float64Array): void {
    const K = this.index.classes;
    const N = this.index.itemIds.length;
    const R = this.index.reviewerIds.length;
    const { sigma, sigmaMean, sigmaPrecision, tau, gradient, weight, itemGradient, factors, index } = this;
    gradient.fill(0);
    weight.fill(0);
    factors.setRows(sigma);
    factors.setItems(tau);
    accumulateSigmaGradient(index, factors, sigma, tau, posterior, gradient, weight);
    for (let j = 0; j < R; j++) {
      const lambda = sigmaPrecision[j]!;
      for (let k = 0; k < K; k++) {
        const curvature = weight[j * K + k]! / 2 + lambda;
        for (let m = 0; m < K; m++) {
          const at = (j * K + k) * K + m;
          sigma[at]! += (gradient[at]! - lambda * (sigma[at]! - sigmaMean[at]!)) / curvature;
        }
      }
    }
    // The item factors are still those of tau; the rows have moved.
    factors.setRows(sigma);
    itemShiftGradient(index, factors, sigma, tau, posterior, itemGradient);
    for (let i = 0; i < N; i++) {
      const curvature = (index.itemStart[i + 1]! - index.itemStart[i]!) / 2 + ITEM_BIAS_PRECISION;
      for (let m = 0; m < K; m++) tau[i * K + m]! += (itemGradient[i * K + m]! - ITEM_BIAS_PRECISION * tau[i * K + m]!) / curvature;
    }
    this.center();
  }

  /**
   * Maximises the objective exactly along the directions in which the likelihood is flat. Votes depend
   * on sigma_j[k][l] + tau_i[l] through a softmax over l only, so three kinds of shift leave every vote's
   * probability unchanged: a constant added to a row of sigma, a constant added to an item's tau, and a
   * label shift c_l (sum 0) moved from every sigma_j[.][l] into every tau_i[l]. Only the priors see them,
   * and the minorise-maximise step, scaled by the curvature of the votes, crawls along them: a reviewer
   * with 500 votes moves a row shift by a few thousandths of the way per step. Here the priors are
   * maximised along each shift in closed form (row and item shifts to their prior means, then the label
   * shift); the three are orthogonal under the priors, so one pass reaches the optimum over all of them.
   * The likelihood does not change (up to rounding) and the log-prior cannot decrease: EM stays monotone.
   * EM needs fewer iterations (synthetic campaigns of 5k-20k reviews: a fifth to a third fewer cold,
   * 40% fewer warm; finishing a capped 100k-review fit: 77 instead of 205) and, where it used to stop
   * on a slope, reaches a higher objective.
   */
  private center(): void {
    const K = this.index.classes;
    const N = this.index.itemIds.length;
    const R = this.index.reviewerIds.length;
    const { sigma, sigmaMean, sigmaPrecision, tau } = this;
    for (let row = 0; row < R * K; row++) {
      let shift = 0;
      for (let m = 0; m < K; m++) shift += (sigma[row * K + m]! - sigmaMean[row * K + m]!) / K;
      for (let m = 0; m < K; m++) sigma[row * K + m]! -= shift;
    }
    for (let i = 0; i < N; i++) {
      let shift = 0;
      for (let m = 0; m < K; m++) shift += tau[i * K + m]! / K;
      for (let m = 0; m < K; m++) tau[i * K + m]! -= shift;
    }
    // d/dc_l of the log-prior after moving c_l into tau and out of sigma, at c = 0; the curvature is the same for every l.
    const gradient = new Float64Array(K);
    let curvature = N * ITEM_BIAS_PRECISION;
    for (let j = 0; j < R; j++) {
      curvature += K * sigmaPrecision[j]!;
      for (let k = 0; k < K; k++) for (let m = 0; m < K; m++) gradient[m]! += sigmaPrecision[j]! * (sigma[(j * K + k) * K + m]! - sigmaMean[(j * K + k) * K + m]!);
    }
    for (let i = 0; i < N; i++) for (let m = 0; m < K; m++) gradient[m]! -= ITEM_BIAS_PRECISION * tau[i * K + m]!;
    let meanGradient = 0;
    for (let m = 0; m < K; m++) meanGradient += gradient[m]! / K;
    const shift = gradient.map((g) => (g - meanGradient) / curvature);
    for (let i = 0; i < N; i++) for (let m = 0; m < K; m++) tau[i * K + m]! += shift[m]!;
    for (let j = 0; j < R; j++) for (let k = 0; k < K; k++) for (let m = 0; m < K; m++) sigma[(j * K + k) * K + m]! -= shift[m]!;
  }

  /** Log density of the Gaussian priors at the current parameters, up to a constant. */
  logPrior(): number {
    const K = this.index.classes;
    const { sigma, sigmaMean, sigmaPrecision, tau } = this;
    let logPrior = 0;
    for (let j = 0; j < sigmaPrecision.length; j++) {
      const lambda = sigmaPrecision[j]!;
      for (let at = j * K * K; at < (j + 1) * K * K; at++) logPrior -= (lambda / 2) * (sigma[at]! - sigmaMean[at]!) ** 2;
    }
    for (let at = 0; at < tau.length; at++) logPrior -= (ITEM_BIAS_PRECISION / 2) * tau[at]! ** 2;
    return logPrior;
  }

  /** Reviewers' confusion matrices on an item without a look of its own (tau = 0). */
  describe(): ReviewerEstimate[] {
    const K = this.index.classes;
    return this.index.reviewerIds.map((reviewerId, j) => {
      const confusion = Array.from({ length: K }, (_, k) => {
        const row = Array.from({ length: K }, (_, l) => this.sigma[(j * K + k) * K + l]!);
        const max = Math.max(...row);
        const total = row.reduce((sum, x) => sum + Math.exp(x - max), 0);
        return row.map((x) => Math.exp(x - max) / total);
      });
      let reliability = 0;
      for (let k = 0; k < K; k++) reliability += confusion[k]![k]! / K;
      return { reviewerId, votes: this.index.reviewerVotes[j]!, model: "full" as const, reliability, confusion };
    });
  }
}

function positions(ids: readonly string[] | undefined): Map<string, number> {
  return new Map((ids ?? []).map((id, at) => [id, at]));
}

/**
 * Precision of an item's label shift: a standard normal prior, so an item's look moves the log-odds of
 * an answer by about one nat unless its votes say otherwise. On Bluebirds the accuracy is the same for
 * precisions from 0.1 to 3, so this is a scale, not a tuned value.
 */
export const ITEM_BIAS_PRECISION = 1;
