import { fitDawidSkene } from "./dawid-skene";
import { describeItems, estimateClassPriors, goldAgreements, goldClasses } from "./em-steps";
import { DEFAULT_GOLD_PRIOR, estimateGoldChannel, goldChannelAt, type GoldChannel } from "./gold";
import { ItemBiasModel } from "./item-bias-model";
import { DEFAULT_CLASS_PRIOR_PSEUDO_COUNT, normalisedPrior } from "./priors";
import { ITEM_BIAS_STATE_VERSION, type ConsensusInput, type ReviewerPrior, type ConsensusResult, type IterationTrace, type ItemBiasState } from "./types";
import { buildVoteIndex, type VoteIndex } from "./vote-index";

/**
 * Consensus under the item-bias model (see `ItemBiasModel`): Dawid-Skene plus a label shift per item,
 * by MAP-EM started from the Dawid-Skene result `start` of the same input (its confusion matrices,
 * class priors and gold reliability; every item shift 0). Each EM iteration is an E-step, then one
 * monotone step of every parameter, accelerated by SQUAREM with a monotone safeguard, so the `objective`
 * in the trace never decreases. Deterministic: every sum runs in `VoteIndex` order.
 *
 * Warm start: with `options.warmStart` (the `itemBiasState` of an earlier fit, usable as `usableWarmStart`
 * says), EM starts from it instead: its class priors and gold reliability, the stored sigma of known
 * reviewers and tau of known items; a new item starts at tau = 0, a new reviewer from `start`, or from
 * the prior mode of their sigma when `start` is not given (so a caller with a warm state can skip the
 * Dawid-Skene fit, which is then run here only if the state is not usable). Ids of the state absent
 * from the input are ignored. Any start keeps EM monotone; only the number of iterations depends on it.
 */
