/**
 * `npm run bench:consensus-replay -- [--data DIR]... [--threshold T] [--kmin K] [--gold-fraction F] [--seed N] [--seeds COUNT] [--synthetic]`
 *
 * Does the threshold keep its promise? Replays crowd data (answer.csv + truth.csv, see crowd-data.ts) the way the
 * product decides (replay/replay.ts): votes arrive in a random order, every item gets k, the calibrated model is
 * fitted on all votes revealed so far with a share of the items as gold, an item is accepted once one label reaches
 * the threshold, else it gets one more vote until none are left. Prints, per dataset, the accuracy of what was
 * decided (the promise: at least the threshold), coverage, votes saved against using every vote, the calibration
 * error of the decided posteriors, and the accuracy of a fixed number of votes with the same budget.
 * With --synthetic (the default without --data) it also replays crowds built to break the model's assumptions
 * (replay/adversarial-crowds.ts). The last line is one JSON object.
 */
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { loadCrowdDataset } from "./crowd-data";
import { ADVERSARIAL_KINDS, adversarialCrowd } from "./replay/adversarial-crowds";
import { replay, type ReplayCrowd, type ReplayFigures } from "./replay/replay";

const USAGE = `Usage: npm run bench:consensus-replay -- [--data DIR]... [--threshold T] [--kmin K] [--gold-fraction F] [--seed N] [--seeds COUNT] [--synthetic]

  --data DIR          dataset directory with answer.csv (question,worker,answer) and truth.csv (question,truth);
                      may be repeated. Default: every dataset under ../shared/benchmarks/crowd, and --synthetic.
  --threshold T       the campaign's threshold, 0.5 < T <= 1 (default 0.9)
  --kmin K            reviews every item gets before a decision (default 3)
  --gold-fraction F   share of the items with a truth given as gold, 0 <= F < 1 (default 0.05)
  --seed N            first seed of the vote orders and the gold draw (default 1)
  --seeds COUNT       seeds replayed per dataset (default 5)
  --synthetic         also replay the adversarial synthetic crowds
  --help              this text`;

class UsageError extends Error {}

type Options = { dirs: string[]; threshold: number; minReviews: number; goldFraction: number; seed: number; seeds: number; synthetic: boolean };

function parse(argv: string[]): Options | "help" {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        data: { type: "string", multiple: true },
        threshold: { type: "string" },
        kmin: { type: "string" },
        "gold-fraction": { type: "string" },
        seed: { type: "string" },
        seeds: { type: "string" },
        synthetic: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help) return "help";
  const number = (name: string, raw: string | undefined, fallback: number, valid: (n: number) => boolean, rule: string): number => {
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (raw.trim() === "" || !valid(n)) throw new UsageError(`--${name} must be ${rule} (got "${raw}").`);
    return n;
  };
  const dirs = values.data ?? [];
  return {
    dirs,
    threshold: number("threshold", values.threshold, 0.9, (n) => n > 0.5 && n <= 1, "above 0.5 and at most 1"),
    minReviews: number("kmin", values.kmin, 3, (n) => Number.isSafeInteger(n) && n >= 1, "a whole number >= 1"),
    goldFraction: number("gold-fraction", values["gold-fraction"], 0.05, (n) => n >= 0 && n < 1, "a number in [0, 1)"),
    seed: number("seed", values.seed, 1, (n) => Number.isSafeInteger(n) && n >= 0, "a whole number >= 0"),
    seeds: number("seeds", values.seeds, 5, (n) => Number.isSafeInteger(n) && n >= 1, "a whole number >= 1"),
    synthetic: values.synthetic ?? dirs.length === 0,
  };
}

function defaultDirs(): string[] {
  const base = path.resolve(import.meta.dirname, "../../../shared/benchmarks/crowd");
  if (!existsSync(base)) return [];
  return readdirSync(base)
    .sort()
    .map((name) => path.join(base, name))
    .filter((dir) => existsSync(path.join(dir, "answer.csv")) && existsSync(path.join(dir, "truth.csv")));
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const round = (x: number | null, digits = 4) => (x === null || Number.isNaN(x) ? null : Number(x.toFixed(digits)));
const key = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_|_$/g, "") || "dataset";

