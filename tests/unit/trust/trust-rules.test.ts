import { describe, expect, it } from "vitest";
import { appealRefusal, appealWindowEnds, type AppealRequest } from "@/lib/domain/trust/appeal-rules";
import { bondTransfers } from "@/lib/domain/trust/bond-settlement";
import { choosePanel, nextRound, panelOutcome, panelSize, type PanelCandidate } from "@/lib/domain/trust/panel-rules";
import { applyStakeEvent, EMPTY_STAKE, type StakeEvent, type StakeState } from "@/lib/domain/trust/stake-ledger";
import { MAX_APPEAL_WINDOW_DAYS, STAKE_COOLDOWN_SECONDS, slashAmount, stakeCovers, type SlashFinding } from "@/lib/domain/trust/stake-rules";

const DATA = (n: number) => BigInt(n) * 10n ** 18n;
const formatData = (wei: bigint) => (Number(wei) / 1e18).toString();

describe("slashAmount", () => {
  const floor = (goldAnswers: number, goldAccuracy: number): SlashFinding => ({ kind: "below-gold-floor", goldAnswers, goldAccuracy, floor: 0.7 });
  it.each([
    ["below the floor, measured", floor(10, 0.5), DATA(20), DATA(5)],
    ["at the floor", floor(10, 0.7), DATA(20), 0n],
    ["above the floor", floor(10, 0.9), DATA(20), 0n],
    ["too few gold answers to measure", floor(4, 0), DATA(20), 0n],
    ["collusion takes the whole stake", { kind: "collusion" } as const, DATA(20), DATA(20)],
    ["nothing staked", { kind: "collusion" } as const, 0n, 0n],
    ["rounds down to whole wei", floor(10, 0.1), 3n, 0n],
    ["a quarter of 7 wei", floor(10, 0.1), 7n, 1n],
  ])("%s", (_, finding, staked, expected) => {
    expect(slashAmount(finding, staked)).toBe(expected);
  });

  it("keeps a stake asked back slashable through any appeal window", () => {
    expect(STAKE_COOLDOWN_SECONDS).toBeGreaterThanOrEqual(BigInt(MAX_APPEAL_WINDOW_DAYS * 24 * 3600));
  });

  it.each([
    [DATA(10), DATA(10), true],
    [DATA(9), DATA(10), false],
    [0n, 0n, true],
  ])("stakeCovers(%s, %s) = %s", (active, required, expected) => {
    expect(stakeCovers(active, required)).toBe(expected);
  });
});

describe("appealRefusal", () => {
  const decidedAt = new Date("2026-12-01T00:00:00Z");
  const base: AppealRequest = {
    appellantId: "carol",
    bond: DATA(2),
    now: new Date("2026-12-03T00:00:00Z"),
    sample: { contributorId: "carol", status: "REJECTED", decidedAt, paid: false },
    campaign: { appealWindowDays: 7, minimumBond: DATA(2) },
    earlierAppeal: false,
    balance: DATA(5),
  };
  it.each<[string, Partial<AppealRequest> & { sampleStatus?: string; paid?: boolean }, string | null]>([
    ["a rejection within the window", {}, null],
    ["an escalated sample", { sampleStatus: "ESCALATED" }, null],
    ["the last moment of the window", { now: appealWindowEnds(decidedAt, 7) }, null],
    ["someone else's sample", { appellantId: "mallory" }, "not-contributor"],
    ["an accepted sample", { sampleStatus: "ACCEPTED" }, "not-appealable"],
    ["a pending sample", { sampleStatus: "PENDING_REVIEW" }, "not-appealable"],
    ["a paid decision", { paid: true }, "not-appealable"],
    ["a second appeal", { earlierAppeal: true }, "already-appealed"],
    ["after the window", { now: new Date(appealWindowEnds(decidedAt, 7).getTime() + 1) }, "window-closed"],
    ["a bond below the campaign's", { bond: DATA(1) }, "bond-too-small"],
    ["a bond above the balance", { bond: DATA(6) }, "insufficient-balance"],
    ["balance unknown yet", { balance: null, bond: DATA(6) }, null],
  ])("%s", (_, change, expected) => {
    const { sampleStatus, paid, ...rest } = change;
    const request = { ...base, ...rest, sample: { ...base.sample, ...(sampleStatus ? { status: sampleStatus } : {}), ...(paid !== undefined ? { paid } : {}) } };
    const refusal = appealRefusal(request, formatData);
    expect(refusal?.code ?? null).toBe(expected);
    if (refusal) expect(refusal.message.length).toBeGreaterThan(20);
  });

  it("names the amounts in a bond refusal", () => {
    expect(appealRefusal({ ...base, bond: DATA(1) }, formatData)?.message).toMatch(/at least 2 DATA; 1 DATA was offered/);
  });
});

