import "server-only";
import { createHash } from "node:crypto";
import { canonicalLabelJson, type DatasetLeaf } from "@/lib/domain/datasets/merkle-leaf";
import { collectionWindow, consensusLabels, matchesFilters } from "@/lib/domain/datasets/version-filter";
import type { StatsSample } from "@/lib/domain/datasets/version-stats";
import type { TVersionFilters } from "@/lib/schemas/dataset";
import type { Prisma } from "@/lib/generated/prisma/client";

export type SelectedSample = StatsSample & { id: string; leaf: DatasetLeaf; labelJson: string };

/**
 * The accepted samples of `campaignId` that `filters` select, sorted by id (the version's position order), each
 * with its Merkle leaf: the sha256 of the exact bytes a buyer receives (the UTF-8 text, or the blob whose storage key
 * is already that sha256) and the canonical consensus labels.
 */
export async function selectVersionSamples(tx: Prisma.TransactionClient, campaignId: string, filters: TVersionFilters): Promise<SelectedSample[]> {
  const { from, until } = collectionWindow(filters);
  const rows = await tx.sample.findMany({
    where: {
      campaignId,
      status: "ACCEPTED",
      createdAt: { ...(from ? { gte: from } : {}), ...(until ? { lt: until } : {}) },
      ...(filters.minPosterior > 0 ? { posterior: { gte: filters.minPosterior } } : {}),
    },
    orderBy: { id: "asc" },
    select: {
      id: true,
      labels: true,
      consensusLabel: true,
      posterior: true,
      sizeBytes: true,
      textContent: true,
      blobKey: true,
      createdAt: true,
      contributorId: true,
      contributor: { select: { address: true } },
      reviews: { select: { reviewerId: true, verdict: true, label: true } },
    },
  });
  const selected: SelectedSample[] = [];
  for (const row of rows) {
    const labels = consensusLabels(row);
    if (!matchesFilters({ posterior: row.posterior, createdAt: row.createdAt, labels }, filters)) continue;
    const contentSha256 = row.textContent !== null ? createHash("sha256").update(row.textContent, "utf8").digest("hex") : row.blobKey;
    if (!contentSha256) throw new Error(`sample ${row.id} has neither text nor a blob`);
    const labelJson = canonicalLabelJson(labels);
    selected.push({
      id: row.id,
      labels,
      labelJson,
      posterior: row.posterior,
      sizeBytes: row.textContent !== null ? Buffer.byteLength(row.textContent, "utf8") : row.sizeBytes,
      contributorId: row.contributorId,
      createdAt: row.createdAt,
      reviews: row.reviews,
      leaf: { sampleId: row.id, contentSha256, labelJson, contributor: row.contributor.address },
    });
  }
  return selected;
}
