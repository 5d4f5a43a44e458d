/**
 * Accuracy, review economy and speed of the consensus engine.
 *
 *   npm run bench:consensus -- [--data DIR]... [--gold-fraction F] [--seed N] [--seeds COUNT]
 *
 * 1. Public crowd-labeling data with ground truth (answer.csv: question,worker,answer; truth.csv:
 *    question,truth), binary or multi-class, answers of any kind. Without --data: every directory under
 *    ../shared/benchmarks/crowd/ (relative to the repo root) that has both files. Per dataset: plain
 *    majority vote, the engine without gold, and the engine with a share F of the questions with a known
 *    answer given as gold (drawn by a seeded PRNG), scored only on the other questions, next to the engine
 *    without gold on those same questions (mean and spread over seeds, the paired gain per seed, and which
 *    non-gold answers gold changed, for the better or the worse), and, as a diagnostic, the engine with
 *    80% of the known answers as gold (five folds). Only questions that have a truth and at least one answer are scored.
 *    The engine is Dawid-Skene (`fitDawidSkene`); `engine_with_gold_accuracy` is Dawid-Skene fitted with the gold,
 *    which is what the product fits.
 *    A worker who answered a question twice keeps the last answer (see loadCrowdDataset).
 * 2. A synthetic crowd with spammers and colluders: adaptive redundancy (the product's calibrated decision path,
 *    `fitConsensus` + `decideOutcome`) against a fixed number of reviews at the same accuracy (see
 *    consensus-synthetic.ts), reviewer reliabilities by kind; a multi-class crowd and sparse binary and 4-class
 *    crowds scored with and without gold.
 * 3. EM over 100,000 reviews (20,000 samples, 2,000 reviewers), timed; again with 5% gold.
 *
 * Human-readable lines first; the last line is one JSON object. Its top-level `items`, `answers`,
 * `majority_vote_accuracy`, `engine_accuracy`, `engine_with_gold_accuracy`... are those of the first
 * dataset; with several datasets each one's figures are repeated under keys prefixed by its name.
 */
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { fitDawidSkene, majorityVote, seededShuffle, type ConsensusResult, type Vote } from "../../lib/domain/consensus";
import { syntheticCampaign } from "../unit/consensus/synthetic-campaign";
import { crowdVotes, syntheticCrowd } from "../unit/consensus/synthetic-crowd";
import { compareRedundancy, DEFAULT_REDUNDANCY, type RedundancyReport } from "./consensus-synthetic";
import { loadCrowdDataset, type CrowdDataset } from "./crowd-data";

type Figure = number | string | null | readonly (number | null)[];
type Figures = Record<string, Figure>;

export interface BenchOptions {
  readonly dataDirs: readonly string[];
  readonly goldFraction: number;
  /** Gold draws use seeds firstSeed .. firstSeed + seeds - 1; the synthetic crowds start at firstSeed too. */
  readonly firstSeed: number;
  readonly seeds: number;
}

export const USAGE = `Usage: npm run bench:consensus -- [--data DIR]... [--gold-fraction F] [--seed N] [--seeds COUNT]

  --data DIR          dataset directory with answer.csv (question,worker,answer) and truth.csv
                      (question,truth); may be repeated. Default: every dataset under
                      ../shared/benchmarks/crowd relative to the repository root.
  --gold-fraction F   share of the questions with a known answer used as gold, 0 <= F < 1 (default 0.05)
  --seed N            seed of the gold draw and of the synthetic crowds (whole number, default 1)
  --seeds COUNT       average the gold figures over seeds N .. N+COUNT-1
                      (default 10 without --seed, 1 with --seed)
  --help              this text

The last line of output is one JSON object with all figures.`;

export class UsageError extends Error {}

