import type { Decision } from "./outcome-decision";

const percent = (p: number) => `${Math.round(p * 100)}%`;
const ordinal = (n: number) => `${n}${n % 100 >= 11 && n % 100 <= 13 ? "th" : (["th", "st", "nd", "rd"][n % 10] ?? "th")}`;

export interface DecisionStory {
  readonly decision: Decision;
  /** P(class) by class name, as the decision saw it. */
  readonly classPosterior: Readonly<Record<string, number>>;
  /** "labels": the classes are labels and "unacceptable"; "as-labeled": "accepted as labeled" and "unacceptable". */
  readonly kind: "labels" | "as-labeled";
  readonly unacceptable: string;
  readonly decidedClass: string | null;
  readonly threshold: number;
  readonly reviews: number;
  readonly maxReviews: number;
}

/**
 * A decision in the words of the sample page: "After 3 reviews: sports 41%, tech 33%, politics 26%; no label reached
 * 90%, so a 4th review was requested." Classes are listed most probable first; those under 1% are left out.
 */
export function decisionInWords(story: DecisionStory): string {
  const { classPosterior, threshold, reviews, decision } = story;
  const listed = Object.entries(classPosterior)
    .filter(([, p]) => p >= 0.01)
    .sort((a, b) => b[1] - a[1])
    .map(([name, p]) => `${name} ${percent(p)}`)
    .join(", ");
  const head = `After ${reviews} review${reviews === 1 ? "" : "s"}: ${listed}`;
  const what = story.kind === "labels" ? "no label" : "neither";
  switch (decision) {
    case "ACCEPT":
      return story.kind === "labels"
        ? `${head}; ${story.decidedClass} reached the threshold of ${percent(threshold)}, so the sample was accepted as ${story.decidedClass}.`
        : `${head}; "accepted as labeled" reached the threshold of ${percent(threshold)}, so the sample was accepted.`;
    case "REJECT":
      return `${head}; ${story.unacceptable} reached the threshold of ${percent(threshold)}, so the sample was rejected.`;
    case "NEED_MORE_REVIEWS":
      return `${head}; ${what} reached ${percent(threshold)}, so a ${ordinal(reviews + 1)} review was requested.`;
    case "ESCALATE":
      return `${head}; ${what} reached ${percent(threshold)} after the campaign's maximum of ${story.maxReviews} review${story.maxReviews === 1 ? "" : "s"}, so the sample was escalated.`;
  }
}
