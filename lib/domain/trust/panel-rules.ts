// Who sits on an appeal's panel. A panel is fresh (none of the sample's earlier reviewers, not its contributor),
// staked, and the most reliable the campaign has measured; it is 2n+1 strong so it cannot tie, and a split panel is
// followed once by a larger one.

export const FIRST_PANEL_SIZE = 3;
export const ESCALATED_PANEL_SIZE = 7;

export type PanelCandidate = {
  reviewerId: string;
  /** Measured reliability in the campaign (class-balanced accuracy), null before the engine measured them. */
  reliability: number | null;
  /** Gold answers behind that measure: a panelist must have an established record. */
  goldAnswers: number;
  stakeCovers: boolean;
};

export const PANEL_MIN_GOLD_ANSWERS = 5;

/** The smallest larger panel: a campaign too small for ESCALATED_PANEL_SIZE fresh reviewers seats this many or more. */
export const SMALLEST_SECOND_PANEL_SIZE = 5;

/** The panel's largest size for its round: the first panel, then once a larger one. */
export function panelSize(round: 1 | 2): number {
  return round === 1 ? FIRST_PANEL_SIZE : ESCALATED_PANEL_SIZE;
}

/**
 * How many to seat in a round, given how many fresh reviewers are eligible; null while too few are. The first panel
 * is FIRST_PANEL_SIZE. The larger one is ESCALATED_PANEL_SIZE, or in a campaign too small for it the largest odd
 * number of eligible reviewers down to SMALLEST_SECOND_PANEL_SIZE: a small crowd still gets its second look.
 */
export function panelSizeFor(round: 1 | 2, eligible: number): number | null {
  if (round === 1) return eligible >= FIRST_PANEL_SIZE ? FIRST_PANEL_SIZE : null;
  const odd = eligible % 2 === 1 ? eligible : eligible - 1;
  const size = Math.min(ESCALATED_PANEL_SIZE, odd);
  return size >= SMALLEST_SECOND_PANEL_SIZE ? size : null;
}

/** Candidates who may sit: not excluded, staked enough, with a measured reliability on enough gold answers. */
export function eligiblePanelists(candidates: readonly PanelCandidate[], excluded: ReadonlySet<string>): PanelCandidate[] {
  return candidates.filter((c) => !excluded.has(c.reviewerId) && c.stakeCovers && c.reliability !== null && c.goldAnswers >= PANEL_MIN_GOLD_ANSWERS);
}

/**
 * The `size` most reliable eligible candidates, ties broken by a per-sample hash of the id (`tieBreak`) so that no
 * reviewer is first in every tie; null when fewer than `size` are eligible (the panel cannot be formed yet).
 */
export function choosePanel(
  candidates: readonly PanelCandidate[],
  excluded: ReadonlySet<string>,
  size: number,
  tieBreak: (reviewerId: string) => number,
): string[] | null {
  const eligible = eligiblePanelists(candidates, excluded);
  if (eligible.length < size) return null;
  eligible.sort((a, b) => b.reliability! - a.reliability! || tieBreak(a.reviewerId) - tieBreak(b.reviewerId) || (a.reviewerId < b.reviewerId ? -1 : 1));
  return eligible.slice(0, size).map((c) => c.reviewerId);
}

export type PanelOutcome = "OVERTURNED" | "UPHELD" | "SPLIT";

/**
 * What a panel's decision means for the appeal: the calibrated rule decides the sample with the panel's votes in;
 * an accept overturns a rejection (or settles an undecided sample), a reject upholds it, anything else is split.
 */
export function panelOutcome(decision: "ACCEPT" | "REJECT" | "ESCALATE" | "NEED_MORE_REVIEWS"): PanelOutcome {
  if (decision === "ACCEPT") return "OVERTURNED";
  if (decision === "REJECT") return "UPHELD";
  return "SPLIT";
}

/** After a split: the next round, or null when the larger panel was split too (the sample stays as decided). */
export function nextRound(round: 1 | 2, outcome: PanelOutcome): 2 | null {
  return outcome === "SPLIT" && round === 1 ? 2 : null;
}

export type AppealKind = "appeal" | "escalation";

export type PanelResolution =
  /** The panel decided: the appeal's final state and the sample's new status. */
  | { kind: "final"; appealState: "OVERTURNED" | "UPHELD"; sampleStatus: "ACCEPTED" | "REJECTED" }
  /** Split in the first round: a larger, fresh panel sits next. */
  | { kind: "next-round"; round: 2 };

/**
 * What a panel's decision does to its appeal and sample. A split final round upholds: a decision stands unless a
 * panel is convinced otherwise, and nothing ships that never reached the campaign's threshold (accepting it would
 * break the promise that "0.9" means 90% right). So a split larger panel leaves the sample rejected (an appeal:
 * upheld, the bond settled as lost; an escalation: rejected, with no bond to settle), never with an administrator.
 */
