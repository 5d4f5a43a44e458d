"use server";
import { isAppError } from "@/lib/errors";
import { requireUser } from "@/lib/server/auth/session";
import { toAppError } from "@/lib/server/http";
import { claimReview } from "@/lib/server/reviews/claim-review";
import type { ReviewTask } from "@/lib/server/reviews/review-task";
import { skipReview } from "@/lib/server/reviews/skip-review";
import { submitVerdict } from "@/lib/server/reviews/submit-verdict";
import { undoVerdict } from "@/lib/server/reviews/undo-verdict";

// Each action is a public endpoint: it signs the caller in and the service checks that they may review. Failures come
// back as sentences for the page to show, never as thrown errors (a thrown error would replace the page).
export type ActionResult<T> = { ok: true; value: T } | { ok: false; message: string };

async function run<T>(work: () => Promise<T>): Promise<ActionResult<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    const appError = toAppError(error);
    if (!isAppError(error) && appError.status >= 500) console.error("[review]", error);
    const field = (appError.details?.fieldErrors as Record<string, string[] | undefined> | undefined) ?? {};
    const first = Object.values(field).flat()[0];
    return { ok: false, message: appError.code === "VALIDATION" && first ? first : appError.message };
  }
}

export async function claimNextAction(): Promise<ActionResult<ReviewTask | null>> {
  return run(async () => claimReview(await requireUser()));
}

export async function submitVerdictAction(input: { sampleId: string; verdict: "ACCEPT" | "REJECT"; reason?: string; label?: string }): Promise<ActionResult<{ undoableUntil: Date }>> {
  return run(async () => {
    const { undoableUntil } = await submitVerdict(await requireUser(), input);
    return { undoableUntil };
  });
}

export async function undoVerdictAction(sampleId: string): Promise<ActionResult<null>> {
  return run(async () => {
    await undoVerdict(await requireUser(), { sampleId });
    return null;
  });
}

export async function skipAction(sampleId: string): Promise<ActionResult<null>> {
  return run(async () => {
    await skipReview(await requireUser(), { sampleId });
    return null;
  });
}
