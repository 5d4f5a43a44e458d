import "server-only";
import { isCorrectAnswer } from "@/lib/domain/reviews/quiz";
import type { Tx } from "@/lib/server/chain/index-events";

export type ScoredGoldAnswer = { sampleId: string; right: boolean };

/**
 * A reviewer's gold answers in the queue of one campaign, oldest first, right or wrong against the current answers as
 * the quiz scores them. A gold challenge's panel votes are not gold answers (Review.goldChallengeId).
 */
export async function scoredGoldAnswers(client: Pick<Tx, "review">, campaignId: string, reviewerId: string): Promise<ScoredGoldAnswer[]> {
  const reviews = await client.review.findMany({
    where: { reviewerId, goldChallengeId: null, sample: { campaignId, goldItem: { isNot: null } } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { verdict: true, label: true, sample: { select: { id: true, labels: true, goldItem: { select: { expectedVerdict: true, expectedLabel: true } } } } },
  });
  return reviews.map((r) => {
    const gold = r.sample.goldItem!;
    const key = { sampleId: r.sample.id, expectedVerdict: gold.expectedVerdict, expectedLabel: gold.expectedLabel, contributorLabel: typeof r.sample.labels === "string" ? r.sample.labels : null };
    return { sampleId: r.sample.id, right: isCorrectAnswer(key, { sampleId: r.sample.id, verdict: r.verdict, label: r.label }) };
  });
}
