import "server-only";
import { BINARY_CLASS, dawidSkene, reviewerPriorFromReputation, reviewerReliability, usableWarmStart, type ConsensusInput, type ConsensusResult, type ReviewerPrior, type Vote } from "@/lib/domain/consensus";
import type { Verdict } from "@/lib/generated/prisma/enums";
import type { TLabelSchema } from "@/lib/schemas/label-schema";
import type { Prisma } from "@/lib/generated/prisma/client";
import { reviewerRecords } from "@/lib/server/reputation/reviewer-records";
import { storedModelChoices, type StoredModelChoices } from "./stored-model-choice";
import { rememberWarmStart, warmStartOf } from "./warm-starts";

type Reader = Pick<Prisma.TransactionClient, "review" | "goldItem" | "consensusModelChoice">;

export type CampaignReview = { id: string; sampleId: string; reviewerId: string; verdict: Verdict; label: string | null; reason: string | null; contributorLabels: unknown };

/** Everything the engine saw for one campaign: the binary accept/reject run and, for classification, the label run. */
export type CampaignConsensus = {
  reviews: CampaignReview[];
  goldSampleIds: Set<string>;
  verdicts: ConsensusResult;
  labels: { names: string[]; result: ConsensusResult } | null;
  /** The stored model choices the runs used (none: Dawid-Skene). */
  models: StoredModelChoices;
  /** Which item-bias runs started from this process's previous fit of the campaign (warm-starts.ts). */
  warmStarted: { verdict: boolean; label: boolean };
};

/** The engine's inputs for a campaign's two runs, before a model is picked. */
export type CampaignConsensusInputs = {
  reviews: CampaignReview[];
  goldSampleIds: Set<string>;
  verdicts: ConsensusInput;
  labels: { names: string[]; input: ConsensusInput } | null;
};

/**
 * Runs consensus over every review of a campaign. All of them, not just the sample's: a reviewer's weight comes
 * from their whole record in the campaign, and gold items (with known answers) anchor what each reviewer's votes mean.
 * Each run uses the model gold chose for it, stored by the worker (see model-choice.ts); Dawid-Skene until then.
 */
export async function campaignConsensus(tx: Reader, campaignId: string, labelSchema: TLabelSchema): Promise<CampaignConsensus> {
  const [inputs, models] = await Promise.all([campaignConsensusInputs(tx, campaignId, labelSchema), storedModelChoices(tx, campaignId)]);
  const warmStarted = { verdict: false, label: false };
  const run = async (name: "verdict" | "label", input: ConsensusInput): Promise<ConsensusResult> => {
    const model = models[name]?.model ?? "dawid-skene";
    const warmStart = model === "item-bias" ? await warmStartOf(campaignId, name) : undefined;
    warmStarted[name] = warmStart !== undefined && usableWarmStart(warmStart, input.classes, (input.gold?.size ?? 0) > 0);
    const result = dawidSkene({ ...input, options: { ...input.options, model, warmStart } });
    await rememberWarmStart(campaignId, name, result.itemBiasState);
    return result;
  };
  return {
    reviews: inputs.reviews,
    goldSampleIds: inputs.goldSampleIds,
    verdicts: await run("verdict", inputs.verdicts),
    labels: inputs.labels && { names: inputs.labels.names, result: await run("label", inputs.labels.input) },
    models,
    warmStarted,
  };
}

/**
 * The votes and gold answers of both runs. Reputation from other campaigns (gold accuracy and agreement with
 * decisions) is each reviewer's prior in the verdict run.
 */
export async function campaignConsensusInputs(tx: Reader, campaignId: string, labelSchema: TLabelSchema): Promise<CampaignConsensusInputs> {
  const [rows, goldItems] = await Promise.all([
    tx.review.findMany({
      where: { sample: { campaignId } },
      select: { id: true, sampleId: true, reviewerId: true, verdict: true, label: true, reason: true, sample: { select: { labels: true } } },
      orderBy: { id: "asc" },
    }),
    tx.goldItem.findMany({ where: { campaignId }, select: { sampleId: true, expectedVerdict: true, expectedLabel: true } }),
  ]);
  const reviews = rows.map(({ sample, ...r }) => ({ ...r, contributorLabels: sample.labels }));
  const votes: Vote[] = reviews.map((r) => ({ itemId: r.sampleId, reviewerId: r.reviewerId, label: r.verdict === "ACCEPT" ? BINARY_CLASS.accept : BINARY_CLASS.reject }));
  const gold = new Map(goldItems.map((g) => [g.sampleId, g.expectedVerdict === "ACCEPT" ? BINARY_CLASS.accept : BINARY_CLASS.reject]));
  const reviewerPriors = await reputationPriors(tx, campaignId, [...new Set(reviews.map((r) => r.reviewerId))]);

  let labels: CampaignConsensusInputs["labels"] = null;
  if (labelSchema.kind === "single_label") {
    const names = labelSchema.labels;
    const labelVotes = reviews.flatMap((r) => {
      const index = names.indexOf(effectiveLabel(r) ?? "");
      return index >= 0 ? [{ itemId: r.sampleId, reviewerId: r.reviewerId, label: index }] : [];
    });
    const labelGold = new Map(goldItems.flatMap((g) => (g.expectedLabel && names.includes(g.expectedLabel) ? [[g.sampleId, names.indexOf(g.expectedLabel)] as const] : [])));
    labels = { names, input: { classes: names.length, votes: labelVotes, gold: labelGold } };
  }
  return { reviews, goldSampleIds: new Set(goldItems.map((g) => g.sampleId)), verdicts: { classes: 2, votes, gold, reviewerPriors }, labels };
}

/**
 * Binary priors from each reviewer's record outside this campaign. Only for the verdict run: accuracy at accept or
 * reject says little about telling K labels apart, so the label run keeps the engine's default prior.
 */
async function reputationPriors(tx: Reader, campaignId: string, reviewerIds: string[]): Promise<Map<string, ReviewerPrior>> {
  const records = await reviewerRecords(tx, reviewerIds, { exceptCampaignId: campaignId });
  const priors = new Map<string, ReviewerPrior>();
  for (const [id, record] of records) {
    if (record.goldTotal + record.consensusTotal === 0) continue;
    priors.set(id, reviewerPriorFromReputation(reviewerReliability(record)));
  }
  return priors;
}

/**
 * The label a review stands for: the one the reviewer picked, or, for an accept without one, the contributor's (an
 * accept says "this is right as labeled"). A reject without a label says nothing about which label is right.
 */
export function effectiveLabel(review: Pick<CampaignReview, "verdict" | "label" | "contributorLabels">): string | null {
  if (review.label) return review.label;
  if (review.verdict === "ACCEPT" && typeof review.contributorLabels === "string") return review.contributorLabels;
  return null;
}
