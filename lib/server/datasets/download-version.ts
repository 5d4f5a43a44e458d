import "server-only";
import { createHash } from "node:crypto";
import path from "node:path";
import type { Readable } from "node:stream";
import { z } from "zod";
import { renderHfReadme } from "@/lib/domain/datasets/dataset-card";
import { parseRange, rangeApplies } from "@/lib/domain/datasets/export/byte-range";
import { EXPORT_FORMATS, EXPORT_LAYOUT_VERSION, ROW_OVERHEAD_BYTES, exportFileName, type ExportFormat } from "@/lib/domain/datasets/export/layout";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { buildExportZip, type ExportInput } from "@/lib/jobs/export/build-export-zip";
import { LEAF_FROM } from "@/lib/schemas/export-manifest";
import { ZLabelSchema } from "@/lib/schemas/label-schema";
import type { SessionUser } from "@/lib/server/auth/roles";
import { db } from "@/lib/server/db";
import { findDeployment } from "@/lib/server/deployments";
import { defaultStorage } from "@/lib/server/storage/default-storage";
import type { StorageProvider } from "@/lib/server/storage/storage-provider";
import { ExportCache } from "./export-cache";
import { getDatasetCard } from "./get-dataset-card";
import { hasDownloadAccess } from "./has-download-access";
import { versionExportSource } from "./version-export-source";

export const ZDownloadQuery = z.object({
  format: z.enum(EXPORT_FORMATS, { error: `format must be one of ${EXPORT_FORMATS.join(", ")}` }).default("parquet"),
});

export type DownloadRequest = { format: ExportFormat; range: string | null; ifRange: string | null };

export type DownloadAnswer = { status: 200 | 206 | 416; headers: Record<string, string>; body: Readable | null };

/** Memory per row group and per database page: rows of about this many bytes together. */
const GROUP_BYTES = 8 << 20;

let cache: ExportCache | undefined;
function exportCache(): ExportCache {
  cache ??= new ExportCache(path.resolve(getEnv().exportCacheDir));
  return cache;
}

/**
 * A buyer's download of a published version: the zip streamed from its first byte, or, once it was built, any byte
 * range of it. Drafts are "not found" to everyone: a draft has no frozen membership and no root, so nothing in it
 * could be verified, and a buyer must not learn that an unpublished version exists.
 */
export async function downloadVersion(user: SessionUser, versionId: string, request: DownloadRequest, storage: StorageProvider = defaultStorage()): Promise<DownloadAnswer> {
  const version = await db.datasetVersion.findUnique({
    where: { id: versionId },
    select: {
      id: true, version: true, status: true, onChainId: true, merkleRoot: true, publishedAt: true, sampleCount: true,
      dataset: { select: { slug: true, name: true, campaign: { select: { dataType: true, labelSchema: true } } } },
    },
  });
  if (!version || version.status !== "PUBLISHED" || !version.merkleRoot || !version.publishedAt) throw new AppError("NOT_FOUND", "No such dataset version.");
  if (!(await hasDownloadAccess(user, versionId))) throw new AppError("FORBIDDEN", "Buy this dataset version to download it.");

  const env = getEnv();
  const key = createHash("sha256").update(JSON.stringify([versionId, request.format, EXPORT_LAYOUT_VERSION, env.exportShardMaxBytes])).digest("hex").slice(0, 32);
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
  const makeZip = async () => {
    const input = await exportInput(version, request.format, env.exportShardMaxBytes, env.chainId);
    return () => buildExportZip(input, versionExportSource(versionId, storage, input.rowsPerGroup));
  };

  let size = await store.finishedSize(key);
  const wantsRange = request.range !== null && rangeApplies(request.ifRange, etag);
  if (size === null && !wantsRange) {
    // Not built yet: stream it while it is written to the cache.
    const build = store.build(key, await makeZip());
    return { status: 200, headers, body: build.reader() };
  }
  if (size === null) size = await store.build(key, await makeZip()).done;

  const range = wantsRange ? parseRange(request.range, size) : null;
  if (range === "unsatisfiable") return { status: 416, headers: { ...headers, "Content-Range": `bytes */${size}` }, body: null };
  if (range === null) return { status: 200, headers: { ...headers, "Content-Length": String(size) }, body: store.readRange(key, 0, size - 1) };
  return {
    status: 206,
    headers: { ...headers, "Content-Length": String(range.end - range.start + 1), "Content-Range": `bytes ${range.start}-${range.end}/${size}` },
    body: store.readRange(key, range.start, range.end),
  };
}

type VersionForExport = {
  id: string;
  version: string;
  onChainId: string | null;
  merkleRoot: string | null;
  publishedAt: Date | null;
  sampleCount: number;
  dataset: { slug: string; name: string; campaign: { dataType: "TEXT" | "IMAGE"; labelSchema: unknown } };
};

async function exportInput(version: VersionForExport, format: ExportFormat, shardTargetBytes: number, chainId: number): Promise<ExportInput> {
  const [totals] = await db.$queryRaw<{ rows: bigint | number; textBytes: bigint | number | null }[]>`
    SELECT COUNT(*) AS "rows", SUM(CASE WHEN s."blobKey" IS NULL THEN s."sizeBytes" ELSE 0 END) AS "textBytes"
    FROM "DatasetVersionSample" d JOIN "Sample" s ON s."id" = d."sampleId" WHERE d."versionId" = ${version.id}`;
  const rowCount = Number(totals?.rows ?? 0);
  if (rowCount === 0 || rowCount !== version.sampleCount) throw new AppError("INTERNAL", "This version's sample list is incomplete.", { details: { rowCount, sampleCount: version.sampleCount } });
  const estimatedBytes = Number(totals?.textBytes ?? 0) + rowCount * ROW_OVERHEAD_BYTES;
  const schema = ZLabelSchema.parse(version.dataset.campaign.labelSchema);
  const registry = await findDeployment("DatasetRegistry");
  return {
    format,
    shape: { media: version.dataset.campaign.dataType === "IMAGE", multiLabel: schema.kind === "multi_label" },
    rowCount,
    estimatedBytes,
    shardTargetBytes,
    rowsPerGroup: Math.max(64, Math.min(2000, Math.floor(GROUP_BYTES / (estimatedBytes / rowCount)))),
    mtime: version.publishedAt!,
    readme: renderHfReadme(await getDatasetCard(version.id)),
    manifest: {
      dataset: { slug: version.dataset.slug, name: version.dataset.name, version: version.version, versionId: version.id, onChainId: version.onChainId },
      chain: { chainId, registryAddress: registry?.address ?? null },
      merkle: { root: version.merkleRoot!, leafEncoding: ["string", "bytes32", "bytes32", "address"], leafFrom: LEAF_FROM, leafCount: rowCount },
    },
  };
}
