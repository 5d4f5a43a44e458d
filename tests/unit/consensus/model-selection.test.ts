import { describe, expect, it } from "vitest";
import { chooseModel, dawidSkene, fitDawidSkene, fitItemBias, goldLogLikelihood, modelChoiceAction, type ConsensusResult } from "../../../lib/domain/consensus";
import { MIN_EVIDENCE_FOR_ITEM_BIAS } from "../../../lib/domain/consensus/model-selection";
import { confusingCrowd } from "./confusing-crowd";
import { syntheticCampaign } from "./synthetic-campaign";

describe("goldLogLikelihood", () => {
  const result = (posteriors: Record<string, number[]>) =>
    ({ items: Object.entries(posteriors).map(([itemId, posterior]) => ({ itemId, posterior })) }) as unknown as ConsensusResult;
  it.each<[string, Record<string, number[]>, [string, number][], number]>([
    ["no gold", { a: [0.5, 0.5] }, [], 0],
    ["one gold answer", { a: [0.2, 0.8] }, [["a", 1]], Math.log(0.8)],
    ["sums over gold items, ignores the others", { a: [0.2, 0.8], b: [0.9, 0.1], c: [0.5, 0.5] }, [["a", 0], ["b", 0]], Math.log(0.2) + Math.log(0.9)],
    ["a posterior of 0 counts as 1e-300", { a: [1, 0] }, [["a", 1]], Math.log(1e-300)],
    ["a gold item the result does not have counts for nothing", { a: [0.5, 0.5] }, [["z", 1]], 0],
  ])("%s", (_, posteriors, gold, expected) => {
    expect(goldLogLikelihood(result(posteriors), new Map(gold))).toBeCloseTo(expected, 12);
  });
});

describe("dawidSkene chooses its model", () => {
  const crowd = confusingCrowd({ seed: 2, items: 120, reviewers: 20, confusing: 0.2, shift: 3 });
  const campaign = syntheticCampaign({ seed: 4, items: 600, reviewers: 60, votesPerItem: 4, classes: 2 });
  const someGold = (truth: Map<string, number>, n: number) => new Map([...truth].slice(0, n));

  it.each<[string, Parameters<typeof dawidSkene>[0], string]>([
    ["no gold: Dawid-Skene", { classes: 2, votes: crowd.votes }, "dawid-skene"],
    ["asked for the item-bias model", { classes: 2, votes: crowd.votes, options: { model: "item-bias" } }, "item-bias"],
    ["asked for Dawid-Skene, with gold", { classes: 2, votes: crowd.votes, gold: someGold(crowd.truth, 10), options: { model: "dawid-skene" } }, "dawid-skene"],
    ["with gold, not asked to choose (the default)", { classes: 2, votes: crowd.votes, gold: someGold(crowd.truth, 10) }, "dawid-skene"],
    ["no gold, asked to choose: nothing to choose by", { classes: 2, votes: crowd.votes, options: { model: "auto" } }, "dawid-skene"],
  ])("%s", (_, input, model) => {
    const result = dawidSkene(input);
    expect(result.model).toBe(model);
    expect(result.modelSelection).toBeNull();
  });

  it.each([
    ["a crowd with confusing samples", { classes: 2, votes: crowd.votes }, crowd.truth],
    ["a sparse campaign", { classes: 2, votes: campaign.votes }, campaign.truth],
  ] as const)("with gold on %s: scores both models by the gold answers they predict from the votes alone", (_, base, truth) => {
    const gold = someGold(truth, 15);
    const result = dawidSkene({ ...base, gold, options: { model: "auto" } });
    const withoutGold = { ...base, itemIds: [...gold.keys()], options: { explainVotes: false } };
    const plain = fitDawidSkene(withoutGold);
    const scores = { "dawid-skene": goldLogLikelihood(plain, gold), "item-bias": goldLogLikelihood(fitItemBias(withoutGold, plain), gold) };
    expect(result.modelSelection).toEqual({ goldItems: 15, goldLogLikelihood: scores });
    expect(result.model).toBe(scores["item-bias"] - scores["dawid-skene"] > MIN_EVIDENCE_FOR_ITEM_BIAS ? "item-bias" : "dawid-skene");
    // The chosen model is then fitted with the gold.
    expect(result.goldReliability).not.toBeNull();
  });
});

describe("chooseModel", () => {
  const crowd = confusingCrowd({ seed: 2, items: 120, reviewers: 20, confusing: 0.2, shift: 3 });
  const gold = new Map([...crowd.truth].slice(0, 15));

  it("is what \"auto\" chooses, with the same evidence, and a fit with the chosen model gives the auto result", () => {
    const input = { classes: 2, votes: crowd.votes, gold };
    const choice = chooseModel(input)!;
    const auto = dawidSkene({ ...input, options: { model: "auto" } });
    expect(choice.model).toBe(auto.model);
    expect(choice.selection).toEqual(auto.modelSelection);
    expect(dawidSkene({ ...input, options: { model: choice.model } }).items).toEqual(auto.items);
  });

  it("without gold there is nothing to choose by", () => {
    expect(chooseModel({ classes: 2, votes: crowd.votes })).toBeNull();
    expect(chooseModel({ classes: 2, votes: crowd.votes, gold: new Map() })).toBeNull();
  });
});

describe("modelChoiceAction", () => {
  it.each<[string, { reviews: number; goldItems: number } | null, { reviews: number; goldItems: number }, string]>([
    ["no gold, nothing stored", null, { reviews: 500, goldItems: 0 }, "keep"],
    ["no gold any more: back to Dawid-Skene", { reviews: 100, goldItems: 4 }, { reviews: 500, goldItems: 0 }, "clear"],
    ["gold but no reviews yet", null, { reviews: 0, goldItems: 5 }, "keep"],
    ["gold and reviews, never chosen", null, { reviews: 1, goldItems: 1 }, "choose"],
    ["reviews grew by less than double", { reviews: 100, goldItems: 4 }, { reviews: 199, goldItems: 7 }, "keep"],
    ["reviews doubled", { reviews: 100, goldItems: 4 }, { reviews: 200, goldItems: 4 }, "choose"],
    ["gold items doubled", { reviews: 100, goldItems: 4 }, { reviews: 120, goldItems: 8 }, "choose"],
    ["a gold item was removed", { reviews: 100, goldItems: 4 }, { reviews: 120, goldItems: 3 }, "choose"],
    ["reviews fell (undone verdicts): not worth a new choice", { reviews: 100, goldItems: 4 }, { reviews: 90, goldItems: 4 }, "keep"],
  ])("%s", (_, stored, now, action) => {
    expect(modelChoiceAction(stored, now)).toBe(action);
  });
});
