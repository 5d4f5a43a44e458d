import "server-only";
import { datasetMerkleRoot } from "@/lib/domain/datasets/merkle-leaf";
import { computeVersionStats, type VersionStats } from "@/lib/domain/datasets/version-stats";
import { assertRole, type SessionUser } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import { selectVersionSamples } from "./select-version-samples";
import { loadVersionContext, schemaLabels } from "./version-context";

/** `merkleRoot` and `version` are what publishing now would freeze and name (null root: nothing selected). */
export type VersionPreview = { stats: VersionStats; sampleIds: string[]; merkleRoot: string | null; version: string };

/** Admin only: what a draft's filters select right now (counts, label distribution), without freezing anything. */
export async function previewVersion(actor: SessionUser, versionId: string): Promise<VersionPreview> {
  assertRole(actor, "ADMIN");
  const version = await loadVersionContext(db, versionId);
  const selected = await selectVersionSamples(db, version.campaignId, version.filters);
  const published = await db.datasetVersion.count({ where: { datasetId: version.datasetId, status: "PUBLISHED" } });
  return {
    merkleRoot: selected.length > 0 ? datasetMerkleRoot(selected.map((s) => s.leaf)) : null,
    version: `v${published + 1}`,
    stats: computeVersionStats(selected, version.labelSchema.kind, schemaLabels(version.labelSchema)),
    sampleIds: selected.slice(0, 10).map((s) => s.id),
  };
}
