import "server-only";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { ZLabelSchema, type TLabelSchema } from "@/lib/schemas/label-schema";
import { parseStoredFilters, type TVersionFilters } from "@/lib/schemas/dataset";

export type VersionContext = {
  id: string;
  datasetId: string;
  status: "DRAFT" | "PUBLISHED";
  version: string;
  priceWei: bigint;
  licence: string;
  filters: TVersionFilters;
  campaignId: string;
  labelSchema: TLabelSchema;
};

/** A version with what selecting and publishing it needs; NOT_FOUND when there is none. */
export async function loadVersionContext(tx: Prisma.TransactionClient, versionId: string): Promise<VersionContext> {
  const row = await tx.datasetVersion.findUnique({
    where: { id: versionId },
    select: { id: true, datasetId: true, status: true, version: true, priceWei: true, licence: true, filters: true, dataset: { select: { campaign: { select: { id: true, labelSchema: true } } } } },
  });
  if (!row) throw new AppError("NOT_FOUND", "That dataset version does not exist.");
  return {
    id: row.id,
    datasetId: row.datasetId,
    status: row.status,
    version: row.version,
    priceWei: BigInt(row.priceWei),
    licence: row.licence,
    filters: parseStoredFilters(row.filters),
    campaignId: row.dataset.campaign.id,
    labelSchema: ZLabelSchema.parse(row.dataset.campaign.labelSchema),
  };
}

export function schemaLabels(schema: TLabelSchema): string[] {
  return schema.kind === "free_text" ? [] : schema.labels;
}
