/**
 * Accuracy and speed of the consensus engine on public crowd-labeling data with ground truth.
 *
 *   npx tsx tests/bench/consensus.ts [dataset-dir ...]
 *
 * Without arguments it runs every dataset under ../shared/benchmarks/crowd/ (relative to the repo root).
 * For each dataset: plain majority vote, the engine without gold, and the engine with 5% of the
 * questions that have a known answer used as gold (chosen by a seeded PRNG, mean over SEEDS seeds,
 * scored only on the other questions). The last line is one JSON object of all figures.
 */
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { dawidSkene, majorityVote, seededShuffle, type ConsensusResult } from "../../lib/domain/consensus";
import { syntheticCampaign } from "../unit/consensus/synthetic-campaign";
import { loadCrowdDataset, type CrowdDataset } from "./crowd-data";

const GOLD_SHARE = 0.05;
const SEEDS = 10;

const repoRoot = path.resolve(import.meta.dirname, "../..");

function datasetDirs(args: string[]): string[] {
  if (args.length > 0) return args;
  const base = path.resolve(repoRoot, "../shared/benchmarks/crowd");
  return readdirSync(base)
    .sort()
    .map((name) => path.join(base, name))
    .filter((dir) => existsSync(path.join(dir, "answer.csv")) && existsSync(path.join(dir, "truth.csv")));
}

/** Share of `questions` whose predicted class equals the known one. */
function accuracy(predicted: (id: string) => number | undefined, truth: ReadonlyMap<string, number>, questions: readonly string[]): number {
  let correct = 0;
  for (const id of questions) if (predicted(id) === truth.get(id)) correct++;
  return questions.length === 0 ? NaN : correct / questions.length;
}

function mapOf(result: ConsensusResult): (id: string) => number | undefined {
  const byId = new Map(result.items.map((item) => [item.itemId, item.map]));
  return (id) => byId.get(id);
}

function key(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_|_$/g, "");
}

const round = (x: number, digits = 4) => Number(x.toFixed(digits));

function benchDataset(data: CrowdDataset, figures: Record<string, number>): void {
  const started = performance.now();
  const K = data.classes.length;
  const answered = new Set(data.votes.map((v) => v.itemId));
  // Questions with a known answer and at least one vote: the ones every method can be scored on.
  const scored = [...data.truth.keys()].filter((id) => answered.has(id)).sort();

  const majority = majorityVote(K, data.votes);
  const majorityAccuracy = accuracy((id) => majority.labels.get(id), data.truth, scored);

  const plainStarted = performance.now();
  const plain = dawidSkene({ classes: K, votes: data.votes, options: { explainVotes: false } });
  const plainMs = performance.now() - plainStarted;
  const plainAccuracy = accuracy(mapOf(plain), data.truth, scored);

  const goldCount = Math.max(1, Math.round(GOLD_SHARE * scored.length));
  const goldAccuracies: number[] = [];
  // The engine without gold scored on the same held-out items: the fair baseline for the gold figure.
  const sameItemAccuracies: number[] = [];
  for (let seed = 1; seed <= SEEDS; seed++) {
    const goldIds = seededShuffle(scored, seed).slice(0, goldCount);
    const gold = new Map(goldIds.map((id) => [id, data.truth.get(id)!]));
    const heldOut = scored.filter((id) => !gold.has(id));
    const result = dawidSkene({ classes: K, votes: data.votes, gold, options: { explainVotes: false } });
    goldAccuracies.push(accuracy(mapOf(result), data.truth, heldOut));
    sameItemAccuracies.push(accuracy(mapOf(plain), data.truth, heldOut));
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const goldMean = mean(goldAccuracies);
  const goldSpread = Math.sqrt(mean(goldAccuracies.map((x) => (x - goldMean) ** 2)));
  const sameItemMean = mean(sameItemAccuracies);
  const totalMs = performance.now() - started;

  const fullReviewers = plain.reviewers.filter((r) => r.model === "full").length;
  console.log(
    `${data.name}: ${data.items} items (${scored.length} with truth), ${data.workers} workers ` +
      `(${fullReviewers} with a full matrix), ${data.votes.length} answers, ${K} classes | ` +
      `majority ${majorityAccuracy.toFixed(3)} (${majority.ties} ties, broken toward the answer given most often ` +
      `in the dataset, then the first class) | engine ${plainAccuracy.toFixed(3)} ` +
      `(${plain.iterations} iterations${plain.converged ? "" : ", not converged"}, ${plainMs.toFixed(0)} ms) | ` +
      `engine with ${goldCount} gold (${(GOLD_SHARE * 100).toFixed(0)}%) ${goldMean.toFixed(3)} ± ${goldSpread.toFixed(3)} ` +
      `over ${SEEDS} seeds on the other items ` +
      `(without gold on the same items ${sameItemMean.toFixed(3)}) | ${totalMs.toFixed(0)} ms`,
  );
  const name = key(data.name);
  figures[`${name}_majority_accuracy`] = round(majorityAccuracy);
  figures[`${name}_ds_accuracy`] = round(plainAccuracy);
  figures[`${name}_ds_gold5_accuracy`] = round(goldMean);
  figures[`${name}_ds_same_items_accuracy`] = round(sameItemMean);
  figures[`${name}_items`] = data.items;
  figures[`${name}_workers`] = data.workers;
  figures[`${name}_answers`] = data.votes.length;
  figures[`${name}_majority_ties`] = majority.ties;
  figures[`${name}_ds_iterations`] = plain.iterations;
  figures[`${name}_ds_ms`] = round(plainMs, 1);
}

/** The scale the product promises: a campaign of 100k reviews over 20k samples. */
function benchScale(figures: Record<string, number>): void {
  const campaign = syntheticCampaign({ seed: 7, items: 20_000, reviewers: 2_000, votesPerItem: 5, classes: 2 });
  const started = performance.now();
  const result = dawidSkene({ classes: 2, votes: campaign.votes });
  const ms = performance.now() - started;
  const correct = result.items.filter((item) => campaign.truth.get(item.itemId) === item.map).length;
  console.log(
    `synthetic: ${campaign.votes.length} reviews over ${result.items.length} items, ${result.reviewers.length} reviewers | ` +
      `engine ${(correct / result.items.length).toFixed(3)} in ${ms.toFixed(0)} ms (${result.iterations} iterations, with vote weights)`,
  );
  figures.synthetic_100k_ms = round(ms, 1);
}

function main(): void {
  const started = performance.now();
  const figures: Record<string, number> = {};
  for (const dir of datasetDirs(process.argv.slice(2))) benchDataset(loadCrowdDataset(dir), figures);
  benchScale(figures);
  figures.total_ms = round(performance.now() - started, 1);
  console.log(JSON.stringify(figures));
}

main();
