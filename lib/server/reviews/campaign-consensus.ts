import "server-only";
import { fitConsensusOnIndex, outcomeSpace, reviewerPriorFromReputation, reviewerReliability, type FittedConsensus, type OutcomeSpace, type ReviewerPrior } from "@/lib/domain/consensus";
import { Prisma } from "@/lib/generated/prisma/client";
import type { TLabelSchema } from "@/lib/schemas/label-schema";
import { reviewerRecords } from "@/lib/server/reputation/reviewer-records";
import { readCampaignReviews, reviewAt, voteIndexOf, type CampaignReview, type CampaignReviews } from "./campaign-reviews";

type Reader = Pick<Prisma.TransactionClient, "$queryRaw">;
type Writer = Pick<Prisma.TransactionClient, "consensusSnapshot">;

export type { CampaignReview };

/** A campaign's consensus: its outcome classes, every review, and the fitted, calibrated model. */
export type CampaignConsensus = {
  space: OutcomeSpace;
  /** Every review of the campaign, in columns. */
  read: CampaignReviews;
  /** The same reviews as objects, built on first use (a background fit of a large campaign never needs them); only of a read with review ids. */
  readonly reviews: CampaignReview[];
  goldSampleIds: ReadonlySet<string>;
  model: FittedConsensus;
  /** When the reviews were read: every review created before it is in the fit (the snapshot's fittedAt). */
  readAt: Date;
  /** How long reading the reviews took, and fitting the model on them. */
  readMs: number;
  fitMs: number;
};

/**
 * Fits one model over every review of a campaign. All of them, not just one sample's: a reviewer's weight comes from
 * their whole record in the campaign, and gold answers anchor what each vote means and calibrate the posteriors.
 * Reputation from other campaigns is each reviewer's prior. The reviews are read through the read connection, not
 * through `tx`, which serves the reputation priors only; `readReviews` replaces that read (the fit process's cache).
 */
export async function campaignConsensus(
  tx: Reader,
  campaign: { id: string; labelSchema: TLabelSchema; reviewsPerItem: number; acceptThreshold: number },
  options: { readReviews?: (campaignId: string, space: OutcomeSpace) => CampaignReviews } = {},
): Promise<CampaignConsensus> {
  const space = outcomeSpace(campaign.labelSchema);
  const readAt = new Date();
  const started = performance.now();
  const read = (options.readReviews ?? readCampaignReviews)(campaign.id, space);
  const index = voteIndexOf(read, space.classNames.length);
  const reviewerPriors = await reputationPriors(tx, campaign.id, index.reviewerIds);
  const readMs = performance.now() - started;
  const model = fitConsensusOnIndex(index, { gold: read.gold, reviewerPriors }, { minReviews: campaign.reviewsPerItem, threshold: campaign.acceptThreshold });
  const fitMs = performance.now() - started - readMs;
  let reviews: CampaignReview[] | undefined;
  return {
    space,
    read,
    get reviews() {
      return (reviews ??= Array.from({ length: read.count }, (_, r) => reviewAt(read, r)));
    },
    goldSampleIds: read.goldSampleIds,
    model,
    readAt,
    readMs,
    fitMs,
  };
}

function snapshotData(consensus: CampaignConsensus) {
  return { reviews: consensus.read.count, goldItems: consensus.goldSampleIds.size, model: consensus.model as unknown as Prisma.InputJsonValue, fittedAt: consensus.readAt };
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
 * Stores a background fit, with the decision margin measured against it, only if the snapshot is still the version
 * it started from (0: none): of two fitters of one campaign, the first to finish wins and the other's work is
 * dropped. One statement, so a snapshot is written whole or not at all. Returns the new version, or null if another
 * fit got there first. (An inline fit, saveSnapshot, keeps the margin the last background fit measured.)
 */
export async function saveSnapshotIfCurrent(tx: Writer, campaignId: string, consensus: CampaignConsensus, startedFrom: number, decisionMargin = 0): Promise<number | null> {
  if (startedFrom === 0) {
    try {
      await tx.consensusSnapshot.create({ data: { campaignId, version: 1, decisionMargin, ...snapshotData(consensus) } });
      return 1;
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return null;
      throw error;
    }
  }
  const written = await tx.consensusSnapshot.updateMany({ where: { campaignId, version: startedFrom }, data: { version: startedFrom + 1, decisionMargin, ...snapshotData(consensus) } });
  return written.count === 1 ? startedFrom + 1 : null;
}

/** Priors from each reviewer's record outside this campaign (gold accuracy and agreement with decisions). */
async function reputationPriors(tx: Reader, campaignId: string, reviewerIds: readonly string[]): Promise<Map<string, ReviewerPrior>> {
  const records = await reviewerRecords(tx, reviewerIds, { exceptCampaignId: campaignId });
  const priors = new Map<string, ReviewerPrior>();
  for (const [id, record] of records) {
    if (record.goldTotal + record.consensusTotal === 0) continue;
    priors.set(id, reviewerPriorFromReputation(reviewerReliability(record)));
  }
  return priors;
}
