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
import { prebuilderAlive, requestExport } from "./export-requests";
import { EXPORTABLE_VERSION_SELECT, exportCache, exportKey, isExportable, startExportBuild } from "./version-export";

/** The formats a buyer may ask for: the hashed ones, and csv-safe (CSV with formula-like cells quoted for spreadsheets). */
const DOWNLOAD_FORMATS = [...EXPORT_FORMATS, "csv-safe"] as const;

export const ZDownloadQuery = z.object({
  format: z.enum(DOWNLOAD_FORMATS, { error: `format must be one of ${DOWNLOAD_FORMATS.join(", ")}` }).default("parquet"),
});

/** The export a download format names. */
export function downloadFormat(format: (typeof DOWNLOAD_FORMATS)[number]): { format: ExportFormat; spreadsheetSafe: boolean } {
  return format === "csv-safe" ? { format: "csv", spreadsheetSafe: true } : { format, spreadsheetSafe: false };
}

/** How long a download waits for an idle worker to take its build, before building it in the web process. */
const WORKER_PICKUP_MS = 1_000;

export type DownloadRequest = { format: ExportFormat; spreadsheetSafe?: boolean; range: string | null; ifRange: string | null };

export type DownloadAnswer = { status: 200 | 206 | 416; headers: Record<string, string>; body: Readable | null };

/**
 * A buyer's download of a published version: the zip streamed from its first byte, or, once it was built, any byte
 * range of it. Drafts are "not found" to everyone: a draft has no frozen membership and no root, so nothing in it
 * could be verified, and a buyer must not learn that an unpublished version exists.
 */
export async function downloadVersion(user: SessionUser, versionId: string, request: DownloadRequest, storage: StorageProvider = defaultStorage()): Promise<DownloadAnswer> {
  const grant = await downloadGrant(user, versionId);
  if (!isExportable(grant)) throw new AppError("NOT_FOUND", "No such dataset version.");
  if (!grant.allowed) throw new AppError("FORBIDDEN", "Buy this dataset version to download it.");

  const variant = { spreadsheetSafe: request.spreadsheetSafe === true };
  if (variant.spreadsheetSafe && request.format !== "csv") throw new AppError("BAD_REQUEST", "Only a CSV download can be spreadsheet-safe.");
  const key = exportKey(versionId, request.format, variant);
  const etag = `"${key}"`;
  const fileName = exportFileName(grant.slug, grant.version, request.format).replace(/\.zip$/, variant.spreadsheetSafe ? "-safe.zip" : ".zip");
  const headers: Record<string, string> = {
    "Content-Type": "application/zip",
    "Content-Disposition": `attachment; filename="${fileName}"`,
    ETag: etag,
    "Accept-Ranges": "bytes",
    "Cache-Control": "private, no-transform",
    "X-Content-Type-Options": "nosniff",
  };
  const store = exportCache();

  let size = await store.finishedSize(key);
  const wantsRange = request.range !== null && rangeApplies(request.ifRange, etag);
  if (size === null) {
    // Not built yet: have it built (by the worker when one runs, else here), and stream it while it is written to
    // the cache, unless a range of it was asked for.
    const version = await db.datasetVersion.findUniqueOrThrow({ where: { id: versionId }, select: EXPORTABLE_VERSION_SELECT });
    // The worker builds the hashed formats; the rarely asked-for csv-safe variant is built here.
    if (!variant.spreadsheetSafe && (await prebuilderAlive(store.dir))) {
      await requestExport(store.dir, key, { versionId, format: request.format });
      await store.waitForBuilder(key, WORKER_PICKUP_MS); // if the worker is busy with another build, build it here
    }
    const build = await startExportBuild(version, request.format, storage, variant);
    if (!wantsRange) return { status: 200, headers, body: build.reader() };
    size = await build.done;
  }

  const range = wantsRange ? parseRange(request.range, size) : null;
  if (range === "unsatisfiable") return { status: 416, headers: { ...headers, "Content-Range": `bytes */${size}` }, body: null };
  if (range === null) return { status: 200, headers: { ...headers, "Content-Length": String(size) }, body: store.readRange(key, 0, size - 1) };
  return {
    status: 206,
    headers: { ...headers, "Content-Length": String(range.end - range.start + 1), "Content-Range": `bytes ${range.start}-${range.end}/${size}` },
    body: store.readRange(key, range.start, range.end),
  };
}

type DownloadGrant = { status: string; merkleRoot: string | null; publishedAt: Date | null; slug: string; version: string; allowed: boolean };

/**
 * What a download needs to know before its first byte, in one statement (a cached download then reads no more rows):
 * whether the version is published, its file name, and whether `user` may have it. The rule is hasDownloadAccess's:
 * admins always, anyone else a version they bought.
 */
async function downloadGrant(user: SessionUser, versionId: string): Promise<DownloadGrant | null> {
  const [row] = await db.$queryRaw<(Omit<DownloadGrant, "allowed"> & { bought: number | bigint })[]>`
    SELECT v."status", v."merkleRoot", v."publishedAt", v."version", d."slug",
      EXISTS (SELECT 1 FROM "Purchase" p WHERE p."versionId" = v."id" AND p."buyerId" = ${user.id}) AS "bought"
    FROM "DatasetVersion" v JOIN "Dataset" d ON d."id" = v."datasetId" WHERE v."id" = ${versionId}`;
  if (!row) return null;
  const { bought, ...version } = row;
  return { ...version, allowed: user.roles.includes("ADMIN") || Number(bought) === 1 };
}
