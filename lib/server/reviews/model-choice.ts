import "server-only";
import { modelChoiceAction, type ConsensusInput, type ConsensusModel, type ModelChoiceAction, type ModelSelection } from "@/lib/domain/consensus";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { ConsensusRun } from "@/lib/generated/prisma/enums";
import { ZLabelSchema } from "@/lib/schemas/label-schema";
import { db } from "@/lib/server/db";
import { campaignConsensusInputs } from "./campaign-consensus";
import { MODEL_KIND, storedModelChoices, type StoredModelChoices } from "./stored-model-choice";

/** A model choice as the thread computes it: `chooseModel`'s answer, and how long it took. */
export type ComputedModelChoice = { model: ConsensusModel; selection: ModelSelection; durationMs: number } | null;
/** Computes the choice for each run's input, off the caller's thread (see lib/jobs/model-choice-thread.ts). */
export type ModelChooser = (inputs: ConsensusInput[]) => Promise<ComputedModelChoice[]>;

export type DueModelChoice = { campaignId: string; action: Exclude<ModelChoiceAction, "keep"> };

/**
 * Campaigns whose stored model choice is due (see `modelChoiceAction`), open ones first. One statement: the worker
 * asks every few seconds, and counting reviews per campaign is the part that grows.
 */
export async function dueModelChoices(): Promise<DueModelChoice[]> {
  const rows = await db.$queryRaw<{ campaignId: string; reviews: bigint | number; goldItems: bigint | number; chosenReviews: number | null; chosenGold: number | null }[]>`
    SELECT c."id" AS "campaignId",
      (SELECT COUNT(*) FROM "Review" r JOIN "Sample" s ON s."id" = r."sampleId" WHERE s."campaignId" = c."id") AS "reviews",
      (SELECT COUNT(*) FROM "GoldItem" g WHERE g."campaignId" = c."id") AS "goldItems",
      m."reviews" AS "chosenReviews", m."goldItems" AS "chosenGold"
    FROM "Campaign" c LEFT JOIN "ConsensusModelChoice" m ON m."campaignId" = c."id" AND m."run" = 'VERDICT'
    WHERE c."status" = 'OPEN'
    ORDER BY c."createdAt", c."id"`;
  return rows.flatMap((row) => {
    const stored = row.chosenReviews === null ? null : { reviews: row.chosenReviews, goldItems: row.chosenGold ?? 0 };
    const action = modelChoiceAction(stored, { reviews: Number(row.reviews), goldItems: Number(row.goldItems) });
    return action === "keep" ? [] : [{ campaignId: row.campaignId, action }];
  });
}

/**
 * Chooses the model of both runs of a campaign from its current votes and gold, and stores the choices. The reviews
 * and gold counted are those the choice was computed from, so a verdict that lands meanwhile only counts toward the
 * next one. A run without gold keeps no choice (Dawid-Skene). Nothing is written if the chooser fails.
 */
export async function refreshModelChoice(campaignId: string, choose: ModelChooser): Promise<StoredModelChoices> {
  const campaign = await db.campaign.findUniqueOrThrow({ where: { id: campaignId }, select: { labelSchema: true } });
  const inputs = await campaignConsensusInputs(db, campaignId, ZLabelSchema.parse(campaign.labelSchema));
  const runs: { run: ConsensusRun; input: ConsensusInput }[] = [{ run: "VERDICT", input: inputs.verdicts }];
  if (inputs.labels) runs.push({ run: "LABEL", input: inputs.labels.input });
  const choices = await choose(runs.map((r) => ({ ...r.input, options: { ...r.input.options, explainVotes: false } })));
  const counts = { reviews: inputs.reviews.length, goldItems: inputs.goldSampleIds.size };
  await db.$transaction(async (tx) => {
    for (const [i, { run }] of runs.entries()) {
      const choice = choices[i] ?? null;
      if (!choice) {
        await dropChoice(tx, campaignId, run);
        continue;
      }
      const data = {
        model: MODEL_KIND[choice.model],
        ...counts,
        goldLogLikelihoodDawidSkene: choice.selection.goldLogLikelihood["dawid-skene"],
        goldLogLikelihoodItemBias: choice.selection.goldLogLikelihood["item-bias"],
        durationMs: Math.round(choice.durationMs),
        chosenAt: new Date(),
      };
      await tx.consensusModelChoice.upsert({ where: { campaignId_run: { campaignId, run } }, create: { campaignId, run, ...data }, update: data });
      // A stored item-bias fit would be stale by the time this run is item-bias again.
      if (choice.model !== "item-bias") await tx.consensusWarmStart.deleteMany({ where: { campaignId, run } });
    }
    if (!inputs.labels) await dropChoice(tx, campaignId, "LABEL");
  });
  return storedModelChoices(db, campaignId);
}

/** Drops a campaign's stored choices: without gold nothing chooses, and its runs go back to Dawid-Skene. */
export async function clearModelChoice(campaignId: string): Promise<void> {
  await db.$transaction(async (tx) => {
    await dropChoice(tx, campaignId, "VERDICT");
    await dropChoice(tx, campaignId, "LABEL");
  });
}

/** A run without a choice is Dawid-Skene: its choice goes, and so does its stored item-bias fit. */
async function dropChoice(tx: Prisma.TransactionClient, campaignId: string, run: ConsensusRun): Promise<void> {
  await tx.consensusModelChoice.deleteMany({ where: { campaignId, run } });
  await tx.consensusWarmStart.deleteMany({ where: { campaignId, run } });
}
