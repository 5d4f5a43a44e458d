"use server";
import { runAction, type ActionResult } from "@/app/_lib/action-result";
import { requireUser } from "@/lib/server/auth/session";
import { submitQuiz, type QuizResult } from "@/lib/server/quiz/submit-quiz";

/** A public endpoint: submitQuiz checks that the sitting is the caller's and scores it once. */
export async function submitQuizAction(input: { attemptId: string; answers: { item: number; verdict: "ACCEPT" | "REJECT"; label?: string }[] }): Promise<ActionResult<QuizResult>> {
  return runAction(async () => submitQuiz(await requireUser(), input));
}
