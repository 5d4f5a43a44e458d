import "server-only";
import { DEFAULT_FIT_POLICY, fitIsDue, type FitPolicy } from "@/lib/domain/consensus";
import { db } from "@/lib/server/db";
import { hasUndecidedCompleteSample, reviewsSince } from "./decision-rows";

/**
 * Campaigns whose consensus is due for a background refit (see fit-schedule.ts in lib/domain), oldest fit first.
 * New reviews are counted from the snapshot's fittedAt (when its reviews were read), at the cost of what came in
 * since, not of the campaign's size (decision-rows.ts).
 */
export async function campaignsDueForFit(options: { now?: Date; policy?: FitPolicy } = {}): Promise<string[]> {
  const now = options.now ?? new Date();
  const campaigns = await db.campaign.findMany({
    where: { samples: { some: { reviews: { some: {} } } } },
    select: { id: true, consensusSnapshot: { select: { reviews: true, fittedAt: true } } },
  });
  const corrections = await db.goldItem.groupBy({ by: ["campaignId"], where: { correctedAt: { not: null } }, _max: { correctedAt: true } });
  const correctedAt = new Map(corrections.map((c) => [c.campaignId, c._max.correctedAt]));
  const due: { id: string; fittedAt: number }[] = [];
  for (const campaign of campaigns) {
    const lastFit = campaign.consensusSnapshot;
    const newReviews = lastFit ? reviewsSince(campaign.id, lastFit.fittedAt) : 1;
    const policy = options.policy ?? DEFAULT_FIT_POLICY;
    // Looked for only when nothing else makes the campaign due and its fit is old enough: it walks the pending samples.
    const quiet = lastFit !== null && newReviews === 0 && now.getTime() - lastFit.fittedAt.getTime() >= policy.maxAgeMs;
    const corrected = correctedAt.get(campaign.id);
    const goldCorrected = lastFit !== null && corrected != null && corrected >= lastFit.fittedAt;
    if (fitIsDue({ lastFit, newReviews, now, goldCorrected, undecidedComplete: quiet && hasUndecidedCompleteSample(campaign.id) }, policy)) due.push({ id: campaign.id, fittedAt: lastFit?.fittedAt.getTime() ?? 0 });
  }
  return due.sort((a, b) => a.fittedAt - b.fittedAt).map((c) => c.id);
}
