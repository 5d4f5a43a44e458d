import "server-only";
import { AppError } from "@/lib/errors";
import type { TTaskRef } from "@/lib/schemas/review";
import type { SessionUser } from "@/lib/server/auth/session";
import { statement } from "@/lib/server/sqlite-direct";

/**
 * The sample behind a task the reviewer's client names (review-task.ts, ClientTask): their own assignment's sample.
 * Another reviewer's task id is no task of theirs (404), so ids cannot be probed across wallets. One indexed read on
 * the direct connection: it sits on the verdict path.
 */
export function sampleIdOfTask(actor: SessionUser, ref: TTaskRef): string {
  if (ref.taskId === undefined) return ref.sampleId!;
  const row = statement(`SELECT "sampleId" FROM "ReviewAssignment" WHERE "id" = ? AND "reviewerId" = ?`).get(ref.taskId, actor.id) as { sampleId: string } | undefined;
  if (!row) throw new AppError("NOT_FOUND", "You have no such task. Take the next one from the review queue.");
  return row.sampleId;
}
