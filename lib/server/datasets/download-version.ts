import "server-only";
import type { Readable } from "node:stream";
import { z } from "zod";
import { parseRange, rangeApplies } from "@/lib/domain/datasets/export/byte-range";
import { EXPORT_FORMATS, exportFileName, type ExportFormat } from "@/lib/domain/datasets/export/layout";
import { AppError } from "@/lib/errors";
import type { SessionUser } from "@/lib/server/auth/roles";
import { db } from "@/lib/server/db";
import { defaultStorage } from "@/lib/server/storage/default-storage";
import type { StorageProvider } from "@/lib/server/storage/storage-provider";
import { hasDownloadAccess } from "./has-download-access";
import { EXPORTABLE_VERSION_SELECT, exportCache, exportKey, isExportable, startExportBuild } from "./version-export";

export const ZDownloadQuery = z.object({
  format: z.enum(EXPORT_FORMATS, { error: `format must be one of ${EXPORT_FORMATS.join(", ")}` }).default("parquet"),
});

export type DownloadRequest = { format: ExportFormat; range: string | null; ifRange: string | null };

export type DownloadAnswer = { status: 200 | 206 | 416; headers: Record<string, string>; body: Readable | null };

/**
 * A buyer's download of a published version: the zip streamed from its first byte, or, once it was built, any byte
 * range of it. Drafts are "not found" to everyone: a draft has no frozen membership and no root, so nothing in it
 * could be verified, and a buyer must not learn that an unpublished version exists.
 */
export async function downloadVersion(user: SessionUser, versionId: string, request: DownloadRequest, storage: StorageProvider = defaultStorage()): Promise<DownloadAnswer> {
  const version = await db.datasetVersion.findUnique({ where: { id: versionId }, select: EXPORTABLE_VERSION_SELECT });
  if (!isExportable(version)) throw new AppError("NOT_FOUND", "No such dataset version.");
  if (!(await hasDownloadAccess(user, versionId))) throw new AppError("FORBIDDEN", "Buy this dataset version to download it.");

  const key = exportKey(versionId, request.format);
  const etag = `"${key}"`;
  const headers: Record<string, string> = {
    "Content-Type": "application/zip",
    "Content-Disposition": `attachment; filename="${exportFileName(version.dataset.slug, version.version, request.format)}"`,
    ETag: etag,
    "Accept-Ranges": "bytes",
    "Cache-Control": "private, no-transform",
    "X-Content-Type-Options": "nosniff",
  };
  const store = exportCache();

  let size = await store.finishedSize(key);
  const wantsRange = request.range !== null && rangeApplies(request.ifRange, etag);
  if (size === null && !wantsRange) {
    // Not built yet: stream it while it is written to the cache.
    const build = await startExportBuild(version, request.format, storage);
    return { status: 200, headers, body: build.reader() };
  }
  if (size === null) size = await (await startExportBuild(version, request.format, storage)).done;

  const range = wantsRange ? parseRange(request.range, size) : null;
  if (range === "unsatisfiable") return { status: 416, headers: { ...headers, "Content-Range": `bytes */${size}` }, body: null };
  if (range === null) return { status: 200, headers: { ...headers, "Content-Length": String(size) }, body: store.readRange(key, 0, size - 1) };
  return {
    status: 206,
    headers: { ...headers, "Content-Length": String(range.end - range.start + 1), "Content-Range": `bytes ${range.start}-${range.end}/${size}` },
    body: store.readRange(key, range.start, range.end),
  };
}