/** Parses the command line; throws UsageError for anything it does not understand. */
export function parseBenchArgs(argv: readonly string[]): BenchOptions | "help" {
  const dataDirs: string[] = [];
  let goldFraction = 0.05;
  let firstSeed: number | undefined;
  let seeds: number | undefined;
  for (let a = 0; a < argv.length; a++) {
    const arg = argv[a]!;
    if (arg === "--help" || arg === "-h") return "help";
    if (!arg.startsWith("--")) throw new UsageError(`Unexpected argument "${arg}" (datasets are given with --data DIR).`);
    const equals = arg.indexOf("=");
    const flag = equals >= 0 ? arg.slice(0, equals) : arg;
    if (!["--data", "--gold-fraction", "--seed", "--seeds"].includes(flag)) throw new UsageError(`Unknown option ${flag}.`);
    let value: string;
    if (equals >= 0) value = arg.slice(equals + 1);
    else {
      const next = argv[++a];
      if (next === undefined || next.startsWith("--")) throw new UsageError(`${flag} needs a value.`);
      value = next;
    }
    const wholeNumber = (min: number): number => {
      const n = Number(value);
      if (value.trim() === "" || !Number.isSafeInteger(n) || n < min) throw new UsageError(`${flag} must be a whole number >= ${min} (got "${value}").`);
      return n;
    };
    if (flag === "--data") {
      if (value === "") throw new UsageError("--data needs a directory.");
      dataDirs.push(value);
    } else if (flag === "--gold-fraction") {
      goldFraction = Number(value);
      if (value.trim() === "" || !(goldFraction >= 0 && goldFraction < 1)) {
        throw new UsageError(`--gold-fraction must be a number in [0, 1) (got "${value}").`);
      }
    } else if (flag === "--seed") firstSeed = wholeNumber(0);
    else seeds = wholeNumber(1);
  }
  return { dataDirs, goldFraction, firstSeed: firstSeed ?? 1, seeds: seeds ?? (firstSeed === undefined ? 10 : 1) };
}

const repoRoot = path.resolve(import.meta.dirname, "../..");

function defaultDatasetDirs(): string[] {
  const base = path.resolve(repoRoot, "../shared/benchmarks/crowd");
  if (!existsSync(base)) throw new Error(`No --data given and ${base} does not exist.`);
  const dirs = readdirSync(base)
    .sort()
    .map((name) => path.join(base, name))
    .filter((dir) => existsSync(path.join(dir, "answer.csv")) && existsSync(path.join(dir, "truth.csv")));
  if (dirs.length === 0) throw new Error(`No dataset (a directory with answer.csv and truth.csv) under ${base}.`);
  return dirs;
}

const round = (x: number | null, digits = 4): number | null => (x === null || !Number.isFinite(x) ? null : Number(x.toFixed(digits)));
const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const spread = (xs: readonly number[]) => Math.sqrt(mean(xs.map((x) => (x - mean(xs)) ** 2)));
const fixed = (x: number | null, digits = 3) => (x === null ? "n/a" : x.toFixed(digits));

/** Share of `questions` whose predicted class is the known one. */
function accuracy(labels: ReadonlyMap<string, number>, truth: ReadonlyMap<string, number>, questions: readonly string[]): number | null {
  if (questions.length === 0) return null;
  let correct = 0;
  for (const id of questions) if (labels.get(id) === truth.get(id)) correct++;
  return correct / questions.length;
}

const labelsOf = (result: ConsensusResult) => new Map(result.items.map((item) => [item.itemId, item.map]));

/**
 * A diagnostic of what gold can teach the engine on this dataset at most: five folds, each time the
 * known answers of the other four fifths of the scored questions are given as gold and the fifth is
 * scored. When this is not above the engine without gold, 5% gold cannot be expected to raise accuracy.
 */
function engineWithMostGold(K: number, votes: readonly Vote[], truth: ReadonlyMap<string, number>, scored: readonly string[], seed: number): number | null {
  const folds = 5;
  if (scored.length < folds) return null;
  const order = seededShuffle(scored, seed);
  let correct = 0;
  for (let f = 0; f < folds; f++) {
    const gold = new Map(order.filter((_, i) => i % folds !== f).map((id) => [id, truth.get(id)!]));
    const labels = labelsOf(fitDawidSkene({ classes: K, votes, gold, options: { explainVotes: false } }));
    for (let i = f; i < order.length; i += folds) if (labels.get(order[i]!) === truth.get(order[i]!)) correct++;
  }
  return correct / scored.length;
}

