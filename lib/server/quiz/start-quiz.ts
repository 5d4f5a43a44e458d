import "server-only";
import { seededShuffle } from "@/lib/domain/consensus";
import { drawQuizItems } from "@/lib/domain/reviews/quiz";
import { AppError } from "@/lib/errors";
import { ZQuizStart } from "@/lib/schemas/quiz";
import type { SessionUser } from "@/lib/server/auth/session";
import { REVIEW_SAMPLE_SELECT, toReviewSample, type ReviewSample } from "@/lib/server/reviews/review-task";
import { reviewTransaction } from "@/lib/server/reviews/unique-violation";
import { quizStatus } from "./quiz-status";

/**
 * A quiz item as the browser gets it: a queue item without its sample id, named by its position in the sitting. The id
 * would tell a wallet which samples are gold: shared, it would let another wallet recognise them in its queue.
 */
export type QuizItem = Omit<ReviewSample, "sampleId"> & { item: number };

export type QuizSitting = { attemptId: string; passMark: number; items: QuizItem[] };

/**
 * Starts (or resumes) a sitting of a campaign's qualification quiz: `quizSize` gold items the user did not contribute,
 * drawn from a rotating pool of items earlier sittings showed, grown with fresh ones up to its size (quizPoolSize). A
 * shown item is retired from the queue's gold (review-rows.ts): the quiz spends a bounded share of the gold that
 * measures reviewers. Items look exactly like queue items: nothing says what the right answer is. A reload
 * resumes the open sitting instead of drawing new items (drawing again until an easy set comes up would be a way
 * around the pass mark).
 */
export async function startQuiz(actor: SessionUser, input: unknown, options: { now?: Date; seed?: number } = {}): Promise<QuizSitting> {
  const now = options.now ?? new Date();
  const { campaignId } = ZQuizStart.parse(input);
  return reviewTransaction(async (tx) => {
    const campaign = await tx.campaign.findUnique({ where: { id: campaignId }, select: { id: true, quizPassMark: true } });
    if (!campaign) throw new AppError("NOT_FOUND", "That campaign does not exist.");
    const open = await tx.quizAttempt.findFirst({ where: { campaignId, userId: actor.id, submittedAt: null }, orderBy: { createdAt: "desc" }, select: { id: true, sampleIds: true } });
    const status = await quizStatus(tx, actor, campaignId, now);
    switch (status.kind) {
      case "reviewer":
        throw new AppError("CONFLICT", "You already review this campaign: open the review queue.");
      case "removed":
        throw new AppError("FORBIDDEN", status.reason);
      case "closed":
        throw new AppError("CONFLICT", "This campaign is not open, so it has no quiz to take.");
      case "not-enough-gold":
        throw new AppError("CONFLICT", `This campaign's quiz is not ready: it needs ${status.needed} gold items and has ${status.available}. Ask an admin.`);
      case "wait":
        throw new AppError("CONFLICT", `You did not pass the quiz. You can retake it at ${status.retryAt.toISOString().slice(11, 16)} UTC.`, { details: { retryAt: status.retryAt.toISOString() } });
      case "open":
        break;
    }
    let sampleIds = Array.isArray(open?.sampleIds) ? (open.sampleIds as string[]) : null;
    let attemptId = open?.id ?? null;
    if (!sampleIds || !attemptId) {
      // Not an item whose answer a gold challenge is questioning: it may be wrong.
      const pool = await tx.goldItem.findMany({ where: { campaignId, sample: { contributorId: { not: actor.id }, appeals: { none: { kind: "gold", state: "OPEN" } } } }, select: { sampleId: true, quizExposedAt: true }, orderBy: { sampleId: "asc" } });
      let seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
      const [goldItems, exposedInCampaign] = await Promise.all([tx.goldItem.count({ where: { campaignId } }), tx.goldItem.count({ where: { campaignId, quizExposedAt: { not: null } } })]);
      sampleIds = drawQuizItems({
        exposed: pool.filter((g) => g.quizExposedAt !== null).map((g) => g.sampleId),
        fresh: pool.filter((g) => g.quizExposedAt === null).map((g) => g.sampleId),
        exposedInCampaign,
        goldItems,
        quizSize: status.quizSize,
        shuffle: (xs) => seededShuffle(xs, seed++),
      });
      // What a sitting shows is known to its wallet, and to every wallet it shares with: never queue gold again.
      await tx.goldItem.updateMany({ where: { sampleId: { in: sampleIds }, quizExposedAt: null }, data: { quizExposedAt: now } });
      const attempt = await tx.quizAttempt.create({ data: { campaignId, userId: actor.id, sampleIds, total: sampleIds.length, createdAt: now }, select: { id: true } });
      attemptId = attempt.id;
    }
    const rows = await tx.sample.findMany({ where: { id: { in: sampleIds } }, select: REVIEW_SAMPLE_SELECT });
    const byId = new Map(rows.map((r) => [r.id, r]));
    const items = sampleIds.flatMap((id, item) => {
      const row = byId.get(id);
      if (!row) return [];
      const { sampleId: _hidden, ...shown } = toReviewSample(row);
      return [{ ...shown, item }];
    });
    return { attemptId, passMark: campaign.quizPassMark, items };
  });
}
