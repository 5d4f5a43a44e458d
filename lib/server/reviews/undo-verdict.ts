import "server-only";
import { AppError } from "@/lib/errors";
import { UNDO_WINDOW_MS, ZSampleRef } from "@/lib/schemas/review";
import type { SessionUser } from "@/lib/server/auth/session";
import type { DecisionInputs } from "./decision-inputs";
import { reviewTransaction } from "./unique-violation";

/**
 * Takes back a verdict within UNDO_WINDOW_MS: the review is deleted and the reviewer holds the sample again (a fresh
 * lease), so they can give the verdict they meant. Refused once the sample is decided: a decision, and the payout
 * written with it, is never unwound by a reviewer.
 */
export async function undoVerdict(actor: SessionUser, input: unknown, options: { now?: Date } = {}): Promise<{ sampleId: string; leaseExpiresAt: Date }> {
  const now = options.now ?? new Date();
  const { sampleId } = ZSampleRef.parse(input);
  return reviewTransaction(async (tx) => {
    const review = await tx.review.findUnique({
      where: { sampleId_reviewerId: { sampleId, reviewerId: actor.id } },
      select: { id: true, createdAt: true, sample: { select: { status: true, requiredReviews: true, campaign: { select: { leaseSeconds: true, reviewsPerItem: true } } } } },
    });
    if (!review) throw new AppError("NOT_FOUND", "You have no verdict on this sample to undo.");
    if (now.getTime() - review.createdAt.getTime() > UNDO_WINDOW_MS) throw new AppError("CONFLICT", `A verdict can only be undone within ${UNDO_WINDOW_MS / 1000} seconds.`);
    if (review.sample.status !== "PENDING_REVIEW") throw new AppError("CONFLICT", "This sample has been decided already, so the verdict stands.");

    // A delete first: it takes SQLite's write lock before the reads below.
    await tx.review.delete({ where: { id: review.id } });
    const leaseExpiresAt = new Date(now.getTime() + review.sample.campaign.leaseSeconds * 1000);
    await tx.reviewAssignment.update({ where: { sampleId_reviewerId: { sampleId, reviewerId: actor.id } }, data: { status: "LEASED", leaseExpiresAt } });

    // If this verdict made consensus ask for one more review, that request rested on a vote that no longer exists.
    const last = await tx.consensusDecision.findFirst({ where: { sampleId, flagged: false }, orderBy: { createdAt: "desc" }, select: { inputs: true } });
    const inputs = last?.inputs as DecisionInputs | undefined;
    if (inputs?.raisedRequiredReviews && inputs.votes.some((v) => v.reviewId === review.id) && review.sample.requiredReviews > review.sample.campaign.reviewsPerItem) {
      await tx.sample.update({ where: { id: sampleId }, data: { requiredReviews: { decrement: 1 } } });
    }
    return { sampleId, leaseExpiresAt };
  });
}
