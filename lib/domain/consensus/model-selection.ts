import { fitDawidSkene } from "./dawid-skene";
import { fitItemBias } from "./item-bias";
import type { ConsensusInput, ConsensusModel, ConsensusResult, ModelSelection } from "./types";

/**
 * The engine's entry point: Dawid-Skene style consensus; with `model: "auto"`, gold also chooses the model.
 *
 * Which model fits a crowd is a property of the crowd. Where most samples look like what they are,
 * Dawid-Skene is right and item shifts only add noise (each is estimated from a handful of votes);
 * where some samples look like another class (Bluebirds: photos of one species that look like the other),
 * the item-bias model lets the few reviewers who see through them outvote the many who do not. Agreement
 * alone cannot tell the two apart, gold answers can: each model is fitted to the votes without any gold,
 * and the item-bias model is chosen when it gives the gold answers a total log-probability higher by at
 * least `MIN_EVIDENCE_FOR_ITEM_BIAS`. The gold answers are held out of those fits, so the comparison is
 * a test of prediction, not of fit. The winner is then fitted with the gold. Without gold: Dawid-Skene.
 *
 * Cost: the choice needs the item-bias fit, whose EM needs hundreds of iterations on sparse campaigns
 * even accelerated (see `fitItemBias`), so "auto" with gold costs far more than one Dawid-Skene fit (about
 * 10 s instead of 0.4 s on 100k reviews). A caller that runs consensus on every verdict should not pay it
 * every time: it can store `modelSelection` and the chosen model with the campaign, pass that model as
 * `options.model` (a fixed model skips the choice), and ask for "auto" again only when the campaign has
 * grown (say its votes or gold items doubled since the stored choice). The engine stays a pure function;
 * the stored choice is an explicit input.
 */
export function dawidSkene(input: ConsensusInput): ConsensusResult {
  const wanted = input.options?.model ?? "dawid-skene";
  if (wanted !== "auto") return { ...fit(input, wanted), modelSelection: null };
  const choice = chooseModel(input);
  if (choice === null) return { ...fitDawidSkene(input), modelSelection: null };
  return { ...fit(input, choice.model), modelSelection: choice.selection };
}

/**
 * The model gold chooses for `input` (see `dawidSkene`), without the final fit; null without gold. This is
 * the expensive part of "auto": a caller that stores the choice runs it off the request path.
 */
export function chooseModel(input: ConsensusInput): { model: ConsensusModel; selection: ModelSelection } | null {
  const gold = input.gold ?? new Map<string, number>();
  if (gold.size === 0) return null;
  const withoutGold: ConsensusInput = {
    ...input,
    gold: undefined,
    itemIds: [...(input.itemIds ?? []), ...gold.keys()],
    // A warm start would be of a fit with gold: these fits must not start there.
    options: { ...input.options, explainVotes: false, warmStart: undefined },
  };
  const plain = fitDawidSkene(withoutGold);
  const goldLogLikelihoods = {
    "dawid-skene": goldLogLikelihood(plain, gold),
    "item-bias": goldLogLikelihood(fitItemBias(withoutGold, plain), gold),
  };
  const evidence = goldLogLikelihoods["item-bias"] - goldLogLikelihoods["dawid-skene"];
  return { model: evidence > MIN_EVIDENCE_FOR_ITEM_BIAS ? "item-bias" : "dawid-skene", selection: { goldItems: gold.size, goldLogLikelihood: goldLogLikelihoods } };
}

/**
 * The predictive likelihood ratio of the gold answers acts as a Bayes factor; the item-bias model needs
 * at least "positive" evidence on Kass and Raftery's scale (a factor of 3), not merely a higher score.
 * The two errors cost differently: Dawid-Skene where item shifts would help loses a point or two, the
 * item-bias model where they do not can lose far more (on a synthetic crowd with a ring of colluders it
 * reads the colluders' shared coin as the class and the truth as item shifts), and with one or two gold
 * items a difference of a fraction of a nat is only which model is more confident on answers both get
 * right. With the factor of 3, synthetic crowds with 1-5 gold items pick the item-bias model in a few
 * per cent of draws instead of a third of them.
 */
export const MIN_EVIDENCE_FOR_ITEM_BIAS = Math.log(3);

/** With a warm start the item-bias fit needs no Dawid-Skene start (it runs one itself if the state is unusable). */
function fit(input: ConsensusInput, model: ConsensusModel): ConsensusResult {
  if (model === "item-bias" && input.options?.warmStart) return fitItemBias(input);
  const start = fitDawidSkene(input);
  return model === "dawid-skene" ? start : fitItemBias(input, start);
}

/**
 * Sum over gold items of log P(gold answer | votes) under `result` (fitted without gold). A posterior
 * that underflowed to 0 counts as 1e-300: still the worst possible score, but a finite one, so two
 * models that both rule out a gold answer are compared on the others.
 */
export function goldLogLikelihood(result: ConsensusResult, gold: ReadonlyMap<string, number>): number {
  let total = 0;
  for (const item of result.items) {
    const answer = gold.get(item.itemId);
    if (answer !== undefined) total += Math.log(Math.max(item.posterior[answer]!, 1e-300));
  }
  return total;
}
