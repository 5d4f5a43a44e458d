/**
 * Warm start of the item-bias fit (`options.warmStart`), as a verdict runs it: a campaign's consensus
 * was fitted and its `itemBiasState` stored; then one more vote arrives (or 1% more), and the engine
 * runs again from the stored state. Reported: time and EM iterations of the cold and the warm fit, and
 * how far the warm posteriors are from the cold fit's (largest |difference| of any posterior probability,
 * number of samples whose most probable class differs).
 *
 * Two synthetic campaigns (`syntheticCampaign`, 5 reviews per sample, 5% of the samples gold, as
 * `benchScale` in consensus.ts): 5k reviews (1k samples, 100 reviewers) and 100k reviews (20k samples,
 * 2k reviewers). The new votes are a seeded random 1% of the campaign's votes; the one-vote case adds the
 * first of them.
 *
 * At 100k reviews a cold fit stops at the cap of 200 iterations before EM has converged, so two more
 * things are measured. "settle": resuming the campaign's fit from its own state until EM converges; once
 * it has, each verdict starts from a converged state (the steady state of a campaign, and the state the
 * warm figures start from), while "warm_from_capped" starts from the capped cold fit (a campaign's first
 * warm verdict). "converged": the cold fit of the new input, resumed until it converges; the warm fit is
 * also compared with it, which separates EM stopping early from a different optimum.
 *
 * "warm" is the engine as the product calls it (`dawidSkene` with model "item-bias" and the warm state,
 * which then skips the Dawid-Skene fit a cold start begins with). One run of each: the whole bench takes
 * about half a minute. "ms per iteration" is the warm fit's time over its EM iterations (E-steps).
 *
 * Run: npx tsx tests/bench/consensus-warm-start.ts
 */
import { availableParallelism, loadavg } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { dawidSkene, fitItemBias, seededRandom, type ConsensusInput, type ConsensusResult, type ItemBiasState, type Vote } from "../../lib/domain/consensus";
import { syntheticCampaign } from "../unit/consensus/synthetic-campaign";

type Figures = Record<string, number>;

const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

function timed<T>(run: () => T): { value: T; ms: number } {
  const started = performance.now();
  const value = run();
  return { value, ms: performance.now() - started };
}

/** Largest |posterior difference| over all items and classes, and how many MAP classes differ (same item order). */
function compare(a: ConsensusResult, b: ConsensusResult): { maxDiff: number; mapDiffer: number } {
  let maxDiff = 0;
  let mapDiffer = 0;
  a.items.forEach((item, i) => {
    const other = b.items[i]!;
    if (other.itemId !== item.itemId) throw new Error("Results of different items.");
    item.posterior.forEach((p, k) => (maxDiff = Math.max(maxDiff, Math.abs(p - other.posterior[k]!))));
    if (item.map !== other.map) mapDiffer++;
  });
  return { maxDiff, mapDiffer };
}

/** Resumes EM from `from` until a fit converges within a few iterations (at most 10 resumptions). */
function settle(input: ConsensusInput, from: ConsensusResult): { result: ConsensusResult; iterations: number; ms: number } {
  let result = from;
  let iterations = 0;
  const { ms } = timed(() => {
    for (let round = 0; round < 10 && !(result.converged && result.iterations <= 3 && round > 0); round++) {
      result = fitItemBias({ ...input, options: { ...input.options, warmStart: result.itemBiasState! } });
      iterations += result.iterations;
    }
  });
  return { result, iterations, ms };
}

