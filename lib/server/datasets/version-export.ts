import "server-only";
import { createHash } from "node:crypto";
import path from "node:path";
import { renderHfReadme } from "@/lib/domain/datasets/dataset-card";
import { EXPORT_LAYOUT_VERSION, ROW_OVERHEAD_BYTES, type ExportFormat } from "@/lib/domain/datasets/export/layout";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { buildExportZip, type ExportInput } from "@/lib/jobs/export/build-export-zip";
import { LEAF_FROM } from "@/lib/schemas/export-manifest";
import { ZLabelSchema } from "@/lib/schemas/label-schema";
import { db } from "@/lib/server/db";
import { findDeployment } from "@/lib/server/deployments";
import { defaultStorage } from "@/lib/server/storage/default-storage";
import type { StorageProvider } from "@/lib/server/storage/storage-provider";
import type { Build } from "./export-build";
import { ExportCache } from "./export-cache";
import { getDatasetCard } from "./get-dataset-card";
import { versionExportSource } from "./version-export-source";

/** Memory per row group and per database page: rows of about this many bytes together. */
const GROUP_BYTES = 8 << 20;

let cache: ExportCache | undefined;
/** The export cache of this process; every process on the same EXPORT_CACHE_DIR shares its finished files. */
export function exportCache(): ExportCache {
  cache ??= new ExportCache(path.resolve(getEnv().exportCacheDir));
  return cache;
}

/** A download's options besides its format: `spreadsheetSafe`, the csv-safe download (CSV only). */
export type ExportVariant = { spreadsheetSafe?: boolean };

/** The cache key (and ETag) of one download: everything the bytes depend on. */
export function exportKey(versionId: string, format: ExportFormat, variant: ExportVariant = {}): string {
  const env = getEnv();
  const parts: unknown[] = [versionId, format, EXPORT_LAYOUT_VERSION, env.exportShardMaxBytes];
  if (variant.spreadsheetSafe) parts.push("spreadsheet-safe"); // the other downloads keep their keys
  return createHash("sha256").update(JSON.stringify(parts)).digest("hex").slice(0, 32);
}

export const EXPORTABLE_VERSION_SELECT = {
  id: true, version: true, status: true, onChainId: true, merkleRoot: true, publishedAt: true, sampleCount: true,
  dataset: { select: { slug: true, name: true, campaign: { select: { dataType: true, labelSchema: true } } } },
} as const;

export type ExportableVersion = {
  id: string;
  version: string;
  status: string;
  onChainId: string | null;
  merkleRoot: string | null;
  publishedAt: Date | null;
  sampleCount: number;
  dataset: { slug: string; name: string; campaign: { dataType: "TEXT" | "IMAGE"; labelSchema: unknown } };
};

/** Only a published version has frozen membership and a root, so only it can be exported. */
export function isExportable<T extends Pick<ExportableVersion, "status" | "merkleRoot" | "publishedAt">>(version: T | null): version is T & { merkleRoot: string; publishedAt: Date } {
  return version !== null && version.status === "PUBLISHED" && version.merkleRoot !== null && version.publishedAt !== null;
}

/** The running or a new build of one download into the cache (concurrent callers in a process share it). */
export async function startExportBuild(version: ExportableVersion, format: ExportFormat, storage: StorageProvider = defaultStorage(), variant: ExportVariant = {}): Promise<Build> {
  if (variant.spreadsheetSafe && format !== "csv") throw new AppError("BAD_REQUEST", "Only a CSV download can be spreadsheet-safe.");
  const input = await exportInput(version, format, variant);
  return exportCache().build(exportKey(version.id, format, variant), () => buildExportZip(input, versionExportSource(version.id, storage, input.rowsPerGroup)));
}

async function exportInput(version: ExportableVersion, format: ExportFormat, variant: ExportVariant): Promise<ExportInput> {
  const env = getEnv();
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
    shardTargetBytes: env.exportShardMaxBytes,
    rowsPerGroup: Math.max(64, Math.min(2000, Math.floor(GROUP_BYTES / (estimatedBytes / rowCount)))),
    mtime: version.publishedAt!,
    readme: renderHfReadme(await getDatasetCard(version.id)),
    manifest: {
      dataset: { slug: version.dataset.slug, name: version.dataset.name, version: version.version, versionId: version.id, onChainId: version.onChainId },
      chain: { chainId: env.chainId, registryAddress: registry?.address ?? null },
      merkle: { root: version.merkleRoot!, leafEncoding: ["string", "bytes32", "bytes32", "address"], leafFrom: LEAF_FROM, leafCount: rowCount },
      ...(variant.spreadsheetSafe ? { cells: "spreadsheet-safe" as const } : {}),
    },
  };
}