function benchDataset(data: CrowdDataset, options: BenchOptions): Figures {
  const started = performance.now();
  // A dataset where everybody gave the same answer still needs two classes for the engine.
  const K = Math.max(2, data.classes.length);
  const answered = new Set(data.votes.map((v) => v.itemId));
  // Questions with a known answer and at least one answer: the ones every method can be scored on.
  const scored = [...data.truth.keys()].filter((id) => answered.has(id)).sort();

  const majority = majorityVote(K, data.votes);
  const majorityAccuracy = accuracy(majority.labels, data.truth, scored);

  const plainStarted = performance.now();
  const plain = fitDawidSkene({ classes: K, votes: data.votes, options: { explainVotes: false } });
  const plainMs = performance.now() - plainStarted;
  const plainLabels = labelsOf(plain);
  const plainAccuracy = accuracy(plainLabels, data.truth, scored);

  const goldCount = options.goldFraction > 0 ? Math.max(1, Math.round(options.goldFraction * scored.length)) : 0;
  // The product's engine with gold: Dawid-Skene fitted with the gold.
  const goldAccuracies: number[] = [];
  // The engine without gold on the same held-out questions: the fair baseline for the gold figure.
  const sameItemAccuracies: number[] = [];
  const goldReliabilities: number[] = [];
  // Held-out questions whose answer gold changed, over all seeds: to the right one, to a wrong one.
  const changed = { better: 0, worse: 0, other: 0 };
  const changedIds = new Map<string, number>();
  if (goldCount > 0 && goldCount < scored.length) {
    for (let seed = options.firstSeed; seed < options.firstSeed + options.seeds; seed++) {
      const goldIds = seededShuffle(scored, seed).slice(0, goldCount);
      const gold = new Map(goldIds.map((id) => [id, data.truth.get(id)!]));
      const heldOut = scored.filter((id) => !gold.has(id));
      const result = fitDawidSkene({ classes: K, votes: data.votes, gold, options: { explainVotes: false } });
      const labels = labelsOf(result);
      goldAccuracies.push(accuracy(labels, data.truth, heldOut)!);
      sameItemAccuracies.push(accuracy(plainLabels, data.truth, heldOut)!);
      goldReliabilities.push(result.goldReliability!);
      for (const id of heldOut) {
        if (labels.get(id) === plainLabels.get(id)) continue;
        changedIds.set(id, (changedIds.get(id) ?? 0) + 1);
        if (labels.get(id) === data.truth.get(id)) changed.better++;
        else if (plainLabels.get(id) === data.truth.get(id)) changed.worse++;
        else changed.other++;
      }
    }
  }
  const mostGold = engineWithMostGold(K, data.votes, data.truth, scored, options.firstSeed);
  const goldAccuracy = goldAccuracies.length > 0 ? mean(goldAccuracies) : null;
  const sameItemAccuracy = sameItemAccuracies.length > 0 ? mean(sameItemAccuracies) : null;
  const goldSpread = goldAccuracies.length > 0 ? spread(goldAccuracies) : null;
  // Paired per seed: gold and no gold scored on the same questions.
  const gains = goldAccuracies.map((a, s) => a - sameItemAccuracies[s]!);
  const goldGain = gains.length > 0 ? mean(gains) : null;
  const goldGainSpread = gains.length > 0 ? spread(gains) : null;
  const mostChanged = [...changedIds].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 5);
  const fullReviewers = plain.reviewers.filter((r) => r.model === "full").length;
  const seedText = options.seeds === 1 ? `seed ${options.firstSeed}` : `mean ± sd over seeds ${options.firstSeed}..${options.firstSeed + options.seeds - 1}`;

  console.log(
    `${data.name}: ${data.items} questions (${scored.length} with truth and answers), ${data.workers} workers ` +
      `(${fullReviewers} with a full confusion matrix), ${data.votes.length} answers` +
      (data.replacedAnswers > 0 ? ` (${data.replacedAnswers} repeated answers replaced by the worker's last one)` : "") +
      (data.skippedRows > 0 ? ` (${data.skippedRows} incomplete rows skipped)` : "") +
      `, ${K} classes`,
  );
  console.log(`  majority vote            ${fixed(majorityAccuracy)} (${majority.ties} ties, broken toward the answer given most often, then the first class)`);
  console.log(`  engine, no gold          ${fixed(plainAccuracy)} (${plain.iterations} EM iterations${plain.converged ? "" : ", NOT converged"}, ${plainMs.toFixed(0)} ms)`);
  if (goldAccuracy !== null) {
    console.log(
      `  engine, ${goldCount} gold (${(options.goldFraction * 100).toFixed(1)}%) ${fixed(goldAccuracy)}` +
        (options.seeds > 1 ? ` ± ${fixed(goldSpread)}` : "") +
        ` on the non-gold questions, ${seedText}; without gold on the same questions ${fixed(sameItemAccuracy)}`,
    );
    console.log(
      `    paired gain ${fixed(goldGain, 4)}` + (options.seeds > 1 ? ` ± ${fixed(goldGainSpread, 4)}` : "") +
        ` (better in ${gains.filter((g) => g > 0).length} seeds, worse in ${gains.filter((g) => g < 0).length}); ` +
        `gold changed ${changed.better + changed.worse + changed.other} answers of non-gold questions: ${changed.better} to the truth, ` +
        `${changed.worse} away from it, ${changed.other} between wrong ones` +
        (mostChanged.length > 0 ? ` (most often ${mostChanged.map(([id, n]) => `${id} x${n}`).join(", ")})` : "") +
        `; estimated gold reliability ${fixed(mean(goldReliabilities))}`,
    );
  } else console.log(`  engine with gold         n/a (gold fraction ${options.goldFraction} leaves no gold or nothing to score)`);
  console.log(`  diagnostic: engine with 80% gold, scored on the other 20% (five folds; about the most gold can teach it) ${fixed(mostGold)}`);
  console.log(`  ${(performance.now() - started).toFixed(0)} ms`);

  return {
    dataset: data.name,
    items: data.items,
    answers: data.votes.length,
    workers: data.workers,
    classes: K,
    scored_items: scored.length,
    replaced_answers: data.replacedAnswers,
    majority_vote_accuracy: round(majorityAccuracy),
    majority_vote_ties: majority.ties,
    engine_accuracy: round(plainAccuracy),
    engine_iterations: plain.iterations,
    engine_ms: round(plainMs, 1),
    gold_fraction: options.goldFraction,
    gold_items: goldAccuracy === null ? 0 : goldCount,
    gold_seeds: goldAccuracies.length,
    engine_with_gold_accuracy: round(goldAccuracy),
    engine_with_gold_accuracy_sd: round(goldSpread),
    engine_same_items_accuracy: round(sameItemAccuracy),
    engine_with_gold_accuracy_by_seed: goldAccuracies.map((x) => round(x)),
    engine_same_items_accuracy_by_seed: sameItemAccuracies.map((x) => round(x)),
    engine_gold_gain: round(goldGain),
    engine_gold_gain_sd: round(goldGainSpread),
    gold_changed_to_truth: changed.better,
    gold_changed_from_truth: changed.worse,
    gold_reliability: round(goldReliabilities.length > 0 ? mean(goldReliabilities) : null),
    engine_with_80pct_gold_accuracy: round(mostGold),
  };
}

