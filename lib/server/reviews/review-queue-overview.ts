import "server-only";
import type { SessionUser } from "@/lib/server/auth/session";
import { directConnection } from "@/lib/server/sqlite-direct";
import { newcomerCampaignIds, reviewableCampaignIdsOf } from "./reviewer-access";
import { campaignTitles, countOpenSamples, liveLeaseCounts, quizShownSampleIds } from "./review-rows";

/** Counts stop here: past it the page says "1,000+", and a count never walks more of the index than that. */
export const LEFT_COUNT_CAP = 1000;

export type QueueCampaign = { id: string; slug: string; title: string; left: number; capped: boolean };
export type ReviewQueueOverview = { campaigns: QueueCampaign[]; left: number; capped: boolean };

/**
 * The campaigns this reviewer may review now, each with how many samples they could still review: the ones they hold
 * plus what the queue could still serve them (the claim's own filter, so never their own, never gold, never one they
 * reviewed or skipped), and the sum.
 * Read on page load only, never on the claim or verdict path: the desk counts down from it as the reviewer works.
 */
export function reviewQueueOverview(user: SessionUser, now: Date = new Date()): ReviewQueueOverview {
  const connection = directConnection();
  const ids = reviewableCampaignIdsOf(connection, user);
  if (ids.length === 0) return { campaigns: [], left: 0, capped: false };
  const shown = quizShownSampleIds(connection, user.id, ids);
  const held = liveLeaseCounts(connection, user.id, ids, now);
  const newcomerIn = newcomerCampaignIds(connection, user, ids);
  const campaigns = campaignTitles(connection, ids).map((c) => {
    const counted = countOpenSamples(connection, user.id, c.id, shown, LEFT_COUNT_CAP + 1, newcomerIn);
    const capped = counted > LEFT_COUNT_CAP;
    return { ...c, left: Math.min(counted, LEFT_COUNT_CAP) + (held.get(c.id) ?? 0), capped };
  });
  return {
    campaigns,
    left: campaigns.reduce((sum, c) => sum + c.left, 0),
    capped: campaigns.some((c) => c.capped),
  };
}
