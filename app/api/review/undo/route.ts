import { NextResponse, type NextRequest } from "next/server";
import { ZApiTaskRef } from "@/lib/schemas/review-api";
import { route } from "@/lib/server/http";
import { readReviewBody, reviewCaller } from "@/lib/server/reviews/review-api";
import { sampleIdOfTask } from "@/lib/server/reviews/task-ref";
import { undoVerdict } from "@/lib/server/reviews/undo-verdict";

export const dynamic = "force-dynamic";

/** Takes back the caller's verdict within the undo window, `{ taskId }`; they hold the sample again on a fresh lease. */
export const POST = route(async (request: NextRequest) => {
  const user = await reviewCaller(request);
  const ref = ZApiTaskRef.parse(await readReviewBody(request));
  const { leaseExpiresAt } = await undoVerdict(user, { sampleId: sampleIdOfTask(user, ref) });
  const named = ref.taskId !== undefined ? { taskId: ref.taskId } : { sampleId: ref.sampleId };
  return NextResponse.json({ ok: true, ...named, leaseExpiresAt: leaseExpiresAt.toISOString() });
});
