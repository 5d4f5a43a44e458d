import "server-only";
import type { ExportFormat } from "@/lib/domain/datasets/export/layout";
import { db } from "@/lib/server/db";
import type { ExportRequest } from "./export-requests";
import { EXPORTABLE_VERSION_SELECT, exportCache, exportKey, isExportable, startExportBuild, type ExportableVersion } from "./version-export";

export type PrebuildStep =
  | { idle: true }
  | { built: { versionId: string; label: string; format: ExportFormat; bytes: number; ms: number } }
  | { failed: { versionId: string; label: string; format: ExportFormat; reason: string } };

/**
 * Builds the next missing download of a published version into the export cache, newest version first, so that a
 * buyer's download is a file read at disk speed instead of an encode while they wait. One build per call: the
 * worker loop stays responsive and stops between builds. `skip` holds builds that failed in this process, so a
 * broken version is reported once and does not starve the others.
 */
export async function prebuildNextExport(formats: readonly ExportFormat[], skip: Set<string>): Promise<PrebuildStep> {
  if (formats.length === 0) return { idle: true };
  const versions = await db.datasetVersion.findMany({ where: { status: "PUBLISHED" }, orderBy: { publishedAt: "desc" }, select: EXPORTABLE_VERSION_SELECT });
  const cache = exportCache();
  for (const version of versions) {
    if (!isExportable(version)) continue;
    for (const format of formats) {
      const key = exportKey(version.id, format);
      if (skip.has(key) || (await cache.finishedSize(key)) !== null) continue;
      const step = await buildOne(version, format);
      if ("failed" in step) skip.add(key);
      return step;
    }
  }
  return { idle: true };
}

/** Builds a download the web process asked for (export-requests.ts); nothing to do if it is built or not published. */
export async function buildRequestedExport(request: ExportRequest): Promise<PrebuildStep> {
  const version = await db.datasetVersion.findUnique({ where: { id: request.versionId }, select: EXPORTABLE_VERSION_SELECT });
  if (!isExportable(version) || (await exportCache().finishedSize(exportKey(version.id, request.format))) !== null) return { idle: true };
  return buildOne(version, request.format);
}

async function buildOne(version: ExportableVersion, format: ExportFormat): Promise<PrebuildStep> {
  const label = `${version.dataset.slug} ${version.version}`;
  const started = performance.now();
  try {
    const bytes = await (await startExportBuild(version, format)).done;
    return { built: { versionId: version.id, label, format, bytes, ms: Math.round(performance.now() - started) } };
  } catch (error) {
    return { failed: { versionId: version.id, label, format, reason: error instanceof Error ? error.message : String(error) } };
  }
}
