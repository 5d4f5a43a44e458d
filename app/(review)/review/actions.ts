"use server";
import { runAction as run, type ActionResult } from "@/app/_lib/action-result";
import { requireUser } from "@/lib/server/auth/session";
import { claimReview } from "@/lib/server/reviews/claim-review";
import { toClientTask, type ClientTask } from "@/lib/server/reviews/review-task";
import { skipReview } from "@/lib/server/reviews/skip-review";
import { submitVerdict } from "@/lib/server/reviews/submit-verdict";
import { sampleIdOfTask } from "@/lib/server/reviews/task-ref";
import { undoVerdict } from "@/lib/server/reviews/undo-verdict";

// Each action is a public endpoint: it signs the caller in and the service checks that they may review. The desk
// names a sample by its opaque task id only (review-task.ts, ClientTask).
export async function claimNextAction(campaignId: string | null): Promise<ActionResult<ClientTask | null>> {
  return run(async () => {
    const task = await claimReview(await requireUser(), typeof campaignId === "string" && campaignId.length <= 64 ? { campaignId } : {});
    return task ? toClientTask(task) : null;
  });
}

export async function submitVerdictAction(input: { taskId: string; verdict: "ACCEPT" | "REJECT"; reason?: string; label?: string }): Promise<ActionResult<{ undoableUntil: Date }>> {
  return run(async () => {
    const user = await requireUser();
    const { taskId, ...verdict } = input;
    const { undoableUntil } = await submitVerdict(user, { ...verdict, sampleId: sampleIdOfTask(user, { taskId: String(taskId) }) });
    return { undoableUntil };
  });
}

export async function undoVerdictAction(taskId: string): Promise<ActionResult<null>> {
  return run(async () => {
    const user = await requireUser();
    await undoVerdict(user, { sampleId: sampleIdOfTask(user, { taskId: String(taskId) }) });
    return null;
  });
}

export async function skipAction(taskId: string): Promise<ActionResult<null>> {
  return run(async () => {
    const user = await requireUser();
    await skipReview(user, { sampleId: sampleIdOfTask(user, { taskId: String(taskId) }) });
    return null;
  });
}