export function fitItemBias(input: ConsensusInput, start?: ConsensusResult): ConsensusResult {
  const { classes: K, options = {} } = input;
  // Counts E-steps (SQUAREM's extrapolations included). Even accelerated, EM needs a few hundred where the
  // item shifts are weakly determined (100k reviews over 20k samples: 464 before `ItemBiasModel.center`,
  // about 280 with it); 200 bounds the cost there, at about 10 ms per iteration (see item-bias-votes.ts).
  // Bluebirds converges well within it. A warm start resumes where a capped fit stopped.
  const maxIterations = options.maxIterations ?? 200;
  const posteriorTolerance = options.posteriorTolerance ?? 1e-6;
  const logLikelihoodTolerance = options.logLikelihoodTolerance ?? 1e-12;
  const classPseudoCount = options.classPriorPseudoCount ?? DEFAULT_CLASS_PRIOR_PSEUDO_COUNT;
  const goldPrior = normalisedPrior(options.goldPrior ?? DEFAULT_GOLD_PRIOR, "gold answers");
  const gold = input.gold ?? new Map<string, number>();
  const index = buildVoteIndex(K, input.votes, [...(input.itemIds ?? []), ...gold.keys()]);
  const goldClass = goldClasses(index, gold);
  const N = index.itemIds.length;
  let goldItems = 0;
  for (let i = 0; i < N; i++) if (goldClass[i]! >= 0) goldItems++;
  const warm = options.warmStart && usableWarmStart(options.warmStart, K, goldItems > 0) ? options.warmStart : null;
  if (!warm) start ??= fitDawidSkene(input);
  const model = new ItemBiasModel(index, input, start?.reviewers ?? null, warm);
  const goldReliability = warm ? warm.goldReliability : start!.goldReliability;

  // Four states, one per role in a SQUAREM cycle (start, two EM steps, the jump), reused from cycle to
  // cycle: EM runs hundreds of iterations and allocates nothing per iteration.
  const scores = new Float64Array(N * K);
  const pool = Array.from({ length: 4 }, (): State => ({
    logPi: new Float64Array(K),
    goldChannel: null,
    sigma: new Float64Array(model.sigma.length),
    tau: new Float64Array(model.tau.length),
    posterior: new Float64Array(N * K),
    objective: -Infinity,
    logPrior: 0,
    maxPosteriorChange: 0,
  }));
  let state = pool[0]!;
  state.logPi.set(warm ? warm.logClassPriors : start!.classPriors.map(Math.log));
  state.goldChannel = goldReliability === null ? null : goldChannelAt(goldReliability, K, goldPrior);
  state.sigma.set(model.sigma);
  state.tau.set(model.tau);
  state.posterior.fill(-1);
  const trace: IterationTrace[] = [];
  let converged = false;
  /** E-step at `next` (posteriors measured against `previous`); true once EM has converged. */
  const evaluate = (next: State, previous: Float64Array): boolean => {
    load(model, next);
    next.posterior.set(previous);
    const { logLikelihood, maxPosteriorChange } = expectation(index, model, next.logPi, goldClass, next.goldChannel, next.posterior, scores);
    next.logPrior = classPriorLogDensity(next.logPi, classPseudoCount) + (next.goldChannel?.logPrior ?? 0) + model.logPrior();
    const objectiveChange = Math.abs(logLikelihood + next.logPrior - trace.at(-1)!.objective);
    next.objective = logLikelihood + next.logPrior;
    next.maxPosteriorChange = maxPosteriorChange;
    return maxPosteriorChange <= posteriorTolerance || objectiveChange <= logLikelihoodTolerance * Math.max(1, Math.abs(next.objective));
  };
  /** The EM map's M-step: from `from` and its posteriors into `to` (whose E-step is still to run). */
  const emStep = (from: State, to: State): void => {
    load(model, from);
    estimateClassPriors(from.posterior, N, K, classPseudoCount, to.logPi);
    to.goldChannel = goldItems > 0 ? estimateGoldChannel(goldAgreements(from.posterior, goldClass, K), goldItems, K, goldPrior) : from.goldChannel;
    model.step(from.posterior);
    to.sigma.set(model.sigma);
    to.tau.set(model.tau);
    to.objective = -Infinity;
  };
  const record = (accepted: State): void => {
    trace.push({ iteration: trace.length + 1, logLikelihood: accepted.objective - accepted.logPrior, objective: accepted.objective, maxPosteriorChange: accepted.maxPosteriorChange });
  };

  {
    load(model, state);
    const { logLikelihood, maxPosteriorChange } = expectation(index, model, state.logPi, goldClass, state.goldChannel, state.posterior, scores);
    state.objective = logLikelihood + currentLogPrior(model, state, classPseudoCount);
    trace.push({ iteration: 1, logLikelihood, objective: state.objective, maxPosteriorChange });
  }
  // SQUAREM (Varadhan and Roland, 2008): two EM steps, then a step along their extrapolation, kept only
  // if it does not lower the objective (else the second EM step stands), so EM stays monotone. Plain EM
  // crawls here: item shifts and reviewers' answer biases are crossed effects, each EM step undoes only a
  // fraction of their joint error (on 100k reviews it had not converged after 1000 iterations).
  while (!converged && trace.length < maxIterations) {
    const [first, second, jump] = pool.filter((s) => s !== state) as [State, State, State];
    emStep(state, first);
    converged = evaluate(first, state.posterior);
    record(first);
    if (converged || trace.length >= maxIterations) {
      state = first;
      break;
    }
    emStep(first, second);
    converged = evaluate(second, first.posterior);
    record(second);
    if (converged || trace.length >= maxIterations) {
      state = second;
      break;
    }
    if (extrapolate(state, first, second, K, goldPrior, jump)) {
      const jumpConverged = evaluate(jump, second.posterior);
      if (jump.objective >= second.objective) {
        converged = jumpConverged;
        record(jump);
        state = jump;
        continue;
      }
    }
    state = second;
  }
  load(model, state);
  const { logPi, goldChannel, posterior } = state;

  return {
    classes: K,
    model: "item-bias",
    classPriors: Array.from(logPi, Math.exp),
    goldReliability: goldChannel?.reliability ?? null,
    items: describeItems(
      index,
      { itemScores: (i, out) => itemScores(index, model, logPi, i, out), voteLogProbability: (i, j, k, label) => model.logProbability(i, j, k, label) },
      posterior,
      goldClass,
      options.explainVotes ?? true,
    ),
    reviewers: model.describe(),
    trace,
    iterations: trace.length,
    converged,
    itemBiasState: {
      version: ITEM_BIAS_STATE_VERSION,
      classes: K,
      logClassPriors: Array.from(logPi),
      goldReliability: goldChannel?.reliability ?? null,
      reviewerIds: [...index.reviewerIds],
      reviewerLogOdds: Array.from(model.sigma),
      itemIds: [...index.itemIds],
      itemShifts: Array.from(model.tau),
    },
  };
}

