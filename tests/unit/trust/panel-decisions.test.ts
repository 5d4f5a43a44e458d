import { describe, expect, it } from "vitest";
import { decideOutcome } from "@/lib/domain/consensus";
import { HELD_UNTIL_DECIDED, appealWindowEnds, reviewerFeePayableAfter } from "@/lib/domain/trust/appeal-rules";
import { ESCALATED_PANEL_SIZE, FIRST_PANEL_SIZE, PANEL_SEAT_HOURS, panelDecisionSettings, panelNote, resolvePanel, resolveWithoutLargerPanel, seatRelease, wrongVoterIds, panelSizeFor, judgingRounds } from "@/lib/domain/trust/panel-rules";

describe("resolvePanel", () => {
  it.each([
    ["first panel accepts", 1, "ACCEPT", { kind: "final", appealState: "OVERTURNED", sampleStatus: "ACCEPTED" }],
    ["first panel rejects", 1, "REJECT", { kind: "final", appealState: "UPHELD", sampleStatus: "REJECTED" }],
    ["first panel split", 1, "ESCALATE", { kind: "next-round", round: 2 }],
    ["first panel short of votes counts as split", 1, "NEED_MORE_REVIEWS", { kind: "next-round", round: 2 }],
    ["larger panel accepts", 2, "ACCEPT", { kind: "final", appealState: "OVERTURNED", sampleStatus: "ACCEPTED" }],
    ["larger panel rejects", 2, "REJECT", { kind: "final", appealState: "UPHELD", sampleStatus: "REJECTED" }],
    ["larger panel split: the decision stands, rejected", 2, "ESCALATE", { kind: "final", appealState: "UPHELD", sampleStatus: "REJECTED" }],
  ] as const)("%s", (_, round, decision, expected) => {
    expect(resolvePanel(round, decision)).toEqual(expected);
  });

  it("a split first panel whose larger panel cannot be seated: the decision stands, rejected", () => {
    expect(resolveWithoutLargerPanel()).toEqual({ kind: "final", appealState: "UPHELD", sampleStatus: "REJECTED" });
  });
});

describe("panelDecisionSettings with the calibrated rule", () => {
  // Posteriors over [positive, negative, unacceptable]; the panel is judged on its own votes, all of them in.
  it.each([
    ["a confident accept", [0.95, 0.03, 0.02], FIRST_PANEL_SIZE, 3, "ACCEPT"],
    ["a confident reject", [0.03, 0.02, 0.95], FIRST_PANEL_SIZE, 3, "REJECT"],
    ["no class at the threshold: split, never one more review", [0.6, 0.1, 0.3], FIRST_PANEL_SIZE, 3, "ESCALATE"],
    ["the larger panel split", [0.5, 0.1, 0.4], ESCALATED_PANEL_SIZE, 7, "ESCALATE"],
  ])("%s", (_, posterior, size, votes, expected) => {
    expect(decideOutcome({ posterior, unacceptable: 2, ...panelDecisionSettings(0.9, size, votes) }).decision).toBe(expected);
  });
});

describe("wrongVoterIds", () => {
  it.each([
    ["rejecters of an overturned sample", 0, [{ reviewerId: "a", voteClass: 2 }, { reviewerId: "b", voteClass: 2 }, { reviewerId: "p", voteClass: 0 }], ["a", "b"]],
    ["a vote for another label is wrong too", 0, [{ reviewerId: "a", voteClass: 1 }, { reviewerId: "p", voteClass: 0 }], ["a"]],
    ["a vote counted for nothing is not for the class", 2, [{ reviewerId: "a", voteClass: null }], ["a"]],
    ["nobody wrong", 2, [{ reviewerId: "a", voteClass: 2 }], []],
  ] as const)("%s", (_, decided, reviews, expected) => {
    expect(wrongVoterIds(decided, reviews)).toEqual(expected);
  });
});

