import { describe, expect, it } from "vitest";
import { goldFloorFinding, reliabilityFloorFinding, slashFindingKey, type GoldRecord } from "@/lib/domain/trust/slash-findings";
import { slashAmount } from "@/lib/domain/trust/stake-rules";

const answers = (pattern: string) => [...pattern].map((c) => c === "1");

describe("goldFloorFinding", () => {
  it.each<[string, GoldRecord, { round: number; goldAnswers: number; goldCorrect: number; goldSeen: number } | null]>([
    ["no gold answers", { answers: [], floor: 0.5, previous: null }, null],
    ["four wrong answers: too few to measure", { answers: answers("0000"), floor: 0.5, previous: null }, null],
    ["five wrong answers", { answers: answers("00000"), floor: 0.5, previous: null }, { round: 1, goldAnswers: 5, goldCorrect: 0, goldSeen: 5 }],
    ["two of five right, floor 0.5", { answers: answers("10010"), floor: 0.5, previous: null }, { round: 1, goldAnswers: 5, goldCorrect: 2, goldSeen: 5 }],
    ["at the floor is not below it", { answers: answers("1100"), floor: 0.5, previous: null }, null],
    ["exactly at the floor on six answers", { answers: answers("111000"), floor: 0.5, previous: null }, null],
    ["above the floor", { answers: answers("1111011"), floor: 0.7, previous: null }, null],
    ["below a high floor", { answers: answers("11110"), floor: 0.9, previous: null }, { round: 1, goldAnswers: 5, goldCorrect: 4, goldSeen: 5 }],
    ["the answers a finding measured are not measured again", { answers: answers("0000000"), floor: 0.5, previous: { round: 1, goldSeen: 5 } }, null],
    ["a new careless stretch after a finding is a new round", { answers: answers("0000000000"), floor: 0.5, previous: { round: 1, goldSeen: 5 } }, { round: 2, goldAnswers: 5, goldCorrect: 0, goldSeen: 10 }],
    ["a good stretch after a finding", { answers: answers("0000011111"), floor: 0.5, previous: { round: 1, goldSeen: 5 } }, null],
  ])("%s", (_, record, expected) => {
    const finding = goldFloorFinding(record);
    if (expected === null) expect(finding).toBeNull();
    else expect(finding).toMatchObject({ kind: "below-gold-floor", floor: record.floor, ...expected });
  });
});

describe("reliabilityFloorFinding", () => {
  it.each([
    ["removed by the engine below the floor", { active: false, inactiveReason: "below-floor", reliability: 0.3 }, true],
    ["still active", { active: true, inactiveReason: null, reliability: 0.3 }, false],
    ["removed by an admin", { active: false, inactiveReason: "revoked", reliability: 0.3 }, false],
    ["removed, but measured at the floor since", { active: false, inactiveReason: "below-floor", reliability: 0.5 }, false],
    ["removed without a measurement", { active: false, inactiveReason: "below-floor", reliability: null }, false],
  ])("%s", (_, membership, found) => {
    const finding = reliabilityFloorFinding(membership, 0.5);
    expect(finding !== null).toBe(found);
    if (finding) {
      expect(finding).toEqual({ kind: "below-reliability-floor", round: 1, reliability: 0.3, floor: 0.5 });
      expect(slashAmount(finding, 10n ** 19n)).toBe(25n * 10n ** 17n);
    }
  });
});

describe("slashFindingKey", () => {
  it("names the finding by kind, campaign, reviewer and round", () => {
    expect(slashFindingKey({ kind: "below-gold-floor", round: 2 }, "c1", "u1")).toBe("below-gold-floor:c1:u1:2");
  });
});
