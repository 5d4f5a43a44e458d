import { fitConsensus, itemPosterior, decideOutcome, reliabilityCurve, seededRandom, seededShuffle, type FittedConsensus, type Vote } from "../../../lib/domain/consensus";

/** A crowd to replay: every vote it has, and the true class of some items. */
export interface ReplayCrowd {
  readonly classes: number;
  readonly votes: readonly Vote[];
  readonly truth: ReadonlyMap<string, number>;
}

export interface ReplayOptions {
  readonly threshold: number;
  /** Reviews every item gets before any decision (k). */
  readonly minReviews: number;
  readonly goldFraction: number;
  readonly seed: number;
  /** The fit decisions are taken with; the product's by default. */
  readonly fit?: (votes: readonly Vote[], gold: ReadonlyMap<string, number>, classes: number) => FittedConsensus;
}

export interface ReplayFigures {
  items: number;
  gold_items: number;
  decided: number;
  decided_correct: number;
  decided_accuracy: number | null;
  coverage: number;
  escalated: number;
  votes_used: number;
  votes_all: number;
  votes_saved_fraction: number;
  mean_votes_per_item: number;
  ece: number | null;
  /** Every scored item with round(mean votes used) votes, decided by the most probable class: the same budget without adaptivity. */
  fixed_k: number;
  fixed_k_accuracy: number | null;
  rounds: number;
}

/**
 * Replays a crowd as the product decides: each item's votes arrive in a seeded random order, every item first gets
 * k of them, the model is fitted on all votes revealed so far (a share of the items with a truth are gold, all their
 * votes revealed, never scored), and an item is decided by `decideOutcome` (the verdict path's rule) on its
 * calibrated posterior; an undecided item gets one more vote, until it has none left (then it escalates). Items are
 * advanced in rounds, one vote each per round, with one fit per round.
 */
export function replay(crowd: ReplayCrowd, options: ReplayOptions): ReplayFigures {
  const fit = options.fit ?? ((votes, gold, classes) => fitConsensus({ classes, votes, gold }, { threshold: options.threshold, minReviews: options.minReviews }));
  const byItem = new Map<string, Vote[]>();
  for (const v of crowd.votes) {
    const list = byItem.get(v.itemId);
    if (list) list.push(v);
    else byItem.set(v.itemId, [v]);
  }
  const itemIds = [...byItem.keys()].sort();
  const random = seededRandom(options.seed);
  const order = new Map(itemIds.map((id) => [id, seededShuffle(byItem.get(id)!, Math.floor(random() * 2 ** 31))]));
  const withTruth = itemIds.filter((id) => crowd.truth.has(id));
  const goldCount = Math.round(withTruth.length * options.goldFraction);
  const gold = new Map(seededShuffle(withTruth, options.seed + 7919).slice(0, goldCount).map((id) => [id, crowd.truth.get(id)!]));
  const scored = withTruth.filter((id) => !gold.has(id));

  const revealed = new Map(itemIds.map((id) => [id, gold.has(id) ? order.get(id)!.length : Math.min(options.minReviews, order.get(id)!.length)]));
  const decided = new Map<string, { label: number; confidence: number }>();
  const escalated = new Set<string>();
  let rounds = 0;
  for (;;) {
    const open = itemIds.filter((id) => !gold.has(id) && !decided.has(id) && !escalated.has(id));
    if (open.length === 0) break;
    rounds++;
    const votes = itemIds.flatMap((id) => order.get(id)!.slice(0, revealed.get(id)!));
    const model = fit(votes, gold, crowd.classes);
    for (const id of open) {
      const all = order.get(id)!;
      const shown = all.slice(0, revealed.get(id)!);
      const outcome = decideOutcome({
        posterior: itemPosterior(model, shown),
        unacceptable: null,
        threshold: options.threshold,
        reviews: shown.length,
        minReviews: Math.min(options.minReviews, all.length),
        maxReviews: all.length,
      });
      if (outcome.decision === "ACCEPT") decided.set(id, { label: outcome.outcomeClass!, confidence: outcome.probability });
      else if (outcome.decision === "ESCALATE") escalated.add(id);
      else revealed.set(id, shown.length + 1);
    }
  }

  const scoredDecided = scored.filter((id) => decided.has(id));
  const correct = scoredDecided.filter((id) => decided.get(id)!.label === crowd.truth.get(id)).length;
  const nonGold = itemIds.filter((id) => !gold.has(id));
  const votesUsed = nonGold.reduce((n, id) => n + revealed.get(id)!, 0);
  const votesAll = nonGold.reduce((n, id) => n + order.get(id)!.length, 0);
  const meanVotes = votesUsed / Math.max(1, nonGold.length);
  const fixedK = Math.max(1, Math.round(meanVotes));
  const fixed = fixedBudget(crowd, itemIds, order, gold, fixedK, fit, scored);
  return {
    items: itemIds.length,
    gold_items: gold.size,
    decided: scoredDecided.length,
    decided_correct: correct,
    decided_accuracy: scoredDecided.length > 0 ? correct / scoredDecided.length : null,
    coverage: scored.length > 0 ? scoredDecided.length / scored.length : 0,
    escalated: scored.filter((id) => escalated.has(id)).length,
    votes_used: votesUsed,
    votes_all: votesAll,
    votes_saved_fraction: votesAll > 0 ? 1 - votesUsed / votesAll : 0,
    mean_votes_per_item: meanVotes,
    ece: reliabilityCurve(scoredDecided.map((id) => ({ confidence: decided.get(id)!.confidence, correct: decided.get(id)!.label === crowd.truth.get(id) }))).ece,
    fixed_k: fixedK,
    fixed_k_accuracy: fixed,
    rounds,
  };
}

function fixedBudget(
  crowd: ReplayCrowd,
  itemIds: readonly string[],
  order: ReadonlyMap<string, Vote[]>,
  gold: ReadonlyMap<string, number>,
  k: number,
  fit: NonNullable<ReplayOptions["fit"]>,
  scored: readonly string[],
): number | null {
  if (scored.length === 0) return null;
  const votes = itemIds.flatMap((id) => (gold.has(id) ? order.get(id)! : order.get(id)!.slice(0, k)));
  const model = fit(votes, gold, crowd.classes);
  let correct = 0;
  for (const id of scored) {
    const posterior = itemPosterior(model, order.get(id)!.slice(0, k));
    let best = 0;
    for (let c = 1; c < posterior.length; c++) if (posterior[c]! > posterior[best]!) best = c;
    if (best === crowd.truth.get(id)) correct++;
  }
  return correct / scored.length;
}