describe("reviewerFeePayableAfter", () => {
  const decidedAt = new Date("2026-12-01T00:00:00Z");
  it.each([
    ["a rejection waits for its appeal window", "REJECT", 7, appealWindowEnds(decidedAt, 7)],
    ["an acceptance cannot be appealed: paid at once", "ACCEPT", 7, null],
    ["a window of 0 days", "REJECT", 0, decidedAt],
  ] as const)("%s", (_, outcome, days, expected) => {
    expect(reviewerFeePayableAfter(outcome, decidedAt, days)).toEqual(expected);
  });

  it("holds an open appeal's fees past any window", () => {
    expect(HELD_UNTIL_DECIDED.getTime()).toBeGreaterThan(appealWindowEnds(new Date("2100-01-01T00:00:00Z"), 14).getTime());
  });
});

describe("panelNote", () => {
  it.each([
    [{ sizes: [3], resolution: resolvePanel(1, "ACCEPT"), decision: "ACCEPT", probability: 0.96, threshold: 0.9, label: "positive" }, "The panel of 3 accepted the sample as 'positive' at 96% (threshold 90%)."],
    [{ sizes: [3], resolution: resolvePanel(1, "REJECT"), decision: "REJECT", probability: 0.93, threshold: 0.9, label: null }, "The panel of 3 rejected the sample at 93% (threshold 90%)."],
    [{ sizes: [3], resolution: resolvePanel(1, "ESCALATE"), decision: "ESCALATE", probability: 0.6, threshold: 0.9, label: null }, "The panel of 3 was split (best 60%, threshold 90%): a larger, fresh panel sits next."],
    [{ sizes: [3, 7], resolution: resolvePanel(2, "ESCALATE"), decision: "ESCALATE", probability: 0.6, threshold: 0.9, label: null }, "The panels of 3 and 7, judged together, were split too (best 60%, threshold 90%): the sample stays rejected."],
    [{ sizes: [3, 5], resolution: resolvePanel(2, "ACCEPT"), decision: "ACCEPT", probability: 0.95, threshold: 0.9, label: null }, "The panels of 3 and 5, judged together, accepted the sample at 95% (threshold 90%)."],
    [
      { sizes: [3], resolution: resolveWithoutLargerPanel(), decision: "ESCALATE", probability: 0.6, threshold: 0.9, label: null, largerPanelUnavailable: true },
      "The panel of 3 was split (best 60%, threshold 90%) and fewer than 5 fresh reviewers are eligible for a larger panel: the sample stays rejected.",
    ],
  ])("%#", (args, expected) => {
    expect(panelNote(args)).toBe(expected);
  });
});

describe("panelSizeFor", () => {
  it.each([
    ["a first panel of 3", 1, 10, 3],
    ["no first panel with 2 eligible", 1, 2, null],
    ["a larger panel of 7 when 7 or more are eligible", 2, 12, 7],
    ["exactly 7", 2, 7, 7],
    ["6 eligible: the largest odd number, 5", 2, 6, 5],
    ["5 eligible: 5", 2, 5, 5],
    ["4 eligible: no larger panel", 2, 4, null],
  ] as const)("%s", (_, round, eligible, expected) => {
    expect(panelSizeFor(round, eligible)).toBe(expected);
  });

  it("judges the larger panel together with the first", () => {
    expect([judgingRounds(1), judgingRounds(2)]).toEqual([[1], [1, 2]]);
  });
});

describe("seatRelease", () => {
  const seatedAt = new Date("2026-01-01T00:00:00Z");
  const later = (hours: number) => new Date(seatedAt.getTime() + hours * 3_600_000);
  const seat = { seatedAt, voted: false, skipped: false, holdsLiveLease: false };
  it.each([
    ["a fresh seat stands", seat, later(1), null],
    ["a seat just short of the limit stands", seat, later(PANEL_SEAT_HOURS - 0.01), null],
    ["a seat without a vote at the limit goes", seat, later(PANEL_SEAT_HOURS), "timed-out"],
    ["a panelist who skipped goes at once", { ...seat, skipped: true }, later(0), "skipped"],
    ["a panelist who voted keeps the seat, however late", { ...seat, voted: true }, later(PANEL_SEAT_HOURS * 10), null],
    ["a panelist holding a live lease is about to vote", { ...seat, holdsLiveLease: true }, later(PANEL_SEAT_HOURS * 2), null],
  ] as const)("%s", (_, state, now, expected) => {
    expect(seatRelease(state, now)).toBe(expected);
  });
});
