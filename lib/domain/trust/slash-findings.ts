// When a staked reviewer's gold record is a finding against their stake (stake-rules.ts prices it). Pure: the slasher
// (lib/server/trust/slash-findings.ts) reads the answers and records what this returns, once per key.
import { SLASH_MIN_GOLD_ANSWERS } from "./stake-rules";

export type GoldFloorFinding = {
  kind: "below-gold-floor";
  /** 1 for the reviewer's first such finding in the campaign, then 2, ... */
  round: number;
  /** The measured window: gold answers given after the previous finding's, and how many were right. */
  goldAnswers: number;
  goldCorrect: number;
  goldAccuracy: number;
  /** All of the reviewer's gold answers in the campaign so far: where the next finding's window starts. */
  goldSeen: number;
  floor: number;
};

export type GoldRecord = {
  /** The reviewer's gold answers in the campaign, oldest first: right or wrong against the known answer. */
  answers: readonly boolean[];
  floor: number;
  /** The latest earlier finding of this kind, if any. */
  previous: { round: number; goldSeen: number } | null;
};

/**
 * The finding a reviewer's gold record makes now, or null. Each finding measures only the answers given after the
 * previous one: a reviewer is slashed once for a careless stretch, and again only for a new one of at least
 * SLASH_MIN_GOLD_ANSWERS answers, never twice for the same answers.
 */
export function goldFloorFinding(record: GoldRecord): GoldFloorFinding | null {
  const start = record.previous?.goldSeen ?? 0;
  const window = record.answers.slice(start);
  if (window.length < SLASH_MIN_GOLD_ANSWERS) return null;
  const goldCorrect = window.filter(Boolean).length;
  const goldAccuracy = goldCorrect / window.length;
  if (!(goldAccuracy < record.floor)) return null;
  return {
    kind: "below-gold-floor",
    round: (record.previous?.round ?? 0) + 1,
    goldAnswers: window.length,
    goldCorrect,
    goldAccuracy,
    goldSeen: record.answers.length,
    floor: record.floor,
  };
}

/** The finding's unique key: one slash per key, whatever runs the slasher or how often. */
export function slashFindingKey(finding: { kind: string; round: number }, campaignId: string, userId: string): string {
  return `${finding.kind}:${campaignId}:${userId}:${finding.round}`;
}

export type ReliabilityFloorFinding = { kind: "below-reliability-floor"; round: 1; reliability: number; floor: number };

/**
 * The finding a reviewer's removal from a campaign makes: removed by the engine for reliability below the floor (not
 * by an admin), with a measured reliability below it. One per reviewer and campaign: a membership row is rewritten as
 * fits record reliabilities, so nothing on it can tell one removal from a later one.
 */
export function reliabilityFloorFinding(membership: { active: boolean; inactiveReason: string | null; reliability: number | null }, floor: number): ReliabilityFloorFinding | null {
  if (membership.active || membership.inactiveReason !== "below-floor" || membership.reliability === null) return null;
  if (!(membership.reliability < floor)) return null;
  return { kind: "below-reliability-floor", round: 1, reliability: membership.reliability, floor };
}
