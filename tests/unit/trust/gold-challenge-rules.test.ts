import { describe, expect, it } from "vitest";
import { outcomeSpace } from "@/lib/domain/consensus";
import { goldAnswerOfClass, goldChallengeNote, goldChallengeOnceKey, goldChallengeWithoutLargerPanel, goldChallengeRefusal, goldFindingStillHolds, resolveGoldChallenge, type GoldChallengeRequest } from "@/lib/domain/trust/gold-challenge-rules";

const DATA = (n: number) => BigInt(n) * 10n ** 18n;
const formatData = (wei: bigint) => (Number(wei) / 1e18).toString();

describe("goldChallengeRefusal", () => {
  const base: GoldChallengeRequest = {
    challengerId: "rosalind",
    bond: DATA(2),
    now: new Date("2026-12-03T00:00:00Z"),
    reviewer: true,
    stake: { active: DATA(10), required: DATA(10) },
    answeredAt: new Date("2026-12-01T00:00:00Z"),
    campaign: { appealWindowDays: 7, minimumBond: DATA(2) },
    earlier: [],
    balance: DATA(5),
  };
  it.each<[string, Partial<GoldChallengeRequest>, string | null]>([
    ["a staked reviewer who answered, in time, with the bond", {}, null],
    ["a contributor, not a reviewer", { reviewer: false }, "not-reviewer"],
    ["no stake at all", { stake: { active: 0n, required: DATA(10) } }, "not-staked"],
    ["a stake below the campaign's", { stake: { active: DATA(9), required: DATA(10) } }, "not-staked"],
    ["no stake where the campaign asks none", { stake: { active: 0n, required: 0n } }, "not-staked"],
    ["any stake where the campaign asks none", { stake: { active: 1n, required: 0n } }, null],
    ["never answered the item", { answeredAt: null }, "not-answered"],
    ["their own earlier challenge, decided", { earlier: [{ challengerId: "rosalind", state: "UPHELD" }] }, "already-challenged"],
    ["their own challenge waiting for its bond is not a refusal here (filed again: the same one)", { earlier: [{ challengerId: "rosalind", state: "AWAITING_BOND" }] }, "challenge-open"],
    ["someone else's challenge open", { earlier: [{ challengerId: "alan", state: "OPEN" }] }, "challenge-open"],
    ["someone else's challenge waiting for its bond", { earlier: [{ challengerId: "alan", state: "AWAITING_BOND" }] }, "challenge-open"],
    ["someone else's challenge decided", { earlier: [{ challengerId: "alan", state: "OVERTURNED" }] }, null],
    ["the last moment of the window", { now: new Date("2026-12-08T00:00:00Z") }, null],
    ["after the window", { now: new Date("2026-12-08T00:00:01Z") }, "window-closed"],
    ["a bond below the minimum", { bond: DATA(1) }, "bond-too-small"],
    ["a wallet short of the bond", { balance: DATA(1) }, "insufficient-balance"],
    ["the balance not read yet", { balance: null }, null],
  ])("%s", (_, change, code) => {
    expect(goldChallengeRefusal({ ...base, ...change }, formatData)?.code ?? null).toBe(code);
  });

  it("says how much the campaign asks when refusing an unstaked reviewer", () => {
    expect(goldChallengeRefusal({ ...base, stake: { active: 0n, required: DATA(10) } }, formatData)?.message).toContain("10 DATA");
  });
});

describe("goldChallengeOnceKey", () => {
  it.each([
    [0, "gold:s1:1"],
    [2, "gold:s1:3"],
  ])("after %i earlier challenges: %s", (earlier, key) => {
    expect(goldChallengeOnceKey("s1", earlier)).toBe(key);
  });
});

describe("goldAnswerOfClass", () => {
  const labels = outcomeSpace({ kind: "single_label", labels: ["positive", "negative", "neutral"] });
  const binary = outcomeSpace({ kind: "multi_label", labels: ["a", "b"] });
  it.each([
    ["a label class", labels, 1, { expectedVerdict: "ACCEPT", expectedLabel: "negative" }],
    ["unacceptable, with labels", labels, 3, { expectedVerdict: "REJECT", expectedLabel: null }],
    ["accepted as labeled", binary, 1, { expectedVerdict: "ACCEPT", expectedLabel: null }],
    ["unacceptable, as labeled", binary, 0, { expectedVerdict: "REJECT", expectedLabel: null }],
  ])("%s", (_, space, k, answer) => {
    expect(goldAnswerOfClass(space, k)).toEqual(answer);
  });

  it("refuses a class the campaign does not have", () => {
    expect(() => goldAnswerOfClass(labels, 7)).toThrow(RangeError);
  });
});

