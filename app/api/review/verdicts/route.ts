import { NextResponse, type NextRequest } from "next/server";
import { AppError } from "@/lib/errors";
import { ZApiVerdict } from "@/lib/schemas/review-api";
import { route } from "@/lib/server/http";
import { claimReview } from "@/lib/server/reviews/claim-review";
import { readReviewBody, reviewCaller, toApiTask } from "@/lib/server/reviews/review-api";
import { submitVerdict } from "@/lib/server/reviews/submit-verdict";
import { sampleIdOfTask } from "@/lib/server/reviews/task-ref";

export const dynamic = "force-dynamic";

/**
 * Records a blind verdict on the sample the caller holds: `{ taskId, verdict: "ACCEPT" | "REJECT", reason?, label?,
 * next? }`. The answer only acknowledges it (the decision and its posterior would tell the caller how the others
 * voted); with `next: true` it also carries the caller's next sample of that campaign, as POST /api/review/next would.
 */
export const POST = route(async (request: NextRequest) => {
  const user = await reviewCaller(request);
  const { next, taskId, sampleId, ...verdict } = ZApiVerdict.parse(await readReviewBody(request));
  const { campaignId, undoableUntil } = await submitVerdict(user, { ...verdict, sampleId: sampleIdOfTask(user, { taskId, sampleId }) });
  // The task is named as the caller named it: a taskId is never answered with the sample's id.
  const body = { ok: true, ...(taskId !== undefined ? { taskId } : { sampleId }), undoUntil: undoableUntil.toISOString() };
  if (!next) return NextResponse.json(body, { status: 201 });
  try {
    const task = await claimReview(user, { campaignId });
    return NextResponse.json({ ...body, next: task ? toApiTask(task) : null }, { status: 201 });
  } catch (error) {
    // The verdict is in whatever happens to the claim (this verdict may have taken the caller below the campaign's
    // reliability floor): say why there is no next sample instead of failing the request.
    if (!(error instanceof AppError)) throw error;
    return NextResponse.json({ ...body, next: null, nextError: { code: error.code, message: error.message } }, { status: 201 });
  }
});
