import "server-only";
import type { SessionUser } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import { quizStatus, type QuizStatus } from "./quiz-status";

export type QuizOffer = { slug: string; title: string; status: Exclude<QuizStatus, { kind: "reviewer" } | { kind: "closed" }> };

/**
 * The open campaigns this user does not review yet, each with whether its quiz can be sat now and, if not, why (too
 * few gold items, a cool-down, a removal). Campaigns with a quiz that can be sat come first. Not on the review path:
 * the review page asks this only of someone the queue refused.
 */
export async function listQuizOffers(user: SessionUser, options: { campaignId?: string; limit?: number } = {}): Promise<QuizOffer[]> {
  const campaigns = await db.campaign.findMany({
    where: { status: "OPEN", ...(options.campaignId ? { id: options.campaignId } : {}) },
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
    take: options.limit ?? 20,
    select: { id: true, slug: true, title: true },
  });
  const now = new Date();
  const offers: QuizOffer[] = [];
  for (const c of campaigns) {
    const status = await quizStatus(db, user, c.id, now);
    if (status.kind === "reviewer" || status.kind === "closed") continue;
    offers.push({ slug: c.slug, title: c.title, status });
  }
  return offers.sort((a, b) => Number(b.status.kind === "open") - Number(a.status.kind === "open"));
}
