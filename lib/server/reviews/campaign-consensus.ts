import "server-only";
import {
  fitConsensus,
  goldClass,
  outcomeSpace,
  reviewClass,
  reviewerPriorFromReputation,
  reviewerReliability,
  type FittedConsensus,
  type OutcomeSpace,
  type ReviewerPrior,
  type Vote,
} from "@/lib/domain/consensus";
import { Prisma } from "@/lib/generated/prisma/client";
import type { Verdict } from "@/lib/generated/prisma/enums";
import type { TLabelSchema } from "@/lib/schemas/label-schema";
import { reviewerRecords } from "@/lib/server/reputation/reviewer-records";

type Reader = Pick<Prisma.TransactionClient, "review" | "goldItem" | "sample" | "$queryRaw">;
type Writer = Pick<Prisma.TransactionClient, "consensusSnapshot">;

export type CampaignReview = {
  id: string;
  sampleId: string;
  reviewerId: string;
  verdict: Verdict;
  label: string | null;
  reason: string | null;
  /** The outcome class this review votes for (see outcome-space.ts); null if it names no class of the schema. */
  voteClass: number | null;
};

/** A campaign's consensus: its outcome classes, every review, and the fitted, calibrated model. */
export type CampaignConsensus = {
  space: OutcomeSpace;
  reviews: CampaignReview[];
  goldSampleIds: Set<string>;
  model: FittedConsensus;
  /** When the reviews were read: every review created before it is in the fit (the snapshot's fittedAt). */
  readAt: Date;
};

/**
 * Fits one model over every review of a campaign. All of them, not just one sample's: a reviewer's weight comes from
 * their whole record in the campaign, and gold answers anchor what each vote means and calibrate the posteriors.
 * Reputation from other campaigns is each reviewer's prior.
 */
export async function campaignConsensus(tx: Reader, campaign: { id: string; labelSchema: TLabelSchema; reviewsPerItem: number; acceptThreshold: number }): Promise<CampaignConsensus> {
  const space = outcomeSpace(campaign.labelSchema);
  const readAt = new Date();
  // Three flat reads rather than reviews with their sample included: at a million reviews Prisma's nested rows and a
  // sort of them all cost more than the fit. Nothing here depends on the order of the reviews.
  const [samples, rows, goldItems] = await Promise.all([
    tx.sample.findMany({ where: { campaignId: campaign.id }, select: { id: true, labels: true } }),
    // Raw rows: the largest read of a fit, and half the time of the same findMany at a hundred thousand reviews.
    tx.$queryRaw<Omit<CampaignReview, "voteClass">[]>`
      SELECT r."id", r."sampleId", r."reviewerId", r."verdict", r."label", r."reason"
      FROM "Review" AS r JOIN "Sample" AS s ON s."id" = r."sampleId"
      WHERE s."campaignId" = ${campaign.id}`,
    tx.goldItem.findMany({ where: { campaignId: campaign.id }, select: { sampleId: true, expectedVerdict: true, expectedLabel: true, sample: { select: { labels: true } } } }),
  ]);
  const labelsOf = new Map(samples.map((sample) => [sample.id, sample.labels]));
  const reviews = rows.map((r) => ({ ...r, voteClass: reviewClass(space, { ...r, contributorLabels: labelsOf.get(r.sampleId) ?? null }) }));
  const votes: Vote[] = reviews.flatMap((r) => (r.voteClass === null ? [] : [{ itemId: r.sampleId, reviewerId: r.reviewerId, label: r.voteClass }]));
  const gold = new Map(
    goldItems.flatMap((g) => {
      const k = goldClass(space, g, g.sample.labels);
      return k === null ? [] : [[g.sampleId, k] as const];
    }),
  );
  const reviewerPriors = await reputationPriors(tx, campaign.id, [...new Set(votes.map((v) => v.reviewerId))]);
  const model = fitConsensus({ classes: space.classNames.length, votes, gold, reviewerPriors }, { minReviews: campaign.reviewsPerItem, threshold: campaign.acceptThreshold });
  return { space, reviews, goldSampleIds: new Set(goldItems.map((g) => g.sampleId)), model, readAt };
}

function snapshotData(consensus: CampaignConsensus) {
  return { reviews: consensus.reviews.length, goldItems: consensus.goldSampleIds.size, model: consensus.model as unknown as Prisma.InputJsonValue, fittedAt: consensus.readAt };
}

/** Stores a fit as the campaign's latest snapshot, whatever is there (an inline fit of a small campaign); returns its version. */
export async function saveSnapshot(tx: Writer, campaignId: string, consensus: CampaignConsensus): Promise<number> {
  const row = await tx.consensusSnapshot.upsert({
    where: { campaignId },
    create: { campaignId, version: 1, ...snapshotData(consensus) },
    update: { version: { increment: 1 }, ...snapshotData(consensus) },
    select: { version: true },
  });
  return row.version;
}

/**
 * Stores a background fit only if the snapshot is still the version it started from (0: none): of two fitters of one
 * campaign, the first to finish wins and the other's work is dropped. One statement, so a snapshot is written whole
 * or not at all. Returns the new version, or null if another fit got there first.
 */
export async function saveSnapshotIfCurrent(tx: Writer, campaignId: string, consensus: CampaignConsensus, startedFrom: number): Promise<number | null> {
  if (startedFrom === 0) {
    try {
      await tx.consensusSnapshot.create({ data: { campaignId, version: 1, ...snapshotData(consensus) } });
      return 1;
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return null;
      throw error;
    }
  }
  const written = await tx.consensusSnapshot.updateMany({ where: { campaignId, version: startedFrom }, data: { version: startedFrom + 1, ...snapshotData(consensus) } });
  return written.count === 1 ? startedFrom + 1 : null;
}

/** Priors from each reviewer's record outside this campaign (gold accuracy and agreement with decisions). */
async function reputationPriors(tx: Reader, campaignId: string, reviewerIds: string[]): Promise<Map<string, ReviewerPrior>> {
  const records = await reviewerRecords(tx, reviewerIds, { exceptCampaignId: campaignId });
  const priors = new Map<string, ReviewerPrior>();
  for (const [id, record] of records) {
    if (record.goldTotal + record.consensusTotal === 0) continue;
    priors.set(id, reviewerPriorFromReputation(reviewerReliability(record)));
  }
  return priors;
}