/** Adaptive against fixed redundancy on three synthetic crowds, averaged; reliabilities by kind of reviewer. */
function benchRedundancy(firstSeed: number): Figures {
  const started = performance.now();
  const reports: RedundancyReport[] = [];
  for (let seed = firstSeed; seed < firstSeed + 3; seed++) reports.push(compareRedundancy({ ...DEFAULT_REDUNDANCY, seed }));
  const { minReviews: k, maxReviews: kMax, threshold, goldFraction, items, mix } = DEFAULT_REDUNDANCY;
  const avg = (pick: (r: RedundancyReport) => number | null): number | null => {
    const values = reports.map(pick);
    return values.some((v) => v === null) ? null : mean(values as number[]);
  };
  const fixedAt = (r: RedundancyReport) => (r.fixedWholeK === null ? null : r.fixedAccuracy[r.fixedWholeK - 1]!);
  const figures: Figures = {
    synthetic_gold_fraction: goldFraction,
    synthetic_adaptive_accuracy: round(avg((r) => r.adaptiveAccuracy)),
    synthetic_adaptive_reviews_per_item: round(avg((r) => r.adaptiveReviewsPerItem), 3),
    synthetic_fixed_accuracy: round(avg(fixedAt)),
    synthetic_fixed_k: round(avg((r) => r.fixedWholeK), 2),
    synthetic_fixed_k_reviews_per_item: round(avg((r) => r.fixedReviewsPerItem), 3),
    synthetic_review_savings: round(avg((r) => r.savings), 3),
    synthetic_review_savings_whole_k: round(avg((r) => (r.fixedWholeK === null ? null : 1 - r.adaptiveReviewsPerItem / r.fixedWholeK)), 3),
    synthetic_fixed_accuracy_by_k: reports[0]!.fixedAccuracy.map((x) => round(x)),
    synthetic_escalated_share: round(avg((r) => r.escalated / r.items)),
    synthetic_always_accept_reliability: round(avg((r) => r.reliabilityByKind["always-accept"]), 3),
    synthetic_random_spammer_reliability: round(avg((r) => r.reliabilityByKind.random), 3),
    synthetic_colluder_reliability: round(avg((r) => r.reliabilityByKind.colluder), 3),
    synthetic_reliable_reliability: round(avg((r) => r.reliabilityByKind.reliable), 3),
  };
  console.log(
    `synthetic crowd (binary, 70% of samples deserve ACCEPT; ${mix.reliable} reliable reviewers, ${mix.random} random spammers, ` +
      `${mix["always-accept"]} always-accept spammers, a ring of ${mix.colluder} colluders; ${items} samples, seeds ${firstSeed}..${firstSeed + 2}):`,
  );
  console.log(
    `  adaptive (k=${k}, k_max=${kMax}, t=${threshold}, ${(100 * goldFraction).toFixed(0)}% gold; calibrated model re-fitted after each round): accuracy ${fixed(figures.synthetic_adaptive_accuracy as number)} ` +
      `with ${fixed(figures.synthetic_adaptive_reviews_per_item as number, 2)} reviews per sample ` +
      `(${fixed(100 * (figures.synthetic_escalated_share as number), 1)}% escalated, scored by their most probable class` +
      (goldFraction > 0 ? `; gold samples reviewed but not scored` : "") +
      `)`,
  );
  console.log(
    `  fixed k: accuracy by k ${reports[0]!.fixedAccuracy.map((x) => x.toFixed(3)).join(" ")} (seed ${firstSeed}); ` +
      `the same accuracy needs ${fixed(figures.synthetic_fixed_k_reviews_per_item as number | null, 2)} reviews per sample ` +
      `(interpolated; smallest whole k: ${fixed(figures.synthetic_fixed_k as number | null, 2)}, accuracy ${fixed(figures.synthetic_fixed_accuracy as number | null)})`,
  );
  console.log(
    `  adaptive saves ${fixed(100 * ((figures.synthetic_review_savings as number | null) ?? NaN), 1)}% of the reviews at equal accuracy ` +
      `(${fixed(100 * ((figures.synthetic_review_savings_whole_k as number | null) ?? NaN), 1)}% against the whole k)`,
  );
  console.log(
    `  estimated reliability (class-balanced accuracy, chance = 0.5): reliable ${figures.synthetic_reliable_reliability}, ` +
      `always-accept ${figures.synthetic_always_accept_reliability}, random ${figures.synthetic_random_spammer_reliability}, ` +
      `colluders ${figures.synthetic_colluder_reliability} | ${(performance.now() - started).toFixed(0)} ms`,
  );
  return figures;
}