/** One crowd over several seeds: means, and the worst seed's accuracy (the promise must hold on each, not on average). */
function replaySeeds(name: string, crowds: (seed: number) => ReplayCrowd, options: Options): Record<string, number | null> {
  const runs: ReplayFigures[] = [];
  for (let s = options.seed; s < options.seed + options.seeds; s++) {
    runs.push(replay(crowds(s), { threshold: options.threshold, minReviews: options.minReviews, goldFraction: options.goldFraction, seed: s }));
  }
  const avg = (pick: (f: ReplayFigures) => number | null) => {
    const xs = runs.map(pick).filter((x): x is number => x !== null);
    return xs.length > 0 ? mean(xs) : null;
  };
  const accuracies = runs.map((r) => r.decided_accuracy).filter((x): x is number => x !== null);
  const figures = {
    items: runs[0]!.items,
    gold_items: runs[0]!.gold_items,
    decided: round(avg((r) => r.decided), 1),
    decided_accuracy: round(avg((r) => r.decided_accuracy)),
    worst_seed_accuracy: round(accuracies.length > 0 ? Math.min(...accuracies) : null),
    coverage: round(avg((r) => r.coverage)),
    escalated: round(avg((r) => r.escalated), 1),
    votes_used: round(avg((r) => r.votes_used), 1),
    votes_all: runs[0]!.votes_all,
    mean_votes_per_item: round(avg((r) => r.mean_votes_per_item), 2),
    votes_saved_fraction: round(avg((r) => r.votes_saved_fraction)),
    ece: round(avg((r) => r.ece)),
    fixed_budget_accuracy: round(avg((r) => r.fixed_k_accuracy)),
  };
  // The target: what is decided at threshold t is right at least t - 0.02 of the time (the tolerance of a finite replay).
  const kept = figures.decided_accuracy !== null && figures.decided_accuracy >= options.threshold - 0.02;
  console.log(
    `${name}: ${runs[0]!.items} items, threshold ${options.threshold}, k ${options.minReviews}, ${runs[0]!.gold_items} gold, ${options.seeds} seeds\n` +
      `  decided accuracy ${figures.decided_accuracy} (worst seed ${figures.worst_seed_accuracy}; target ${kept ? "met" : "NOT met"}), ` +
      `coverage ${figures.coverage}, escalated ${figures.escalated}\n` +
      `  ${figures.mean_votes_per_item} votes per item, ${((figures.votes_saved_fraction ?? 0) * 100).toFixed(1)}% of the votes saved; ` +
      `a fixed ${runs[0]!.fixed_k} votes per item decides ${figures.fixed_budget_accuracy}; ECE of decided posteriors ${figures.ece}`,
  );
  return figures;
}

function main(argv: string[]): number {
  let options: Options;
  try {
    const parsed = parse(argv);
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
  const dirs = options.dirs.length > 0 ? options.dirs : defaultDirs();
  const started = performance.now();
  const figures: Record<string, number | null> = { threshold: options.threshold, min_reviews: options.minReviews, gold_fraction: options.goldFraction, seeds: options.seeds };
  // The first crowd's figures also stand unprefixed, so that a run on one dataset reads `decided_accuracy` directly.
  const add = (prefix: string, own: Record<string, number | null>) => {
    if (!("decided_accuracy" in figures)) Object.assign(figures, own);
    for (const [name, value] of Object.entries(own)) figures[`${prefix}_${name}`] = value;
  };
  for (const dir of dirs) {
    let data;
    try {
      data = loadCrowdDataset(dir);
    } catch (error) {
      console.error(error instanceof Error ? error.message : String(error));
      return 1;
    }
    const own = replaySeeds(data.name, () => ({ classes: data.classes.length, votes: data.votes, truth: data.truth }), options);
    add(key(data.name), own);
  }
  if (options.synthetic) {
    for (const kind of ADVERSARIAL_KINDS) {
      const own = replaySeeds(`synthetic ${kind}`, (seed) => adversarialCrowd(kind, seed), options);
      add(`synthetic_${key(kind)}`, own);
    }
  }
  figures.total_ms = round(performance.now() - started, 0);
  console.log(JSON.stringify(figures));
  return 0;
}

process.exitCode = main(process.argv.slice(2));
