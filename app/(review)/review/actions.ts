"use server";
import { runAction as run, type ActionResult } from "@/app/_lib/action-result";
import { requireUser } from "@/lib/server/auth/session";
import { claimReview } from "@/lib/server/reviews/claim-review";
import type { ReviewTask } from "@/lib/server/reviews/review-task";
import { skipReview } from "@/lib/server/reviews/skip-review";
import { submitVerdict } from "@/lib/server/reviews/submit-verdict";
import { undoVerdict } from "@/lib/server/reviews/undo-verdict";

// Each action is a public endpoint: it signs the caller in and the service checks that they may review.
export async function claimNextAction(campaignId: string | null): Promise<ActionResult<ReviewTask | null>> {
  return run(async () => claimReview(await requireUser(), typeof campaignId === "string" && campaignId.length <= 64 ? { campaignId } : {}));
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
