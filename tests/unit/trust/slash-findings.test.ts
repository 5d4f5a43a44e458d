import { describe, expect, it } from "vitest";
import { collusionFindings, goldFloorFinding, reliabilityFloorFinding, slashFindingKey, type GoldRecord, type JudgedItem } from "@/lib/domain/trust/slash-findings";
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

describe("collusionFindings", () => {
  // Classes: 0 and 1 are labels, 2 unacceptable. `v` builds the votes of one item: reviewer id -> class.
  const item = (truth: number, votes: Record<string, number | null>, byPanel = false): JudgedItem => ({ truth, byPanel, votes: Object.entries(votes).map(([reviewerId, voteClass]) => ({ reviewerId, voteClass })) });
  const ringRejects = (n: number, byPanel: number) => Array.from({ length: n }, (_, i) => item(0, { a: 2, b: 2, c: 0 }, i < byPanel));
  const honest = (n: number) => Array.from({ length: n }, () => item(0, { a: 0, b: 0, c: 0 }));

  it.each<[string, JudgedItem[], Record<string, string[]>]>([
    ["no items", [], {}],
    ["a ring wrong together on three items, one decided by a panel", ringRejects(3, 1), { a: ["b"], b: ["a"] }],
    ["wrong together three times but no panel decided any: gold alone is not a panel's finding", ringRejects(3, 0), {}],
    ["wrong together only twice", ringRejects(2, 2), {}],
    ["three shared errors among many shared right answers: honest reviewers on hard items", [...ringRejects(3, 1), ...honest(4)], {}],
    ["at half of the shared items, a finding", [...ringRejects(3, 1), ...honest(3)], { a: ["b"], b: ["a"] }],
    ["wrong on the same items but with different wrong classes: not in concert", Array.from({ length: 4 }, () => item(0, { a: 1, b: 2 }, true)), {}],
    ["a vote counted for nothing is neither right nor wrong", Array.from({ length: 4 }, () => item(0, { a: 2, b: null }, true)), {}],
    ["a ring of three: each found with both others", Array.from({ length: 3 }, () => item(1, { a: 2, b: 2, c: 2, d: 1 }, true)), { a: ["b", "c"], b: ["a", "c"], c: ["a", "b"] }],
  ])("%s", (_, items, expected) => {
    const found = collusionFindings(items);
    expect(Object.fromEntries(found.map((f) => [f.reviewerId, [...f.partnerIds].sort()]))).toEqual(expected);
    for (const f of found) expect(f).toMatchObject({ kind: "collusion", round: 1 });
  });

  it("reports the strongest pair's counts", () => {
    const [a] = collusionFindings([...ringRejects(4, 1), ...honest(1)]);
    expect(a).toMatchObject({ reviewerId: "a", sharedJudged: 5, sharedWrong: 4 });
  });
});
