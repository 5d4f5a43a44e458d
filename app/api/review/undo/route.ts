import { NextResponse, type NextRequest } from "next/server";
import { ZApiSampleRef } from "@/lib/schemas/review-api";
import { route } from "@/lib/server/http";
import { readReviewBody, reviewCaller } from "@/lib/server/reviews/review-api";
import { undoVerdict } from "@/lib/server/reviews/undo-verdict";

export const dynamic = "force-dynamic";

/** Takes back the caller's verdict within the undo window, `{ sampleId }`; they hold the sample again on a fresh lease. */
export const POST = route(async (request: NextRequest) => {
  const user = await reviewCaller(request);
  const input = ZApiSampleRef.parse(await readReviewBody(request));
  const { sampleId, leaseExpiresAt } = await undoVerdict(user, input);
  return NextResponse.json({ ok: true, sampleId, leaseExpiresAt: leaseExpiresAt.toISOString() });
});
