import { NextResponse, type NextRequest } from "next/server";
import { ZApiTaskRef } from "@/lib/schemas/review-api";
import { route } from "@/lib/server/http";
import { readReviewBody, reviewCaller } from "@/lib/server/reviews/review-api";
import { sampleIdOfTask } from "@/lib/server/reviews/task-ref";
import { skipReview } from "@/lib/server/reviews/skip-review";

export const dynamic = "force-dynamic";

/** Hands a held sample back to the queue for someone else, `{ taskId }`; the caller is not served it again. */
export const POST = route(async (request: NextRequest) => {
  const user = await reviewCaller(request);
  const ref = ZApiTaskRef.parse(await readReviewBody(request));
  await skipReview(user, { sampleId: sampleIdOfTask(user, ref) });
  return NextResponse.json({ ok: true, ...(ref.taskId !== undefined ? { taskId: ref.taskId } : { sampleId: ref.sampleId }) });
});
