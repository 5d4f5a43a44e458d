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

/** Items two reviewers must both have answered wrong, with the same wrong class, before it is a finding. */
export const COLLUSION_MIN_SHARED_WRONG = 3;
/** The share of the items with a known answer both voted on that they answered wrong together. */
export const COLLUSION_MIN_SHARED_WRONG_SHARE = 0.5;

/**
 * An item whose right class is known: a gold item (its answer), or a sample a panel decided (the panel's class). The
 * votes are the ones measured against it: a panel's own votes are not measured against the panel's decision.
 */
export type JudgedItem = { truth: number; byPanel: boolean; votes: readonly { reviewerId: string; voteClass: number | null }[] };

export type CollusionFinding = {
  kind: "collusion";
  round: 1;
  reviewerId: string;
  /** The reviewers they were found voting with, strongest first. */
  partnerIds: string[];
  /** Their strongest pair: the judged items both voted on, and on how many they gave the same wrong answer. */
  sharedJudged: number;
  sharedWrong: number;
  floor: number;
};

/**
 * Reviewers a panel finds voting against the known answer in concert: a pair who gave the same wrong class on at least
 * COLLUSION_MIN_SHARED_WRONG judged items, on at least COLLUSION_MIN_SHARED_WRONG_SHARE of the judged items they both
 * voted on, one of them at least a sample a panel decided against them. Honest reviewers err too, and on hard items
 * together, but not on half of everything with a known answer they share: reviewers who did are either spammers or a
 * ring. Requiring a panel's decision makes it a panel's finding, and one per reviewer and campaign (round 1).
 */
export function collusionFindings(items: readonly JudgedItem[]): CollusionFinding[] {
  type Pair = { judged: number; wrong: number; panelWrong: number };
  const pairs = new Map<string, Pair>();
  for (const item of items) {
    const votes = item.votes.filter((v) => v.voteClass !== null);
    for (let i = 0; i < votes.length; i++) {
      for (let j = i + 1; j < votes.length; j++) {
        const [a, b] = [votes[i]!, votes[j]!].sort((x, y) => (x.reviewerId < y.reviewerId ? -1 : 1));
        if (a!.reviewerId === b!.reviewerId) continue;
        const key = `${a!.reviewerId}\u0000${b!.reviewerId}`;
        const pair = pairs.get(key) ?? { judged: 0, wrong: 0, panelWrong: 0 };
        pair.judged++;
        if (a!.voteClass === b!.voteClass && a!.voteClass !== item.truth) {
          pair.wrong++;
          if (item.byPanel) pair.panelWrong++;
        }
        pairs.set(key, pair);
      }
    }
  }
  const found = new Map<string, { partners: { id: string; pair: Pair }[] }>();
  for (const [key, pair] of pairs) {
    if (pair.wrong < COLLUSION_MIN_SHARED_WRONG || pair.panelWrong < 1 || pair.wrong / pair.judged < COLLUSION_MIN_SHARED_WRONG_SHARE) continue;
    const [a, b] = key.split("\u0000") as [string, string];
    for (const [self, other] of [[a, b], [b, a]] as const) {
      const entry = found.get(self) ?? { partners: [] };
      entry.partners.push({ id: other, pair });
      found.set(self, entry);
    }
  }
  return [...found.entries()]
    .map(([reviewerId, { partners }]) => {
      partners.sort((x, y) => y.pair.wrong - x.pair.wrong || (x.id < y.id ? -1 : 1));
      const strongest = partners[0]!.pair;
      return { kind: "collusion" as const, round: 1 as const, reviewerId, partnerIds: partners.map((p) => p.id), sharedJudged: strongest.judged, sharedWrong: strongest.wrong, floor: COLLUSION_MIN_SHARED_WRONG_SHARE };
    })
    .sort((x, y) => (x.reviewerId < y.reviewerId ? -1 : 1));
}
