import "server-only";
import type { DatasetCard } from "@/lib/domain/datasets/dataset-card";
import { AppError } from "@/lib/errors";
import { ZLabelSchema } from "@/lib/schemas/label-schema";
import { db } from "@/lib/server/db";

/** The card of a version from its stored figures (label counts from the frozen membership when stats lack them). */
export async function getDatasetCard(versionId: string): Promise<DatasetCard> {
  const version = await db.datasetVersion.findUnique({
    where: { id: versionId },
    select: {
      version: true, licence: true, sampleCount: true, merkleRoot: true, publishTxHash: true, publishedAt: true,
      dataset: { select: { name: true, slug: true, description: true, campaign: { select: { dataType: true, labelSchema: true } } } },
    },
  });
  if (!version) throw new AppError("NOT_FOUND", "No such dataset version.");
  const schema = ZLabelSchema.parse(version.dataset.campaign.labelSchema);
  const grouped = await db.datasetVersionSample.groupBy({ by: ["labelJson"], where: { versionId }, _count: { _all: true } });
  const labelCounts: Record<string, number> = {};
  for (const g of grouped) {
    const labels: unknown = JSON.parse(g.labelJson);
    for (const label of Array.isArray(labels) ? labels : [labels]) labelCounts[String(label)] = (labelCounts[String(label)] ?? 0) + g._count._all;
  }
  return {
    name: version.dataset.name,
    slug: version.dataset.slug,
    version: version.version,
    description: version.dataset.description,
    licence: version.licence,
    dataType: version.dataset.campaign.dataType,
    task: schema.kind,
    labels: schema.kind === "free_text" ? [] : schema.labels,
    sampleCount: version.sampleCount,
    labelCounts: schema.kind === "free_text" ? {} : labelCounts,
    merkleRoot: version.merkleRoot,
    publishTxHash: version.publishTxHash,
    publishedAt: version.publishedAt?.toISOString() ?? null,
  };
}
