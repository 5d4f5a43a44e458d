import "server-only";
import { computeVersionStats, type VersionStats } from "@/lib/domain/datasets/version-stats";
import { assertRole, type SessionUser } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import { selectVersionSamples } from "./select-version-samples";
import { loadVersionContext, schemaLabels } from "./version-context";

export type VersionPreview = { stats: VersionStats; sampleIds: string[] };

/** Admin only: what a draft's filters select right now (counts, label distribution), without freezing anything. */
export async function previewVersion(actor: SessionUser, versionId: string): Promise<VersionPreview> {
  assertRole(actor, "ADMIN");
  const version = await loadVersionContext(db, versionId);
  const selected = await selectVersionSamples(db, version.campaignId, version.filters);
  return {
    stats: computeVersionStats(selected, version.labelSchema.kind, schemaLabels(version.labelSchema)),
    sampleIds: selected.slice(0, 10).map((s) => s.id),
  };
}
