/**
 * Who earns the reviewer fee when a sample is decided: every reviewer whose verdict agreed with the decision. Paying
 * for agreement with the consensus (itself weighted by measured reliability) rewards care; paying for every verdict
 * would pay spammers as much as careful reviewers.
 */
export function agreeingReviewerIds(outcome: "ACCEPT" | "REJECT", reviews: readonly { reviewerId: string; verdict: "ACCEPT" | "REJECT" }[]): string[] {
  return [...new Set(reviews.filter((r) => r.verdict === outcome).map((r) => r.reviewerId))].sort();
}
