import "server-only";
import { goldClass, outcomeSpace, reviewClass, type OutcomeSpace } from "@/lib/domain/consensus";
import type { JudgedItem } from "@/lib/domain/trust/slash-findings";
import { ZLabelSchema } from "@/lib/schemas/label-schema";
import { db } from "@/lib/server/db";

type Vote = { reviewerId: string; verdict: "ACCEPT" | "REJECT"; reason: string | null; label: string | null };

/**
 * The items of a campaign with a known right class that the collusion finding measures (slash-findings.ts): the
 * samples its panels decided (the panel's class; the votes of everyone but the panelists) and the gold items. Only the
 * votes of reviewers who were wrong in concert on a panel's sample are read: nobody else can be part of a finding, so
 * the read stays small however large the campaign.
 */
export async function judgedItemsOf(campaignId: string): Promise<JudgedItem[]> {
  const campaign = await db.campaign.findUniqueOrThrow({ where: { id: campaignId }, select: { labelSchema: true } });
  const space = outcomeSpace(ZLabelSchema.parse(campaign.labelSchema));
  const decided = await db.appeal.findMany({
    // A gold challenge decides no sample: its item is among the gold below, with its (possibly corrected) answer.
    where: { state: { in: ["OVERTURNED", "UPHELD"] }, kind: { not: "gold" }, sample: { campaignId } },
    select: {
      seats: { select: { reviewerId: true } },
      sample: { select: { status: true, labels: true, consensusLabel: true, reviews: { select: { reviewerId: true, verdict: true, reason: true, label: true } } } },
    },
  });
  const panelItems = decided.flatMap(({ seats, sample }) => {
    const truth = sample.status === "ACCEPTED" ? goldClass(space, { expectedVerdict: "ACCEPT", expectedLabel: sample.consensusLabel }, sample.labels) : sample.status === "REJECTED" ? space.unacceptable : null;
    if (truth === null) return [];
    const panel = new Set(seats.map((s) => s.reviewerId));
    return [{ truth, byPanel: true, votes: classify(space, sample.reviews.filter((r) => !panel.has(r.reviewerId)), sample.labels) }];
  });
  const suspects = wrongInConcert(panelItems);
  if (suspects.size === 0) return [];

  const gold = await db.goldItem.findMany({
    where: { campaignId, sample: { reviews: { some: { reviewerId: { in: [...suspects] }, goldChallengeId: null } } } },
    select: { expectedVerdict: true, expectedLabel: true, sample: { select: { labels: true, reviews: { where: { reviewerId: { in: [...suspects] }, goldChallengeId: null }, select: { reviewerId: true, verdict: true, reason: true, label: true } } } } },
  });
  const goldItems = gold.flatMap((g) => {
    const truth = goldClass(space, g, g.sample.labels);
    return truth === null ? [] : [{ truth, byPanel: false, votes: classify(space, g.sample.reviews, g.sample.labels) }];
  });
  const onlySuspects = (item: JudgedItem): JudgedItem => ({ ...item, votes: item.votes.filter((v) => suspects.has(v.reviewerId)) });
  return [...panelItems.map(onlySuspects), ...goldItems];
}

function classify(space: OutcomeSpace, reviews: readonly Vote[], contributorLabels: unknown): JudgedItem["votes"] {
  return reviews.map((r) => ({ reviewerId: r.reviewerId, voteClass: reviewClass(space, { ...r, contributorLabels }) }));
}

/** Reviewers who, on some panel-decided sample, gave the same wrong class as another reviewer of it. */
function wrongInConcert(items: readonly JudgedItem[]): Set<string> {
  const suspects = new Set<string>();
  for (const item of items) {
    const byClass = new Map<number, string[]>();
    for (const v of item.votes) {
      if (v.voteClass === null || v.voteClass === item.truth) continue;
      byClass.set(v.voteClass, [...(byClass.get(v.voteClass) ?? []), v.reviewerId]);
    }
    for (const ids of byClass.values()) if (ids.length >= 2) for (const id of ids) suspects.add(id);
  }
  return suspects;
}