describe("resolveGoldChallenge", () => {
  it.each<[string, 1 | 2, "ACCEPT" | "REJECT" | "ESCALATE" | "NEED_MORE_REVIEWS", number | null, number | null, object]>([
    ["the panel decides another label: corrected", 1, "ACCEPT", 1, 0, { kind: "final", appealState: "OVERTURNED", correctedClass: 1 }],
    ["the panel rejects a gold acceptance: corrected to a rejection", 1, "REJECT", 3, 0, { kind: "final", appealState: "OVERTURNED", correctedClass: 3 }],
    ["the panel accepts a gold rejection: corrected", 1, "ACCEPT", 0, 3, { kind: "final", appealState: "OVERTURNED", correctedClass: 0 }],
    ["the panel agrees with the gold answer: upheld", 1, "ACCEPT", 0, 0, { kind: "final", appealState: "UPHELD", correctedClass: null }],
    ["the panel agrees with a gold rejection: upheld", 2, "REJECT", 3, 3, { kind: "final", appealState: "UPHELD", correctedClass: null }],
    ["a split first panel: a larger one sits", 1, "ESCALATE", null, 0, { kind: "next-round", round: 2 }],
    ["a first panel short of the threshold: a larger one sits", 1, "NEED_MORE_REVIEWS", null, 0, { kind: "next-round", round: 2 }],
    ["a split panel of 7: the gold answer stands", 2, "ESCALATE", null, 0, { kind: "final", appealState: "UPHELD", correctedClass: null }],
    ["the larger panel decides another class: corrected", 2, "ACCEPT", 2, 0, { kind: "final", appealState: "OVERTURNED", correctedClass: 2 }],
  ])("%s", (_, round, decision, decided, gold, expected) => {
    expect(resolveGoldChallenge(round, decision, decided, gold)).toEqual(expected);
  });
});

describe("goldFindingStillHolds", () => {
  it.each<[string, boolean[], number, boolean]>([
    ["still below the floor", [false, false, false, true, true], 0.5, true],
    ["one answer now right lifts it to the floor", [false, false, true, true, true], 0.6, false],
    ["above the floor", [true, true, true, true, false], 0.5, false],
    ["nothing measured", [], 0.5, false],
  ])("%s", (_, window, floor, holds) => {
    expect(goldFindingStillHolds(window, floor)).toBe(holds);
  });
});

describe("goldChallengeNote", () => {
  const base = { sizes: [3], probability: 0.95, threshold: 0.9, goldName: "positive" };
  it.each([
    ["corrected", { resolution: { kind: "final", appealState: "OVERTURNED", correctedClass: 1 }, decidedName: "negative" }, "corrected to 'negative'"],
    ["agreed", { resolution: { kind: "final", appealState: "UPHELD", correctedClass: null }, decidedName: "positive" }, "as the gold answer says"],
    ["split at 3 and 7, judged together", { sizes: [3, 7], resolution: { kind: "final", appealState: "UPHELD", correctedClass: null }, decidedName: null }, "'positive' stands"],
    ["split at 3", { resolution: { kind: "next-round", round: 2 }, decidedName: null }, "a larger, fresh panel sits next"],
    ["split at 3, no panel of 7 to be had", { resolution: goldChallengeWithoutLargerPanel(), decidedName: null, largerPanelUnavailable: true }, "fewer than 5 fresh reviewers are eligible for a larger panel: the gold answer 'positive' stands"],
  ] as const)("%s", (_, change, words) => {
    expect(goldChallengeNote({ ...base, ...change })).toContain(words);
  });
});

describe("goldChallengeWithoutLargerPanel", () => {
  it("leaves the gold answer standing, as a split panel of 7 does", () => {
    expect(goldChallengeWithoutLargerPanel()).toEqual(resolveGoldChallenge(2, "ESCALATE", null, 0));
  });
});
