import "server-only";
import { quizRetryAt } from "@/lib/domain/reviews/quiz";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { SessionUser } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";

type Reader = Pick<Prisma.TransactionClient, "campaign" | "campaignReviewer" | "quizAttempt" | "goldItem">;

export type QuizStatus =
  | { kind: "reviewer" }
  | { kind: "removed"; reason: string }
  | { kind: "closed" }
  | { kind: "not-enough-gold"; available: number; needed: number }
  | { kind: "wait"; retryAt: Date }
  | { kind: "open"; quizSize: number; passMark: number };

/**
 * Whether this user may sit a campaign's quiz now, and if not why: already a reviewer (by quiz, admin or the global
 * role), removed from its reviewers (an admin's revocation or the reliability floor: the quiz does not undo either),
 * a campaign not open, too few gold items they could be asked (never their own), or the cool-down after a failure.
 */
/** quizStatus for pages: the signed-in user's standing in one campaign's quiz, right now. */
export function myQuizStatus(user: SessionUser, campaignId: string): Promise<QuizStatus> {
  return quizStatus(db, user, campaignId, new Date());
}

export async function quizStatus(tx: Reader, user: SessionUser, campaignId: string, now: Date): Promise<QuizStatus> {
  const campaign = await tx.campaign.findUniqueOrThrow({ where: { id: campaignId }, select: { status: true, quizSize: true, quizPassMark: true } });
  const membership = await tx.campaignReviewer.findUnique({ where: { campaignId_userId: { campaignId, userId: user.id } }, select: { active: true, inactiveReason: true } });
  if (membership?.active || (!membership && user.roles.includes("REVIEWER"))) return { kind: "reviewer" };
  if (membership) return { kind: "removed", reason: removalReason(membership.inactiveReason) };
  if (campaign.status !== "OPEN") return { kind: "closed" };
  const available = await tx.goldItem.count({ where: { campaignId, sample: { contributorId: { not: user.id } } } });
  if (available < campaign.quizSize) return { kind: "not-enough-gold", available, needed: campaign.quizSize };
  const last = await tx.quizAttempt.findFirst({
    where: { campaignId, userId: user.id, submittedAt: { not: null } },
    orderBy: { submittedAt: "desc" },
    select: { submittedAt: true, passed: true },
  });
  // Pass or fail only, never the score (see QUIZ_RETRY_AFTER_MS).
  const retryAt = last && !last.passed ? quizRetryAt(last.submittedAt, now) : null;
  if (retryAt) return { kind: "wait", retryAt };
  return { kind: "open", quizSize: campaign.quizSize, passMark: campaign.quizPassMark };
}

function removalReason(reason: string | null): string {
  if (reason === "below-floor") return "Your measured reliability in this campaign fell below its floor, so it serves you no more items.";
  return "An admin removed you from this campaign's reviewers.";
}