/**
 * Whether EM can start from `state` for an input with K classes, with or without gold: its version and
 * K must match, and gold on both sides or neither (a fit with gold anchors the meaning of each class,
 * without gold EM may settle elsewhere, so the two are different starting points; this also keeps the
 * gold-free fits of model choice from starting at the fit with gold). Throws on a state that does not
 * describe a fit at all (arrays of the wrong length, numbers that are not finite): a bug upstream.
 */
export function usableWarmStart(state: ItemBiasState, K: number, withGold: boolean): boolean {
  if (state.version !== ITEM_BIAS_STATE_VERSION || state.classes !== K) return false;
  const R = state.reviewerIds.length;
  const N = state.itemIds.length;
  const finite = (xs: readonly number[]) => xs.every((x) => Number.isFinite(x));
  if (
    state.logClassPriors.length !== K || state.reviewerLogOdds.length !== R * K * K || state.itemShifts.length !== N * K ||
    !finite(state.logClassPriors) || !finite(state.reviewerLogOdds) || !finite(state.itemShifts) ||
    !(state.goldReliability === null || (state.goldReliability > 0 && state.goldReliability < 1))
  ) {
    throw new RangeError(`Warm start: not an item-bias state of ${K} classes (${R} reviewers, ${N} items).`);
  }
  return (state.goldReliability !== null) === withGold;
}

interface State {
  logPi: Float64Array;
  goldChannel: GoldChannel | null;
  sigma: Float64Array;
  tau: Float64Array;
  posterior: Float64Array;
  objective: number;
  /** The log-prior part of `objective`. */
  logPrior: number;
  /** Largest change of a posterior in the E-step that gave `posterior`. */
  maxPosteriorChange: number;
}

function load(model: ItemBiasModel, state: State): void {
  model.sigma.set(state.sigma);
  model.tau.set(state.tau);
}

function currentLogPrior(model: ItemBiasModel, state: State, classPseudoCount: number): number {
  load(model, state);
  return classPriorLogDensity(state.logPi, classPseudoCount) + (state.goldChannel?.logPrior ?? 0) + model.logPrior();
}

/**
 * SQUAREM's step from three successive EM iterates: with r = x1 - x0 and v = x2 - 2 x1 + x0, and
 * alpha = -|r| / |v| (at most -1), x0 - 2 alpha r + alpha^2 v. Applied to sigma, tau, the log class
 * priors (renormalised) and the logit of the gold reliability, into `out`; false (and `out` is junk)
 * when EM did not move or the step leaves the parameter space.
 */
