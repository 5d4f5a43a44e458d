import { NextResponse, type NextRequest } from "next/server";
import { ZApiClaim } from "@/lib/schemas/review-api";
import { route } from "@/lib/server/http";
import { claimReview } from "@/lib/server/reviews/claim-review";
import { campaignIdFromRef, readReviewBody, reviewCaller, toApiTask } from "@/lib/server/reviews/review-api";

export const dynamic = "force-dynamic";

/**
 * Claims the next sample to review (the one already held, if any) and reserves a slot of it for the campaign's lease.
 * Body optional: `{ "campaign": "<slug or id>" }`. `{ task: null }` when the queue is empty. Session or `review` key.
 */
export const POST = route(async (request: NextRequest) => {
  const user = await reviewCaller(request);
  const { campaign } = ZApiClaim.parse(await readReviewBody(request, { optional: true }));
  const campaignId = campaign ? await campaignIdFromRef(campaign, user) : undefined;
  const task = await claimReview(user, campaignId ? { campaignId } : {});
  return NextResponse.json({ task: task ? toApiTask(task) : null });
});
