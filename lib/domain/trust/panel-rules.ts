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

/** The panel's size for its round: the first panel, then once a larger one. */
export function panelSize(round: 1 | 2): number {
  return round === 1 ? FIRST_PANEL_SIZE : ESCALATED_PANEL_SIZE;
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
  const eligible = candidates.filter(
    (c) => !excluded.has(c.reviewerId) && c.stakeCovers && c.reliability !== null && c.goldAnswers >= PANEL_MIN_GOLD_ANSWERS,
  );
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
