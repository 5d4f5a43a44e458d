import { BINARY_CLASS } from "./types";

/**
 * The classes one campaign's votes and decisions are about: what can ship, and "unacceptable".
 *
 * - A classification campaign (one label per sample): one class per label, meaning "the content is acceptable and
 *   this is its label", then "unacceptable". A review votes for exactly one of them:
 *   - accept: the contributor's label (the sample is right as labeled);
 *   - accept with label L: L (the content is fine, its right label is L);
 *   - reject because the label is wrong, naming L: L as well (the same statement, said as a rejection);
 *   - reject for any other reason, or because the label is wrong without naming the right one: unacceptable (it
 *     cannot ship with the label it has, and nobody said which label it should have).
 *   A sample ships with label L only when P(L) reaches the threshold.
 * - Any other campaign (several labels per sample, free text): the reviewer judges the sample as labeled, so the
 *   classes are "unacceptable" (reject) and "accepted as labeled" (accept); a label given with a verdict is refused.
 */
export interface OutcomeSpace {
  readonly kind: "labels" | "as-labeled";
  /** Display name of each class. */
  readonly classNames: readonly string[];
  /** Index of the "unacceptable" class. */
  readonly unacceptable: number;
}

export const UNACCEPTABLE = "unacceptable";
export const AS_LABELED = "accepted as labeled";

export function outcomeSpace(schema: { kind: string; labels?: readonly string[] }): OutcomeSpace {
  if (schema.kind === "single_label") {
    const labels = schema.labels ?? [];
    if (labels.length < 2) throw new RangeError("A classification campaign needs at least 2 labels.");
    return { kind: "labels", classNames: [...labels, UNACCEPTABLE], unacceptable: labels.length };
  }
  return { kind: "as-labeled", classNames: [UNACCEPTABLE, AS_LABELED], unacceptable: BINARY_CLASS.reject };
}

export interface ReviewStatement {
  readonly verdict: "ACCEPT" | "REJECT";
  readonly reason: string | null;
  /** The label the reviewer named, if any. */
  readonly label: string | null;
  /** The sample's labels as the contributor gave them. */
  readonly contributorLabels: unknown;
}

/** The class a review votes for; null when it names a label outside the schema (refused when the verdict came in). */
export function reviewClass(space: OutcomeSpace, review: ReviewStatement): number | null {
  if (space.kind === "as-labeled") return review.verdict === "ACCEPT" ? BINARY_CLASS.accept : BINARY_CLASS.reject;
  // "The label is wrong" naming the sample's own label contradicts itself (refused when the verdict comes in): it says
  // only that the sample cannot ship as it is.
  if (review.verdict === "REJECT" && (review.reason !== "wrong_label" || !review.label || review.label === review.contributorLabels)) return space.unacceptable;
  const label = review.label ?? (typeof review.contributorLabels === "string" ? review.contributorLabels : null);
  return labelClass(space, label);
}

/** The class of a gold answer: "reject" is unacceptable; "accept" is its expected label, else the sample's own. */
export function goldClass(space: OutcomeSpace, gold: { expectedVerdict: "ACCEPT" | "REJECT"; expectedLabel: string | null }, contributorLabels: unknown): number | null {
  if (gold.expectedVerdict === "REJECT") return space.unacceptable;
  if (space.kind === "as-labeled") return BINARY_CLASS.accept;
  return labelClass(space, gold.expectedLabel ?? (typeof contributorLabels === "string" ? contributorLabels : null));
}

function labelClass(space: OutcomeSpace, label: string | null): number | null {
  if (label === null) return null;
  const at = space.classNames.indexOf(label);
  return at >= 0 && at !== space.unacceptable ? at : null;
}

/** What shipping class k means, in words: "accepted as sports", "unacceptable", "accepted as labeled". */
export function className(space: OutcomeSpace, k: number): string {
  return space.classNames[k] ?? `class ${k}`;
}