function extrapolate(x0: State, x1: State, x2: State, K: number, goldPrior: ReviewerPrior, out: State): boolean {
  const logit = (p: number) => Math.log(p / (1 - p));
  const parts: [Float64Array, Float64Array, Float64Array][] = [
    [x0.sigma, x1.sigma, x2.sigma],
    [x0.tau, x1.tau, x2.tau],
    [x0.logPi, x1.logPi, x2.logPi],
  ];
  const gold = x0.goldChannel && x1.goldChannel && x2.goldChannel;
  if (gold) parts.push([Float64Array.of(logit(x0.goldChannel!.reliability)), Float64Array.of(logit(x1.goldChannel!.reliability)), Float64Array.of(logit(x2.goldChannel!.reliability))]);
  let rr = 0;
  let vv = 0;
  for (const [a, b, c] of parts) {
    for (let at = 0; at < a.length; at++) {
      const r = b[at]! - a[at]!;
      const v = c[at]! - 2 * b[at]! + a[at]!;
      rr += r * r;
      vv += v * v;
    }
  }
  if (!(rr > 0 && vv > 0)) return false;
  const alpha = Math.min(-1, -Math.sqrt(rr / vv));
  const jump = ([a, b, c]: [Float64Array, Float64Array, Float64Array], into: Float64Array) => {
    for (let at = 0; at < a.length; at++) into[at] = a[at]! - 2 * alpha * (b[at]! - a[at]!) + alpha * alpha * (c[at]! - 2 * b[at]! + a[at]!);
    return into;
  };
  jump(parts[0]!, out.sigma);
  jump(parts[1]!, out.tau);
  const logPi = jump(parts[2]!, out.logPi);
  let max = -Infinity;
  for (const x of logPi) max = Math.max(max, x);
  let total = 0;
  for (const x of logPi) total += Math.exp(x - max);
  for (let k = 0; k < K; k++) logPi[k] = logPi[k]! - max - Math.log(total);
  out.goldChannel = x2.goldChannel;
  if (gold) {
    const reliability = 1 / (1 + Math.exp(-jump(parts[3]!, new Float64Array(1))[0]!));
    if (!(reliability > 0 && reliability < 1)) return false;
    out.goldChannel = goldChannelAt(reliability, K, goldPrior);
  }
  for (const x of out.sigma) if (!Number.isFinite(x)) return false;
  for (const x of out.tau) if (!Number.isFinite(x)) return false;
  out.objective = -Infinity;
  return true;
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

/**
 * E-step in place; the first call fills `posterior` (its previous content is not a posterior yet).
 * `scores` is scratch space (N x K).
 */
function expectation(
  index: VoteIndex,
  model: ItemBiasModel,
  logPi: Float64Array,
  goldClass: Int32Array,
  goldChannel: GoldChannel | null,
  posterior: Float64Array,
  scores: Float64Array,
): { logLikelihood: number; maxPosteriorChange: number } {
  const K = index.classes;
  model.scoreVotes(logPi, scores);
  if (K === 2) return binaryExpectation(goldClass, goldChannel, posterior, scores);
  const row = new Float64Array(K);
  let logLikelihood = 0;
  let maxPosteriorChange = 0;
  for (let i = 0; i < index.itemIds.length; i++) {
    for (let k = 0; k < K; k++) row[k] = scores[i * K + k]!;
    const truth = goldClass[i]!;
    if (truth >= 0 && goldChannel) for (let k = 0; k < K; k++) row[k]! += k === truth ? goldChannel.logAgree : goldChannel.logDisagree;
    let max = -Infinity;
    for (let k = 0; k < K; k++) if (row[k]! > max) max = row[k]!;
    let sum = 0;
    // exp(0) = 1: the largest score's term needs no exp.
    for (let k = 0; k < K; k++) sum += row[k] = row[k] === max ? 1 : Math.exp(row[k]! - max);
    logLikelihood += max + Math.log(sum);
    for (let k = 0; k < K; k++) {
      const p = row[k]! / sum;
      const previous = posterior[i * K + k]!;
      maxPosteriorChange = Math.max(maxPosteriorChange, previous < 0 ? 1 : Math.abs(p - previous));
      posterior[i * K + k] = p;
    }
  }
  return { logLikelihood, maxPosteriorChange };
}

/**
 * `expectation` after the scores, for K = 2 with the loops written out and the same floating-point
 * operations (exp(-|d|) is the smaller term's exp(score - max), the larger one's is exp(0) = 1).
 */
function binaryExpectation(
  goldClass: Int32Array,
  goldChannel: GoldChannel | null,
  posterior: Float64Array,
  scores: Float64Array,
): { logLikelihood: number; maxPosteriorChange: number } {
  let logLikelihood = 0;
  let maxPosteriorChange = 0;
  for (let i = 0; i < goldClass.length; i++) {
    let s0 = scores[2 * i]!;
    let s1 = scores[2 * i + 1]!;
    const truth = goldClass[i]!;
    if (truth >= 0 && goldChannel) {
      s0 += truth === 0 ? goldChannel.logAgree : goldChannel.logDisagree;
      s1 += truth === 1 ? goldChannel.logAgree : goldChannel.logDisagree;
    }
    const d = s0 - s1;
    const e = Math.exp(-Math.abs(d));
    const sum = 1 + e;
    logLikelihood += (d >= 0 ? s0 : s1) + Math.log(sum);
    const p0 = (d >= 0 ? 1 : e) / sum;
    const p1 = (d >= 0 ? e : 1) / sum;
    const q0 = posterior[2 * i]!;
    const q1 = posterior[2 * i + 1]!;
    maxPosteriorChange = Math.max(maxPosteriorChange, q0 < 0 ? 1 : Math.abs(p0 - q0));
    maxPosteriorChange = Math.max(maxPosteriorChange, q1 < 0 ? 1 : Math.abs(p1 - q1));
    posterior[2 * i] = p0;
    posterior[2 * i + 1] = p1;
  }
  return { logLikelihood, maxPosteriorChange };
}
