import { describe, expect, it } from "vitest";
import {
  dawidSkene,
  fitDawidSkene,
  fitItemBias,
  seededRandom,
  seededShuffle,
  type ConsensusInput,
  type ConsensusResult,
  type ItemBiasState,
  type Vote,
} from "../../../lib/domain/consensus";
import { confusingCrowd } from "./confusing-crowd";
import { syntheticCampaign } from "./synthetic-campaign";

const itemBias = (input: ConsensusInput, warmStart?: ItemBiasState) =>
  dawidSkene({ ...input, options: { ...input.options, model: "item-bias", warmStart } });

function maxPosteriorDifference(a: ConsensusResult, b: ConsensusResult): number {
  expect(a.items.map((i) => i.itemId)).toEqual(b.items.map((i) => i.itemId));
  let max = 0;
  a.items.forEach((item, i) => item.posterior.forEach((p, k) => (max = Math.max(max, Math.abs(p - b.items[i]!.posterior[k]!)))));
  return max;
}

function expectMonotone(result: ConsensusResult): void {
  for (let t = 1; t < result.trace.length; t++) {
    const { objective } = result.trace[t]!;
    expect(objective).toBeGreaterThanOrEqual(result.trace[t - 1]!.objective - 1e-9 * Math.abs(objective));
  }
}

/** `votes` without a seeded random `share` of them. */
function withoutShare(votes: readonly Vote[], share: number, seed: number): Vote[] {
  const random = seededRandom(seed);
  return votes.filter(() => random() >= share);
}

const binary = confusingCrowd({ seed: 3, items: 120, reviewers: 20, confusing: 0.2, shift: 3 });
const sparse = syntheticCampaign({ seed: 5, items: 400, reviewers: 40, votesPerItem: 5, classes: 3 });
const sparseGold = new Map([...sparse.truth].slice(0, 20));
const campaigns: { name: string; input: ConsensusInput }[] = [
  { name: "dense binary crowd with confusing samples", input: { classes: 2, votes: binary.votes } },
  { name: "the same with gold", input: { classes: 2, votes: binary.votes, gold: new Map([...binary.truth].slice(0, 10)) } },
  { name: "sparse 3-class campaign with gold", input: { classes: 3, votes: sparse.votes, gold: sparseGold } },
];

