import "server-only";
import type { ConsensusModel } from "@/lib/domain/consensus";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { ConsensusModelKind, ConsensusRun } from "@/lib/generated/prisma/enums";

export type StoredModelChoice = {
  model: ConsensusModel;
  reviews: number;
  goldItems: number;
  /** log P(gold | item-bias) - log P(gold | Dawid-Skene), in nats: above ln 3 the item-bias model is chosen. */
  evidence: number;
  chosenAt: Date;
};
export type StoredModelChoices = { verdict: StoredModelChoice | null; label: StoredModelChoice | null };

export const MODEL_KIND: Record<ConsensusModel, ConsensusModelKind> = { "dawid-skene": "DAWID_SKENE", "item-bias": "ITEM_BIAS" };
const MODEL: Record<ConsensusModelKind, ConsensusModel> = { DAWID_SKENE: "dawid-skene", ITEM_BIAS: "item-bias" };

export async function storedModelChoices(tx: Pick<Prisma.TransactionClient, "consensusModelChoice">, campaignId: string): Promise<StoredModelChoices> {
  const rows = await tx.consensusModelChoice.findMany({ where: { campaignId } });
  const of = (run: ConsensusRun): StoredModelChoice | null => {
    const row = rows.find((r) => r.run === run);
    if (!row) return null;
    const evidence = row.goldLogLikelihoodItemBias - row.goldLogLikelihoodDawidSkene;
    return { model: MODEL[row.model], reviews: row.reviews, goldItems: row.goldItems, evidence, chosenAt: row.chosenAt };
  };
  return { verdict: of("VERDICT"), label: of("LABEL") };
}
