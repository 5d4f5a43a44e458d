import { NextResponse, type NextRequest } from "next/server";
import { ZApiVerdict } from "@/lib/schemas/review-api";
import { route } from "@/lib/server/http";
import { readReviewBody, reviewCaller } from "@/lib/server/reviews/review-api";
import { submitVerdict } from "@/lib/server/reviews/submit-verdict";

export const dynamic = "force-dynamic";

/**
 * Records a blind verdict on the sample the caller holds: `{ sampleId, verdict: "ACCEPT" | "REJECT", reason?, label? }`.
 * The answer only acknowledges it: the decision (and its posterior) would tell the caller how the others voted.
 */
export const POST = route(async (request: NextRequest) => {
  const user = await reviewCaller(request);
  const input = ZApiVerdict.parse(await readReviewBody(request));
  const { sampleId, undoableUntil } = await submitVerdict(user, input);
  return NextResponse.json({ ok: true, sampleId, undoUntil: undoableUntil.toISOString() }, { status: 201 });
});
