import { NextResponse, type NextRequest } from "next/server";
import { ZApiQuizSubmission } from "@/lib/schemas/review-api";
import { route } from "@/lib/server/http";
import { campaignIdFromRef, quizForCaller, readReviewBody, reviewCaller, submitQuizForCampaign } from "@/lib/server/reviews/review-api";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ campaign: string }> };

/**
 * The campaign's qualification quiz for the caller: starts a sitting, or resumes the open one (so, like the quiz page,
 * it may write, and refuses other sites as the POSTs do). `status` says why there is none when there is none.
 */
export const GET = route(async (request: NextRequest, context: Context) => {
  const user = await reviewCaller(request);
  const campaignId = await campaignIdFromRef((await context.params).campaign, user);
  return NextResponse.json(await quizForCaller(user, campaignId), { headers: { "Cache-Control": "no-store" } });
});

/** Submits the sitting's answers, `{ attemptId, answers: [{ item, verdict, label? }] }`: pass or fail, never a score. */
export const POST = route(async (request: NextRequest, context: Context) => {
  const user = await reviewCaller(request);
  const campaignId = await campaignIdFromRef((await context.params).campaign, user);
  const input = ZApiQuizSubmission.parse(await readReviewBody(request));
  return NextResponse.json(await submitQuizForCampaign(user, campaignId, input));
});
