import type { Decision, OutcomeSpace } from "@/lib/domain/consensus";

/** A sample's status as far as a decision is concerned. */
export type DecidedState = { readonly status: string; readonly consensusLabel: string | null };

/**
 * The label a sample ships with: the accepted label of a classification campaign; null when it ships as labeled, and
 * for any outcome but an acceptance (nothing ships).
 */
export function shippedLabel(space: OutcomeSpace, outcome: { decision: Decision; outcomeClass: number | null }): string | null {
  return outcome.decision === "ACCEPT" && space.kind === "labels" && outcome.outcomeClass !== null ? space.classNames[outcome.outcomeClass]! : null;
}

/** Sample.posterior: P(the most probable acceptable class is right), the probability an accepted sample ships with. */
export function bestLabelProbability(space: OutcomeSpace, posterior: readonly number[]): number {
  let best = 0;
  posterior.forEach((p, k) => {
    if (k !== space.unacceptable && p > best) best = p;
  });
  return best;
}

/**
 * What must never happen silently: an accepted sample turning into a rejection or into another label, or a rejected
 * sample into an acceptance.
 */
export function reverses(space: OutcomeSpace, current: DecidedState, outcome: Decision, outcomeClass: number | null): boolean {
  if (current.status === "REJECTED") return outcome === "ACCEPT";
  if (current.status !== "ACCEPTED") return false;
  if (outcome === "REJECT") return true;
  if (outcome !== "ACCEPT" || space.kind !== "labels" || current.consensusLabel === null) return false;
  return space.classNames[outcomeClass!] !== current.consensusLabel;
}
