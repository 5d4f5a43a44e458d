import "server-only";
import { EXPORT_FORMATS, type ExportFormat } from "@/lib/domain/datasets/export/layout";
import { AppError } from "@/lib/errors";
import { parseStoredFilters, type TVersionFilters } from "@/lib/schemas/dataset";
import { ZLabelSchema, type TLabelSchema } from "@/lib/schemas/label-schema";
import { assertRole, type SessionUser } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import { exportCache, exportKey } from "./version-export";

export type AdminDatasetDetail = {
  id: string;
  name: string;
  slug: string;
  description: string;
  campaign: { id: string; title: string; labelSchema: TLabelSchema };
  draft: { id: string; priceWei: bigint; filters: TVersionFilters } | null;
  published: {
    id: string;
    version: string;
    sampleCount: number;
    priceWei: bigint;
    merkleRoot: string | null;
    publishTxHash: string | null;
    publishedAt: Date | null;
    purchases: number;
    downloads: DownloadReadiness[];
  }[];
};

/** Whether a format's zip is in the export cache (built by the worker, or by a first buyer's request). */
export type DownloadReadiness = { format: ExportFormat; bytes: number | null };

/** Admin only: a dataset with its draft (if any) and its published versions, newest first. */
export async function getAdminDataset(actor: SessionUser, datasetId: string): Promise<AdminDatasetDetail> {
  assertRole(actor, "ADMIN");
  const row = await db.dataset.findUnique({
    where: { id: datasetId },
    select: {
      id: true,
      name: true,
      slug: true,
      description: true,
      campaign: { select: { id: true, title: true, labelSchema: true } },
      versions: {
        orderBy: { createdAt: "desc" },
        select: { id: true, version: true, status: true, sampleCount: true, priceWei: true, filters: true, merkleRoot: true, publishTxHash: true, publishedAt: true, _count: { select: { purchases: true } } },
      },
    },
  });
  if (!row) throw new AppError("NOT_FOUND", "That dataset does not exist.");
  const draft = row.versions.find((v) => v.status === "DRAFT");
  return {
    id: row.id,
    name: row.name,
    slug: row.slug,
    description: row.description,
    campaign: { id: row.campaign.id, title: row.campaign.title, labelSchema: ZLabelSchema.parse(row.campaign.labelSchema) },
    draft: draft ? { id: draft.id, priceWei: BigInt(draft.priceWei), filters: parseStoredFilters(draft.filters) } : null,
    published: await Promise.all(
      row.versions
        .filter((v) => v.status === "PUBLISHED")
        .map(async (v) => ({
          id: v.id,
          version: v.version,
          sampleCount: v.sampleCount,
          priceWei: BigInt(v.priceWei),
          merkleRoot: v.merkleRoot,
          publishTxHash: v.publishTxHash,
          publishedAt: v.publishedAt,
          purchases: v._count.purchases,
          downloads: await Promise.all(EXPORT_FORMATS.map(async (format) => ({ format, bytes: await exportCache().finishedSize(exportKey(v.id, format)) }))),
        })),
    ),
  };
}
