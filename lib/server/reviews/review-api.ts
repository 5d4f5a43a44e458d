import "server-only";
import { AppError } from "@/lib/errors";
import { ZQuizSubmission } from "@/lib/schemas/quiz";
import { authenticateRequest } from "@/lib/server/auth/authenticate-request";
import type { SessionUser } from "@/lib/server/auth/session";
import { assertSameOrigin } from "@/lib/server/csrf";
import { db } from "@/lib/server/db";
import { requireJsonContentType } from "@/lib/server/http";
import { resolveCampaignRef } from "@/lib/server/campaigns/resolve-campaign-ref";
import { quizStatus } from "@/lib/server/quiz/quiz-status";
import { startQuiz, type QuizItem } from "@/lib/server/quiz/start-quiz";
import { submitQuiz, type QuizResult } from "@/lib/server/quiz/submit-quiz";
import { toClientTask, type ClientTask, type ReviewSample, type ReviewTask } from "./review-task";

// The review API's glue around the review desk's own services (claimReview, submitVerdict, undoVerdict, skipReview,
// startQuiz, submitQuiz): who is calling, what they sent, and what they may see. The routes stay thin; the rules live
// in the services, so a program and a person at the desk are held to the same ones.

/** Bodies are a sample id and a verdict, or a quiz's answers: a few hundred bytes. Anything far larger is a mistake. */
const MAX_BODY_BYTES = 16 * 1024;

/**
 * The reviewer behind a review API request: the session cookie (from Tessera's own pages only, see assertSameOrigin)
 * or `Authorization: Bearer <key>` with the `review` scope. Refuses before anything is read or written.
 */
export async function reviewCaller(request: Request & { cookies: { get(name: string): { value: string } | undefined } }): Promise<SessionUser> {
  assertSameOrigin(request);
  return authenticateRequest(request, "review");
}

/**
 * The request's JSON body. A missing body is `{}` when `optional` (POST /api/review/next takes an empty one); a body
 * that is not declared as JSON is 415, one that does not parse is 400, one too large is 413.
 */
export async function readReviewBody(request: Request, options: { optional?: boolean } = {}): Promise<unknown> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  const text = await request.text();
  if (text.trim() === "") {
    if (options.optional) return {};
    throw new AppError("BAD_REQUEST", "The request body must be JSON, and it is empty.");
  }
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) throw tooLarge();
  requireJsonContentType(request);
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw new AppError("BAD_REQUEST", "The request body must be JSON.", { cause });
  }
}

function tooLarge(): AppError {
  return new AppError("PAYLOAD_TOO_LARGE", `The request body is larger than ${MAX_BODY_BYTES / 1024} KiB.`);
}

/** A campaign named by its id or its slug (the one resolver of every route, kept under this name for its callers). */
export const campaignIdFromRef = (ref: string, viewer: SessionUser): Promise<string> => resolveCampaignRef(ref, viewer);

/** A sample's content as a program gets it: text inline, a file as a URL of /api/blobs (same key or session). */
export type ApiContent = { kind: "text"; text: string } | { kind: "file"; url: string; width: number | null; height: number | null };

export type ApiReviewSample = Omit<ReviewSample, "content"> & { content: ApiContent };

/**
 * A claimed sample as the API returns it: exactly what the review desk shows (review-task.ts) and nothing more:
 * no contributor, no other verdicts, no consensus, nothing that tells a gold item apart; named by its opaque
 * `taskId`, never by the sample's id (the same for every reviewer).
 */
export type ApiTask = Omit<ApiReviewSample, "sampleId"> & { taskId: string; leaseExpiresAt: string };

export function toApiTask(task: ReviewTask): ApiTask {
  const { leaseExpiresAt, ...client }: ClientTask = toClientTask(task);
  return { ...toApiSample(client), leaseExpiresAt: leaseExpiresAt.toISOString() };
}

function toApiSample<S extends Omit<ReviewSample, "sampleId">>(sample: S): Omit<S, "content"> & { content: ApiContent } {
  const { content, ...rest } = sample;
  return {
    ...rest,
    content: content.kind === "text" ? content : { kind: "file", url: `/api/blobs/${content.blobKey}`, width: content.width, height: content.height },
  };
}

export type ApiQuizView =
  | { status: "open"; attemptId: string; passMark: number; items: (Omit<QuizItem, "content"> & { content: ApiContent })[] }
  | { status: "reviewer" | "removed" | "closed" | "not-enough-gold" | "wait"; message: string; retryAt?: string };

/**
 * A campaign's qualification quiz for this caller: the open sitting (started now, or resumed: a reload never draws an
 * easier set), or why there is none. Pass or fail only, never a score; items carry no sample id (start-quiz.ts).
 */
export async function quizForCaller(actor: SessionUser, campaignId: string, now = new Date()): Promise<ApiQuizView> {
  const status = await quizStatus(db, actor, campaignId, now);
  switch (status.kind) {
    case "reviewer":
      return { status: status.kind, message: "You already review this campaign: claim samples with POST /api/review/next." };
    case "removed":
      return { status: status.kind, message: status.reason };
    case "closed":
      return { status: status.kind, message: "This campaign is not open, so it has no quiz to take." };
    case "not-enough-gold":
      return { status: status.kind, message: `This campaign's quiz is not ready: it needs ${status.needed} samples with known answers and has ${status.available} you could be asked.` };
    case "wait":
      return { status: status.kind, message: `You did not pass the quiz. You can retake it at ${status.retryAt.toISOString()}.`, retryAt: status.retryAt.toISOString() };
    case "open": {
      const sitting = await startQuiz(actor, { campaignId }, { now });
      return { status: "open", attemptId: sitting.attemptId, passMark: sitting.passMark, items: sitting.items.map((item) => toApiSample(item)) };
    }
  }
}

/** Scores the caller's sitting of this campaign's quiz; a sitting of another campaign (or person) does not exist here. */
export async function submitQuizForCampaign(actor: SessionUser, campaignId: string, input: unknown, now = new Date()): Promise<{ passed: boolean; retryAt: string | null }> {
  const submission = ZQuizSubmission.parse(input);
  const sitting = await db.quizAttempt.findFirst({ where: { id: submission.attemptId, campaignId, userId: actor.id }, select: { id: true } });
  if (!sitting) throw new AppError("NOT_FOUND", "That quiz does not exist.");
  const result: QuizResult = await submitQuiz(actor, submission, { now });
  return { passed: result.passed, retryAt: result.retryAt?.toISOString() ?? null };
}