export function resolvePanel(round: 1 | 2, decision: "ACCEPT" | "REJECT" | "ESCALATE" | "NEED_MORE_REVIEWS"): PanelResolution {
  const outcome = panelOutcome(decision);
  const next = nextRound(round, outcome);
  if (next !== null) return { kind: "next-round", round: next };
  return outcome === "OVERTURNED" ? { kind: "final", appealState: "OVERTURNED", sampleStatus: "ACCEPTED" } : { kind: "final", appealState: "UPHELD", sampleStatus: "REJECTED" };
}

/**
 * What a split first panel resolves to when its larger panel cannot be seated: fewer fresh, staked, measured reviewers
 * are left in the campaign than a larger panel needs (everyone who reviewed the sample or sat on it is excluded for
 * good). It resolves as a split larger panel does, the decision stands: waiting for reviewers who may never join would
 * hold the sample, the bond and the first reviewers' fees with nobody but an administrator able to move them.
 */
export function resolveWithoutLargerPanel(): PanelResolution {
  return resolvePanel(2, "ESCALATE");
}

/**
 * The decision settings a panel's votes are judged with: the campaign's threshold, every seat's vote in, none after.
 * A panel is judged on panelists' votes only (each weighted by the campaign's fitted model of that reviewer): counting
 * the appealed votes again would make the first reviewers judges in their own case, and a fresh panel's point is a
 * second, independent look. The larger panel after a split is judged together with the first one: both are fresh and
 * blind, so the split first panel's votes are evidence too. All votes still enter the campaign's model.
 */
export function judgingRounds(round: 1 | 2): number[] {
  return round === 1 ? [1] : [1, 2];
}

/** `size`: the seats judged (both panels' in the second round); `votes`: their votes in. */
export function panelDecisionSettings(threshold: number, size: number, votes: number) {
  return { threshold, minReviews: size, maxReviews: size, reviews: votes };
}

/** Reviewers whose vote was not for the class the panel decided: they lose the sample's fee. */
export function wrongVoterIds(decidedClass: number, reviews: readonly { reviewerId: string; voteClass: number | null }[]): string[] {
  return [...new Set(reviews.filter((r) => r.voteClass !== decidedClass).map((r) => r.reviewerId))];
}

/** One sentence for the appeal's page: how its panel decided. `sizes`: the seats of each round judged. */
export function panelNote(args: { sizes: readonly number[]; resolution: PanelResolution; decision: string; probability: number; threshold: number; label: string | null; largerPanelUnavailable?: boolean }): string {
  const pct = (p: number) => `${Math.round(p * 100)}%`;
  const together = args.sizes.length > 1;
  const panel = together ? `The panels of ${args.sizes.join(" and ")}, judged together,` : `The panel of ${args.sizes[0]}`;
  const was = together ? "were" : "was";
  const odds = `best ${pct(args.probability)}, threshold ${pct(args.threshold)}`;
  if (args.largerPanelUnavailable) {
    return `${panel} ${was} split (${odds}) and fewer than ${SMALLEST_SECOND_PANEL_SIZE} fresh reviewers are eligible for a larger panel: the sample stays rejected.`;
  }
  if (args.resolution.kind === "next-round") return `${panel} ${was} split (${odds}): a larger, fresh panel sits next.`;
  if (args.decision === "ACCEPT") return `${panel} accepted the sample${args.label ? ` as '${args.label}'` : ""} at ${pct(args.probability)} (threshold ${pct(args.threshold)}).`;
  if (args.decision === "REJECT") return `${panel} rejected the sample at ${pct(args.probability)} (threshold ${pct(args.threshold)}).`;
  return `${panel} ${was} split too (${odds}): the sample stays rejected.`;
}

/** How long a panelist has to vote before their seat goes to the next eligible reviewer. */
export const PANEL_SEAT_HOURS = 48;

export type SeatState = { seatedAt: Date; voted: boolean; skipped: boolean; holdsLiveLease: boolean };

/**
 * Why a seat is given to someone else, or null while it stands. A panelist who skipped the sample is never served it
 * again, and one who never comes back would hold the appeal open for good: either way the seat goes to the next
 * eligible reviewer (the released panelist is not paid from the bond). A panelist holding a live lease is about to
 * vote and keeps the seat.
 */
export function seatRelease(seat: SeatState, now: Date): "skipped" | "timed-out" | null {
  if (seat.voted || seat.holdsLiveLease) return null;
  if (seat.skipped) return "skipped";
  return now.getTime() - seat.seatedAt.getTime() >= PANEL_SEAT_HOURS * 3_600_000 ? "timed-out" : null;
}