/**
 * Majority vote, engine and engine with 5% gold (scored on the other samples, next to the engine without
 * gold on those) on fixed-redundancy synthetic crowds, three seeds each: a 4-class crowd with the same
 * adversaries, and a sparse binary and a sparse 4-class crowd (400 reviewers, a few doing most of the
 * work, most with a handful of reviews, 3 reviews per sample) where reviewer quality is hard to learn from
 * agreement alone. In the dense crowd every reviewer has hundreds of votes, so gold has little to teach;
 * in the sparse ones it calibrates reviewers that agreement alone cannot.
 */
function benchCrowds(firstSeed: number): Figures {
  const crowds = [
    { name: "multiclass", label: "4-class crowd, same mix, 5 reviews per sample", classes: 4, reviews: 5, mix: DEFAULT_REDUNDANCY.mix, activitySkew: 0 },
    {
      name: "sparse",
      label: "sparse binary crowd, 400 reviewers in the same proportions, skewed activity, 3 reviews per sample",
      classes: 2,
      reviews: 3,
      mix: { reliable: 240, random: 60, "always-accept": 40, colluder: 60 },
      activitySkew: 1,
    },
    {
      name: "sparse_multiclass",
      label: "sparse 4-class crowd, the same 400 reviewers, skewed activity, 3 reviews per sample",
      classes: 4,
      reviews: 3,
      mix: { reliable: 240, random: 60, "always-accept": 40, colluder: 60 },
      activitySkew: 1,
    },
  ];
  const figures: Figures = {};
  for (const setting of crowds) {
    const runs: number[][] = [];
    for (let seed = firstSeed; seed < firstSeed + 3; seed++) {
      const crowd = syntheticCrowd({ seed, items: 2000, classes: setting.classes, mix: setting.mix, maxReviews: setting.reviews, activitySkew: setting.activitySkew });
      const votes: Vote[] = crowdVotes(crowd, () => setting.reviews);
      const ids = crowd.itemIds;
      const K = setting.classes;
      const engineLabels = labelsOf(fitDawidSkene({ classes: K, votes, options: { explainVotes: false } }));
      const goldIds = new Set(seededShuffle(ids, seed).slice(0, Math.round(0.05 * ids.length)));
      const gold = new Map([...goldIds].map((id) => [id, crowd.truth.get(id)!]));
      const heldOut = ids.filter((id) => !goldIds.has(id));
      const withGold = labelsOf(fitDawidSkene({ classes: K, votes, gold, options: { explainVotes: false } }));
      runs.push([
        accuracy(majorityVote(K, votes).labels, crowd.truth, ids)!,
        accuracy(engineLabels, crowd.truth, ids)!,
        accuracy(withGold, crowd.truth, heldOut)!,
        accuracy(engineLabels, crowd.truth, heldOut)!,
      ]);
    }
    const [majority, engine, withGold, sameItems] = [0, 1, 2, 3].map((c) => mean(runs.map((run) => run[c]!)));
    console.log(
      `synthetic ${setting.label} (seeds ${firstSeed}..${firstSeed + 2}): majority vote ${fixed(majority!)} | engine ${fixed(engine!)} | ` +
        `engine with 5% gold ${fixed(withGold!)} on the other samples (without gold on those ${fixed(sameItems!)})`,
    );
    Object.assign(figures, {
      [`synthetic_${setting.name}_majority_vote_accuracy`]: round(majority!),
      [`synthetic_${setting.name}_engine_accuracy`]: round(engine!),
      [`synthetic_${setting.name}_engine_with_gold_accuracy`]: round(withGold!),
      [`synthetic_${setting.name}_engine_same_items_accuracy`]: round(sameItems!),
    });
  }
  return figures;
}

