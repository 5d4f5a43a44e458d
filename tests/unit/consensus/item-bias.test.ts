import { describe, expect, it } from "vitest";
import { dawidSkene, fitDawidSkene, fitItemBias, seededShuffle, type ConsensusInput, type ConsensusResult } from "../../../lib/domain/consensus";
import { confusingCrowd } from "./confusing-crowd";
import { syntheticCampaign } from "./synthetic-campaign";

const itemBias = (input: ConsensusInput) => dawidSkene({ ...input, options: { ...input.options, model: "item-bias" } });

const binary = confusingCrowd({ seed: 3, items: 120, reviewers: 20, confusing: 0.2, shift: 3 });
const threeClass = syntheticCampaign({ seed: 5, items: 400, reviewers: 40, votesPerItem: 5, classes: 3 });
const cases: { name: string; input: ConsensusInput }[] = [
  { name: "dense binary crowd with confusing samples", input: { classes: 2, votes: binary.votes } },
  { name: "the same with gold", input: { classes: 2, votes: binary.votes, gold: new Map([...binary.truth].slice(0, 10)) } },
  { name: "sparse 3-class campaign with gold", input: { classes: 3, votes: threeClass.votes, gold: new Map([...threeClass.truth].slice(0, 20)) } },
];

describe("fitItemBias", () => {
  describe.each(cases)("$name", ({ input }) => {
    const result = itemBias(input);

    it("converges without ever lowering the EM objective", () => {
      expect(result.model).toBe("item-bias");
      expect(result.converged).toBe(true);
      for (let t = 1; t < result.trace.length; t++) {
        const { objective } = result.trace[t]!;
        expect(objective).toBeGreaterThanOrEqual(result.trace[t - 1]!.objective - 1e-9 * Math.abs(objective));
      }
    });

    it("reports probabilities strictly inside (0, 1) whose rows sum to 1", () => {
      for (const item of result.items) {
        expect(item.posterior.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
        if (!item.isGold) for (const p of item.posterior) expect(p >= 0 && p <= 1).toBe(true);
      }
      for (const reviewer of result.reviewers) {
        for (const row of reviewer.confusion) {
          expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
          for (const cell of row) expect(cell > 0 && cell < 1).toBe(true);
        }
      }
    });

    it("explains each posterior: prior log-odds plus the vote weights (item shift included) give the posterior log-odds", () => {
      const logPrior = result.classPriors.map(Math.log);
      for (const item of result.items.filter((i) => !i.isGold && i.posterior[i.runnerUp]! > 1e-12).slice(0, 40)) {
        const sum = item.votes.reduce((total, v) => total + v.weight, 0);
        expect(logPrior[item.map]! - logPrior[item.runnerUp]! + sum).toBeCloseTo(Math.log(item.posterior[item.map]! / item.posterior[item.runnerUp]!), 8);
      }
    });

    it("reports the gold answer as the class of a gold item", () => {
      for (const [itemId, answer] of input.gold ?? []) expect(result.items.find((i) => i.itemId === itemId)).toMatchObject({ map: answer, isGold: true });
    });

    it("does not depend on the order of the votes", () => {
      const shuffled = itemBias({ ...input, votes: seededShuffle(input.votes, 9) });
      expect(shuffled).toEqual(result);
    });
  });

  it("starts from the Dawid-Skene fit of the same input: its first E-step gives Dawid-Skene's objective's likelihood", () => {
    const input = { classes: 2, votes: binary.votes };
    const start = fitDawidSkene(input);
    const result = fitItemBias(input, start);
    // With every item shift at 0 the model is Dawid-Skene: the first likelihood is the last of Dawid-Skene
    // up to the difference between Dawid-Skene's final M-step and its final E-step.
    expect(result.trace[0]!.logLikelihood).toBeCloseTo(start.trace.at(-1)!.logLikelihood, 3);
  });

  it("refuses starting estimates of other reviewers", () => {
    const start: ConsensusResult = fitDawidSkene({ classes: 2, votes: binary.votes.filter((v) => v.reviewerId !== "r00") });
    expect(() => fitItemBias({ classes: 2, votes: binary.votes }, start)).toThrow(/Starting estimates do not match/);
  });
});