function benchCampaign(name: string, items: number, reviewers: number): Figures {
  const campaign = syntheticCampaign({ seed: 7, items, reviewers, votesPerItem: 5, classes: 2 });
  const ids = [...campaign.truth.keys()];
  const gold = new Map(ids.slice(0, Math.round(ids.length * 0.05)).map((id) => [id, campaign.truth.get(id)!]));
  const random = seededRandom(11);
  const held = new Set<number>();
  while (held.size < Math.round(campaign.votes.length * 0.01)) held.add(Math.floor(random() * campaign.votes.length));
  const base = campaign.votes.filter((_, v) => !held.has(v));
  const newVotes = [...held].sort((a, b) => a - b).map((v) => campaign.votes[v]!);
  const input = (votes: Vote[], warmStart?: ItemBiasState): ConsensusInput => ({ classes: 2, votes, gold, options: { model: "item-bias", warmStart } });
  const key = `item_bias_${name}_`;

  const cold = timed(() => dawidSkene(input(base)));
  const settled = settle(input(base), cold.value);
  const json = timed(() => JSON.stringify(settled.result.itemBiasState));
  const parsed = timed(() => JSON.parse(json.value) as ItemBiasState);
  const bytes = Buffer.byteLength(json.value);
  console.log(
    `${name}: ${base.length} reviews, cold item-bias fit ${cold.ms.toFixed(0)} ms, ${cold.value.iterations} iterations (converged: ${cold.value.converged}); ` +
      `resumed to convergence in ${settled.iterations} more iterations (${settled.ms.toFixed(0)} ms); ` +
      `state ${(bytes / 1024).toFixed(0)} KiB of JSON, stringify ${json.ms.toFixed(1)} ms, parse ${parsed.ms.toFixed(1)} ms`,
  );
  const figures: Figures = {
    [`${key}cold_ms`]: round(cold.ms),
    [`${key}cold_iterations`]: cold.value.iterations,
    [`${key}cold_converged`]: cold.value.converged ? 1 : 0,
    [`${key}settle_iterations`]: settled.iterations,
    [`${key}settle_ms`]: round(settled.ms),
    [`${key}state_json_bytes`]: bytes,
    [`${key}state_json_stringify_ms`]: round(json.ms),
    [`${key}state_json_parse_ms`]: round(parsed.ms),
  };

  for (const [verdict, added] of [["one_vote", newVotes.slice(0, 1)], ["one_percent", newVotes]] as const) {
    const votes = [...base, ...added];
    const coldNext = timed(() => dawidSkene(input(votes)));
    const converged = settle(input(votes), coldNext.value).result;
    const warm = timed(() => dawidSkene(input(votes, parsed.value)));
    const again = dawidSkene(input(votes, parsed.value));
    if (JSON.stringify(again) !== JSON.stringify(warm.value)) throw new Error("The warm start is not deterministic.");
    const fromCapped = timed(() => dawidSkene(input(votes, cold.value.itemBiasState!)));
    const vsCold = compare(warm.value, coldNext.value);
    const vsConverged = compare(warm.value, converged);
    const objectiveGap = warm.value.trace.at(-1)!.objective - converged.trace.at(-1)!.objective;
    console.log(
      `${name} + ${added.length} vote(s): cold ${coldNext.ms.toFixed(0)} ms, ${coldNext.value.iterations} iterations (converged: ${coldNext.value.converged}); ` +
        `warm ${warm.ms.toFixed(0)} ms, ${warm.value.iterations} iterations (converged: ${warm.value.converged}, ` +
        `${(warm.ms / warm.value.iterations).toFixed(1)} ms each); from the capped cold fit ${fromCapped.ms.toFixed(0)} ms, ` +
        `${fromCapped.value.iterations} iterations. Warm vs cold: max |posterior difference| ${vsCold.maxDiff.toExponential(1)}, MAP classes differ on ${vsCold.mapDiffer}; ` +
        `vs cold run to convergence: ${vsConverged.maxDiff.toExponential(1)}, ${vsConverged.mapDiffer}, objective ${objectiveGap >= 0 ? "+" : ""}${objectiveGap.toFixed(3)} nats`,
    );
    Object.assign(figures, {
      [`${key}cold_${verdict}_ms`]: round(coldNext.ms),
      [`${key}cold_${verdict}_iterations`]: coldNext.value.iterations,
      [`${key}cold_${verdict}_converged`]: coldNext.value.converged ? 1 : 0,
      [`${key}warm_${verdict}_ms`]: round(warm.ms),
      [`${key}warm_${verdict}_iterations`]: warm.value.iterations,
      [`${key}warm_${verdict}_converged`]: warm.value.converged ? 1 : 0,
      [`${key}warm_${verdict}_max_posterior_diff`]: vsCold.maxDiff,
      [`${key}warm_${verdict}_map_labels_differ`]: vsCold.mapDiffer,
      [`${key}warm_${verdict}_max_posterior_diff_vs_converged`]: vsConverged.maxDiff,
      [`${key}warm_${verdict}_map_labels_differ_vs_converged`]: vsConverged.mapDiffer,
      [`${key}warm_${verdict}_objective_minus_converged_nats`]: round(objectiveGap, 4),
      [`${key}warm_${verdict}_ms_per_iteration`]: round(warm.ms / warm.value.iterations, 2),
      [`${key}warm_from_capped_${verdict}_ms`]: round(fromCapped.ms),
      [`${key}warm_from_capped_${verdict}_iterations`]: fromCapped.value.iterations,
    });
  }
  return figures;
}

/** The machine is shared (2 cores): the 1-minute load average at start and end says how much the times mean. */
export function benchWarmStart(): Figures {
  const loadBefore = loadavg()[0]!;
  const figures = { ...benchCampaign("5k", 1_000, 100), ...benchCampaign("100k", 20_000, 2_000) };
  const loadAfter = loadavg()[0]!;
  console.log(`load average (1 min): ${loadBefore.toFixed(2)} at start, ${loadAfter.toFixed(2)} at end, on ${availableParallelism()} cores`);
  return { ...figures, load_average_start: round(loadBefore, 2), load_average_end: round(loadAfter, 2) };
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) console.log(JSON.stringify(benchWarmStart()));