/**
 * The scale the product promises: a campaign of 100k reviews over 20k samples, the whole engine call
 * (index, EM, vote weights). Three runs: the figure is the fastest, the usual estimate of what the code
 * costs when other processes compete for the CPU; the first run is reported too.
 */
function benchScale(): Figures {
  const campaign = syntheticCampaign({ seed: 7, items: 20_000, reviewers: 2_000, votesPerItem: 5, classes: 2 });
  const times: number[] = [];
  let result: ConsensusResult | undefined;
  for (let run = 0; run < 3; run++) {
    const started = performance.now();
    result = fitDawidSkene({ classes: 2, votes: campaign.votes });
    times.push(performance.now() - started);
  }
  const correct = result!.items.filter((item) => campaign.truth.get(item.itemId) === item.map).length;
  console.log(
    `scale: EM over ${campaign.votes.length} reviews (${result!.items.length} samples, ${result!.reviewers.length} reviewers) ` +
      `in ${Math.min(...times).toFixed(0)} ms (fastest of 3; first ${times[0]!.toFixed(0)} ms), ${result!.iterations} iterations, ` +
      `vote weights included; accuracy ${(correct / result!.items.length).toFixed(3)}`,
  );
  // With gold (5% of the samples, as a campaign has), one run.
  const ids = [...campaign.truth.keys()];
  const gold = new Map(ids.slice(0, Math.round(ids.length * 0.05)).map((id) => [id, campaign.truth.get(id)!]));
  const timed = <T>(run: () => T): [T, number] => {
    const started = performance.now();
    return [run(), performance.now() - started];
  };
  const [withGold, withGoldMs] = timed(() => fitDawidSkene({ classes: 2, votes: campaign.votes, gold }));
  console.log(
    `scale: the same with ${gold.size} gold samples in ${withGoldMs.toFixed(0)} ms (${withGold.iterations} iterations${withGold.converged ? "" : ", not converged"})`,
  );
  return {
    em_100k_reviews_with_gold_ms: round(withGoldMs, 1),
    em_100k_reviews_ms: round(Math.min(...times), 1),
    em_100k_reviews_first_run_ms: round(times[0]!, 1),
    em_100k_iterations: result!.iterations,
    em_100k_accuracy: round(correct / result!.items.length),
  };
}