describe("choosePanel", () => {
  const candidate = (reviewerId: string, reliability: number | null, extra: Partial<PanelCandidate> = {}): PanelCandidate => ({
    reviewerId,
    reliability,
    goldAnswers: 10,
    stakeCovers: true,
    ...extra,
  });
  const noTie = () => 0;
  const pool = [candidate("a", 0.95), candidate("b", 0.9), candidate("c", 0.85), candidate("d", 0.8), candidate("e", 0.7)];

  it.each<[string, PanelCandidate[], string[], number, string[] | null]>([
    ["the most reliable three", pool, [], 3, ["a", "b", "c"]],
    ["without the sample's reviewers and contributor", pool, ["a", "c"], 3, ["b", "d", "e"]],
    ["not enough eligible", pool, ["a", "b", "c"], 3, null],
    ["unstaked left out", [...pool.slice(0, 2), candidate("x", 0.99, { stakeCovers: false }), ...pool.slice(2)], [], 3, ["a", "b", "c"]],
    ["unmeasured left out", [candidate("x", null), ...pool], [], 3, ["a", "b", "c"]],
    ["thin record left out", [candidate("x", 0.99, { goldAnswers: 4 }), ...pool], [], 3, ["a", "b", "c"]],
    ["a larger panel", [...pool, candidate("f", 0.6), candidate("g", 0.5)], [], 7, ["a", "b", "c", "d", "e", "f", "g"]],
  ])("%s", (_, candidates, excluded, size, expected) => {
    expect(choosePanel(candidates, new Set(excluded), size, noTie)).toEqual(expected);
  });

  it("breaks ties by the per-sample hash, not by id", () => {
    const tied = [candidate("a", 0.9), candidate("b", 0.9), candidate("c", 0.9), candidate("d", 0.9)];
    const order = { a: 3, b: 2, c: 1, d: 0 } as Record<string, number>;
    expect(choosePanel(tied, new Set(), 3, (id) => order[id]!)).toEqual(["d", "c", "b"]);
  });

  it.each([
    ["ACCEPT", "OVERTURNED"],
    ["REJECT", "UPHELD"],
    ["ESCALATE", "SPLIT"],
    ["NEED_MORE_REVIEWS", "SPLIT"],
  ] as const)("a panel's %s means %s", (decision, outcome) => {
    expect(panelOutcome(decision)).toBe(outcome);
  });

  it("escalates a split panel once, to a larger one", () => {
    expect([panelSize(1), panelSize(2)]).toEqual([3, 7]);
    expect(nextRound(1, "SPLIT")).toBe(2);
    expect(nextRound(2, "SPLIT")).toBeNull();
    expect(nextRound(1, "UPHELD")).toBeNull();
  });
});

describe("bondTransfers", () => {
  const parties = { appellant: "carol", panelists: ["p1", "p2", "p3"], treasury: "treasury" };
  it.each<[string, "OVERTURNED" | "UPHELD", bigint, typeof parties, [string, bigint][]]>([
    ["overturned: all back to the contributor", "OVERTURNED", DATA(2), parties, [["carol", DATA(2)]]],
    ["upheld: half to the panel, the rest to the treasury", "UPHELD", DATA(3), parties, [["p1", DATA(1) / 2n], ["p2", DATA(1) / 2n], ["p3", DATA(1) / 2n], ["treasury", (DATA(3) * 1n) / 2n]]],
    ["upheld with dust: the remainder to the treasury", "UPHELD", 10n, parties, [["p1", 1n], ["p2", 1n], ["p3", 1n], ["treasury", 7n]]],
    ["upheld, too small to share", "UPHELD", 1n, parties, [["treasury", 1n]]],
    ["upheld without a panel", "UPHELD", 5n, { ...parties, panelists: [] }, [["treasury", 5n]]],
    ["a panelist listed twice is paid once", "UPHELD", 4n, { ...parties, panelists: ["p1", "p1"] }, [["p1", 2n], ["treasury", 2n]]],
  ])("%s", (_, outcome, bond, who, expected) => {
    const transfers = bondTransfers(outcome, bond, who);
    expect(transfers.map((t) => [t.to, t.amount])).toEqual(expected);
    expect(transfers.reduce((sum, t) => sum + t.amount, 0n)).toBe(bond);
  });

  it("refuses a bond of nothing", () => {
    expect(() => bondTransfers("UPHELD", 0n, parties)).toThrow(RangeError);
  });
});

describe("applyStakeEvent", () => {
  const at = new Date("2026-12-21T00:00:00Z");
  const replay = (events: StakeEvent[]) => events.reduce(applyStakeEvent, EMPTY_STAKE);
  it.each<[string, StakeEvent[], StakeState]>([
    ["stakes add up", [{ kind: "STAKED", amount: 5n }, { kind: "STAKED", amount: 3n }], { active: 8n, leaving: 0n, unlockAt: null, slashed: 0n }],
    ["a request moves active to leaving", [{ kind: "STAKED", amount: 8n }, { kind: "WITHDRAWAL_REQUESTED", amount: 3n, unlockAt: at }], { active: 5n, leaving: 3n, unlockAt: at, slashed: 0n }],
    [
      "a withdrawal empties leaving",
      [{ kind: "STAKED", amount: 8n }, { kind: "WITHDRAWAL_REQUESTED", amount: 3n, unlockAt: at }, { kind: "WITHDRAWN", amount: 3n }],
      { active: 5n, leaving: 0n, unlockAt: null, slashed: 0n },
    ],
    [
      "a slash takes active first, then leaving",
      [{ kind: "STAKED", amount: 8n }, { kind: "WITHDRAWAL_REQUESTED", amount: 6n, unlockAt: at }, { kind: "SLASHED", amount: 4n }],
      { active: 0n, leaving: 4n, unlockAt: at, slashed: 4n },
    ],
  ])("%s", (_, events, expected) => {
    expect(replay(events)).toEqual(expected);
  });

  it.each<[string, StakeEvent[]]>([
    ["a request above the active stake", [{ kind: "STAKED", amount: 1n }, { kind: "WITHDRAWAL_REQUESTED", amount: 2n, unlockAt: at }]],
    ["a withdrawal of nothing leaving", [{ kind: "STAKED", amount: 1n }, { kind: "WITHDRAWN", amount: 1n }]],
    ["a slash above the stake", [{ kind: "SLASHED", amount: 1n }]],
  ])("refuses %s: an event was missed", (_, events) => {
    expect(() => replay(events)).toThrow(/missed/);
  });
});
