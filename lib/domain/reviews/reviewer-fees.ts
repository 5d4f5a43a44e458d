/**
 * Who earns the reviewer fee when a sample is decided: every reviewer whose vote was for the class decided (the
 * accepted label, or "unacceptable" for a rejection). Paying for agreement with the consensus (itself weighted by
 * measured reliability) rewards care; paying for every verdict would pay spammers as much as careful reviewers. An
 * "accept" of a sample that shipped with another label did not agree: it vouched for the wrong label.
 */
export function agreeingReviewerIds(decidedClass: number, reviews: readonly { reviewerId: string; voteClass: number | null }[]): string[] {
  return [...new Set(reviews.filter((r) => r.voteClass === decidedClass).map((r) => r.reviewerId))].sort();
}