function main(argv: readonly string[]): number {
  let options: BenchOptions;
  try {
    const parsed = parseBenchArgs(argv);
    if (parsed === "help") {
      console.log(USAGE);
      return 0;
    }
    options = parsed;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\n\n${USAGE}`);
    return 2;
  }

  const started = performance.now();
  let datasets: CrowdDataset[];
  try {
    const dirs = options.dataDirs.length > 0 ? options.dataDirs : defaultDatasetDirs();
    datasets = dirs.map((dir) => loadCrowdDataset(dir));
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    return 1;
  }
  const perDataset = datasets.map((data) => benchDataset(data, options));
  const figures: Figures = { ...perDataset[0]! };
  if (datasets.length > 1) {
    const prefixes = new Set<string>();
    perDataset.forEach((own, d) => {
      let prefix = datasets[d]!.name.toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_|_$/g, "") || "dataset";
      while (prefixes.has(prefix)) prefix += `_${d}`;
      prefixes.add(prefix);
      for (const [key, value] of Object.entries(own)) if (key !== "dataset") figures[`${prefix}_${key}`] = value;
    });
  }
  Object.assign(figures, benchRedundancy(options.firstSeed), benchCrowds(options.firstSeed), benchScale());
  figures.total_ms = round(performance.now() - started, 1);
  console.log(JSON.stringify(figures));
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) process.exitCode = main(process.argv.slice(2));