describe("warm start of the item-bias fit", () => {
  describe.each(campaigns)("from its own fit: $name", ({ input }) => {
    const cold = itemBias(input);
    const warm = itemBias(input, cold.itemBiasState!);

    it("converges in very few iterations to the same posteriors", () => {
      expect(cold.converged).toBe(true);
      expect(warm.converged).toBe(true);
      // The first E-step at the stored parameters gives the cold fit's posteriors again, and one EM step
      // stops EM: it moves no posterior by more than 1e-6 (the posterior rule), or a few times that where
      // the cold fit had stopped on the objective rule.
      expect(warm.iterations).toBeLessThanOrEqual(3);
      expect(maxPosteriorDifference(warm, cold)).toBeLessThanOrEqual(1e-5);
      expectMonotone(warm);
    });

    it("is deterministic and does not depend on the order of the votes", () => {
      expect(itemBias({ ...input, votes: seededShuffle(input.votes, 4) }, cold.itemBiasState!)).toEqual(warm);
    });

    it("round-trips its state through JSON bit for bit", () => {
      const parsed = JSON.parse(JSON.stringify(cold.itemBiasState)) as ItemBiasState;
      expect(parsed).toEqual(cold.itemBiasState);
      expect(itemBias(input, parsed)).toEqual(warm);
    });
  });

  // Sparse binary campaign with 5% gold, as the product runs the item-bias model (gold chose it).
  const grown = syntheticCampaign({ seed: 8, items: 600, reviewers: 60, votesPerItem: 5, classes: 2 });
  const gold = new Map([...grown.truth].slice(0, 30));
  const newcomer: Vote[] = ["s100", "s200", "s300", "s400", "s500"].map((itemId) => ({ itemId, reviewerId: "r-new", label: grown.truth.get(itemId)! }));
  const lastItem = grown.votes.at(-1)!.itemId;
  const changes: { name: string; before: Vote[]; after: Vote[] }[] = [
    { name: "one more vote", before: grown.votes.slice(0, -1), after: grown.votes },
    { name: "a new sample with its votes", before: grown.votes.filter((v) => v.itemId !== lastItem), after: grown.votes },
    { name: "a new reviewer's first votes", before: grown.votes, after: [...grown.votes, ...newcomer] },
    { name: "1% more votes", before: withoutShare(grown.votes, 0.01, 2), after: grown.votes },
  ];

  describe.each(changes)("after $name", ({ before, after }) => {
    const previous = itemBias({ classes: 2, votes: before, gold });
    const cold = itemBias({ classes: 2, votes: after, gold });
    const warm = itemBias({ classes: 2, votes: after, gold }, previous.itemBiasState!);

    it("converges monotonely in fewer iterations than a cold fit", () => {
      expect(cold.converged).toBe(true);
      expect(warm.converged).toBe(true);
      // About a third of the cold fit's for one vote, a sample or a reviewer; two thirds for 1% more votes
      // (spread over the campaign, they move many posteriors a little).
      expect(warm.iterations).toBeLessThan((2 / 3) * cold.iterations);
      expectMonotone(warm);
    });

    it("gives the posteriors of a cold fit, within the precision EM stops at", () => {
      // Not 1e-6: EM stops when no posterior moves by more than 1e-6 in one iteration or the objective by
      // less than 1e-12 of itself, but along the weakly determined item shifts it crawls (each step a few
      // per cent of the remaining distance), so a fit stops up to a few 1e-4 short of the optimum, and two
      // fits from different starts stop at different points. 1e-3 covers that and is far below what moves
      // a decision (thresholds like 0.95).
      expect(maxPosteriorDifference(warm, cold)).toBeLessThan(1e-3);
      expect(warm.items.map((i) => i.map)).toEqual(cold.items.map((i) => i.map));
    });

    it("needs no Dawid-Skene fit: fitItemBias with the state alone gives the same posteriors", () => {
      const alone = fitItemBias({ classes: 2, votes: after, gold, options: { warmStart: previous.itemBiasState! } });
      expect(alone.converged).toBe(true);
      expect(maxPosteriorDifference(alone, warm)).toBeLessThan(1e-3);
    });
  });

  describe("a state that does not fit the input", () => {
    const input: ConsensusInput = { classes: 2, votes: grown.votes, gold };
    const cold = itemBias(input);
    const state = cold.itemBiasState!;
    const threeClass = itemBias({ classes: 3, votes: sparse.votes, gold: sparseGold }).itemBiasState!;
    const withoutGold = itemBias({ classes: 2, votes: grown.votes }).itemBiasState!;
    const ignored: { name: string; warmStart: ItemBiasState }[] = [
      { name: "another number of classes", warmStart: threeClass },
      { name: "fitted without gold, for an input with gold", warmStart: withoutGold },
      { name: "another version", warmStart: { ...state, version: 0 as unknown as 1 } },
    ];
    it.each(ignored)("is ignored when of $name: the result is the cold fit's", ({ warmStart }) => {
      expect(itemBias(input, warmStart)).toEqual(cold);
    });

    it("has its unknown ids ignored and the known ones used", () => {
      // A state of another campaign whose ids are all unknown: only its class priors and gold reliability
      // are used; reviewers start from Dawid-Skene, items at shift 0.
      const strangers = { ...state, reviewerIds: state.reviewerIds.map((id) => `x-${id}`), itemIds: state.itemIds.map((id) => `x-${id}`) };
      const fromStrangers = itemBias(input, strangers);
      expect(fromStrangers.converged).toBe(true);
      expect(maxPosteriorDifference(fromStrangers, cold)).toBeLessThan(1e-3);
      // A state of a larger campaign: the samples that are gone are ignored. Its posteriors need not be
      // the cold fit's: the item-bias model has several local optima, and a start this far from the input
      // can reach another one (here one whose objective is about 1 nat higher, a dozen MAP classes apart).
      const fewerInput = { ...input, votes: grown.votes.filter((v) => v.itemId < "s5") };
      const fewer = itemBias(fewerInput, state);
      const fewerCold = itemBias(fewerInput);
      expect(fewer.converged).toBe(true);
      expectMonotone(fewer);
      expect(fewer.items.map((i) => i.itemId)).toEqual(fewerCold.items.map((i) => i.itemId));
      expect(fewer.itemBiasState!.itemIds).toEqual(fewerCold.itemBiasState!.itemIds);
    });

    const malformed: { name: string; warmStart: ItemBiasState }[] = [
      { name: "item shifts cut short", warmStart: { ...state, itemShifts: state.itemShifts.slice(1) } },
      { name: "a reviewer without parameters", warmStart: { ...state, reviewerIds: [...state.reviewerIds, "r-extra"] } },
      { name: "a number that is not finite", warmStart: { ...state, logClassPriors: [Number.NaN, 0] } },
      { name: "a gold reliability of 1", warmStart: { ...state, goldReliability: 1 } },
    ];
    it.each(malformed)("is refused when it is not a fit ($name)", ({ warmStart }) => {
      expect(() => itemBias(input, warmStart)).toThrow(RangeError);
    });

    it("without a usable state or a start, fitItemBias fits Dawid-Skene itself", () => {
      expect(fitItemBias({ ...input, options: { warmStart: threeClass } })).toEqual(fitItemBias(input, fitDawidSkene(input)));
    });
  });

  it("Dawid-Skene reports no state and ignores one", () => {
    const input: ConsensusInput = { classes: 2, votes: binary.votes };
    const state = itemBias(input).itemBiasState!;
    const plain = dawidSkene(input);
    expect(plain.itemBiasState).toBeUndefined();
    expect(dawidSkene({ ...input, options: { warmStart: state } })).toEqual(plain);
  });
});
