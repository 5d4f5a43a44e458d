import "server-only";
import { QUIZ_RETRY_AFTER_MS, scoreQuiz } from "@/lib/domain/reviews/quiz";
import { AppError } from "@/lib/errors";
import { ZLabelSchema } from "@/lib/schemas/label-schema";
import { ZQuizSubmission } from "@/lib/schemas/quiz";
import type { SessionUser } from "@/lib/server/auth/session";
import { reviewTransaction } from "@/lib/server/reviews/unique-violation";

/** Pass or fail, never the score: see QUIZ_RETRY_AFTER_MS. */
export type QuizResult = { passed: boolean; retryAt: Date | null };

/**
 * Scores a sitting of the quiz. A pass makes the user a reviewer of the campaign (CampaignReviewer, source QUIZ); pass
 * or fail, the score is recorded on the attempt and logged for admins, and the user learns only which of the two. A
 * sitting is scored once: the compare-and-set on `submittedAt` refuses a second submission, even a concurrent one.
 * Answers name items by their position in the sitting; the served sample ids stay on the server.
 */
export async function submitQuiz(actor: SessionUser, input: unknown, options: { now?: Date } = {}): Promise<QuizResult> {
  const now = options.now ?? new Date();
  const { attemptId, answers } = ZQuizSubmission.parse(input);
  return reviewTransaction(async (tx) => {
    const attempt = await tx.quizAttempt.findUnique({
      where: { id: attemptId },
      select: { id: true, userId: true, campaignId: true, sampleIds: true, submittedAt: true, campaign: { select: { quizPassMark: true, labelSchema: true, status: true } } },
    });
    // Someone else's sitting is as good as missing: ids must not be probed.
    if (!attempt || attempt.userId !== actor.id) throw new AppError("NOT_FOUND", "That quiz does not exist.");
    if (attempt.submittedAt) throw new AppError("CONFLICT", "This quiz was already scored.");
    if (attempt.campaign.status !== "OPEN") throw new AppError("CONFLICT", "This campaign is not open, so its quiz cannot be scored.");
    const schema = ZLabelSchema.parse(attempt.campaign.labelSchema);
    for (const a of answers) {
      if (a.label === undefined) continue;
      if (schema.kind !== "single_label" || !schema.labels.includes(a.label)) {
        throw new AppError("VALIDATION", `'${a.label.slice(0, 64)}' is not a label of this campaign.`, { details: { fieldErrors: { answers: [`'${a.label.slice(0, 64)}' is not a label of this campaign.`] } } });
      }
    }
    const served = Array.isArray(attempt.sampleIds) ? (attempt.sampleIds as string[]) : [];
    const positions = answers.map((a) => a.item);
    if (new Set(positions).size !== served.length || positions.length !== served.length || positions.some((p) => p >= served.length)) {
      throw incomplete();
    }
    const bySample = answers.map((a) => ({ sampleId: served[a.item]!, verdict: a.verdict, ...(a.label === undefined ? {} : { label: a.label }) }));
    // Gold an admin removed since the sitting began no longer counts either way.
    const gold = await tx.goldItem.findMany({
      where: { sampleId: { in: served } },
      select: { sampleId: true, expectedVerdict: true, expectedLabel: true, sample: { select: { labels: true } } },
    });
    const keys = gold.map((g) => ({ sampleId: g.sampleId, expectedVerdict: g.expectedVerdict, expectedLabel: g.expectedLabel, contributorLabel: typeof g.sample.labels === "string" ? g.sample.labels : null }));
    const counted = bySample.filter((a) => keys.some((k) => k.sampleId === a.sampleId));
    if (keys.length === 0) throw incomplete();
    const score = scoreQuiz(keys, counted, attempt.campaign.quizPassMark);

    const scored = await tx.quizAttempt.updateMany({
      where: { id: attempt.id, submittedAt: null },
      data: { submittedAt: now, answers: counted, correct: score.correct, total: score.total, passed: score.passed },
    });
    if (scored.count !== 1) throw new AppError("CONFLICT", "This quiz was already scored.");
    if (score.passed) {
      const existing = await tx.campaignReviewer.findUnique({ where: { campaignId_userId: { campaignId: attempt.campaignId, userId: actor.id } }, select: { active: true } });
      // A removed reviewer cannot come back through the quiz (startQuiz refuses them; this guards a sitting begun before).
      if (existing && !existing.active) throw new AppError("FORBIDDEN", "You were removed from this campaign's reviewers; the quiz cannot change that.");
      await tx.campaignReviewer.upsert({
        where: { campaignId_userId: { campaignId: attempt.campaignId, userId: actor.id } },
        create: { campaignId: attempt.campaignId, userId: actor.id, source: "QUIZ" },
        update: {},
      });
    }
    await tx.auditEvent.create({
      data: {
        actorId: actor.id,
        action: score.passed ? "reviewer.quiz-pass" : "reviewer.quiz-fail",
        subject: `campaign:${attempt.campaignId}`,
        details: { attemptId: attempt.id, correct: score.correct, total: score.total, passMark: attempt.campaign.quizPassMark },
      },
    });
    return { passed: score.passed, retryAt: score.passed ? null : new Date(now.getTime() + QUIZ_RETRY_AFTER_MS) };
  });
}

function incomplete(): AppError {
  const message = "Answer every item of this quiz, once each, and nothing else.";
  return new AppError("VALIDATION", message, { details: { fieldErrors: { answers: [message] } } });
}
