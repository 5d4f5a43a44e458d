import "server-only";
import type { VersionChangelog } from "@/lib/domain/datasets/changelog";
import { freePreviewRows } from "@/lib/domain/datasets/free-preview";
import { datasetCard, type DatasetCard } from "@/lib/domain/datasets/dataset-card";
import type { VersionStats } from "@/lib/domain/datasets/version-stats";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { ZLabelSchema } from "@/lib/schemas/label-schema";
import type { SessionUser } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import { findDeployment } from "@/lib/server/deployments";

/**
 * The dataset card of a version, readable by anyone before purchase once it is published. A draft is visible to
 * admins only (pass the viewer); for everyone else it does not exist (404), like an unknown id.
 */
export async function getDatasetCard(versionId: string, viewer?: SessionUser | null): Promise<DatasetCard> {
  const row = await db.datasetVersion.findUnique({
    where: { id: versionId },
    include: { dataset: { include: { campaign: { select: { title: true, dataType: true, labelSchema: true } } } } },
  });
  const mayRead = row && (row.status === "PUBLISHED" || viewer?.roles.includes("ADMIN"));
  if (!row || !mayRead) throw new AppError("NOT_FOUND", "There is no dataset version with this id.");

  // The free preview is a small share of the frozen rows (free-preview.ts), none for a tiny version.
  const previewRows = freePreviewRows(await db.datasetVersionSample.count({ where: { versionId } }));
  const [members, registry] = await Promise.all([
    db.datasetVersionSample.findMany({
      where: { versionId },
      orderBy: { position: "asc" },
      take: previewRows,
      select: { sampleId: true, labelJson: true, sample: { select: { textContent: true, mimeType: true, sizeBytes: true } } },
    }),
    findDeployment("DatasetRegistry"),
  ]);
  const { dataset } = row;
  return datasetCard({
    dataset: { id: dataset.id, slug: dataset.slug, name: dataset.name, description: dataset.description },
    campaign: { title: dataset.campaign.title, dataType: dataset.campaign.dataType, labelSchema: ZLabelSchema.parse(dataset.campaign.labelSchema) },
    version: {
      id: row.id,
      version: row.version,
      status: row.status,
      licence: row.licence,
      priceWei: BigInt(row.priceWei),
      onChainId: row.onChainId,
      merkleRoot: row.merkleRoot,
      publishTxHash: row.publishTxHash,
      publishBlock: row.publishBlock,
      publishedAt: row.publishedAt,
      stats: (row.stats as VersionStats | null) ?? null,
      changelog: (row.changelog as VersionChangelog | null) ?? null,
    },
    chain: { chainId: getEnv().chainId, registryAddress: registry?.address ?? null },
    preview: members.map((m) => ({
      sampleId: m.sampleId,
      text: m.sample.textContent,
      mimeType: m.sample.mimeType,
      sizeBytes: m.sample.sizeBytes,
      labelJson: m.labelJson,
    })),
  });
}
