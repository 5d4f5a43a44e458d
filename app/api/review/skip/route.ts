import { NextResponse, type NextRequest } from "next/server";
import { ZApiSampleRef } from "@/lib/schemas/review-api";
import { route } from "@/lib/server/http";
import { readReviewBody, reviewCaller } from "@/lib/server/reviews/review-api";
import { skipReview } from "@/lib/server/reviews/skip-review";

export const dynamic = "force-dynamic";

/** Hands a held sample back to the queue for someone else, `{ sampleId }`; the caller is not served it again. */
export const POST = route(async (request: NextRequest) => {
  const user = await reviewCaller(request);
  const input = ZApiSampleRef.parse(await readReviewBody(request));
  await skipReview(user, input);
  return NextResponse.json({ ok: true, sampleId: input.sampleId });
});
