import "server-only";
import type { VersionStats } from "@/lib/domain/datasets/version-stats";
import { assertRole, type SessionUser } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { searchPieces, type ListQuery } from "@/lib/schemas/list-query";

export type PublishedVersionSummary = {
  versionId: string;
  dataset: string;
  description: string;
  campaign: string;
  version: string;
  sampleCount: number;
  priceWei: bigint;
  licence: string;
  publishedAt: Date | null;
  labels: string[];
};

export const DATASET_SORTS = ["newest", "oldest", "name", "largest"] as const;
export type DatasetSort = (typeof DATASET_SORTS)[number];
export const DATASET_LIST_OPTIONS = { sorts: DATASET_SORTS, defaultSize: 20, maxSize: 100 } as const;

const DATASET_ORDER = {
  newest: [{ publishedAt: "desc" }, { id: "desc" }],
  oldest: [{ publishedAt: "asc" }, { id: "asc" }],
  name: [{ dataset: { name: "asc" } }, { version: "asc" }, { id: "asc" }],
  largest: [{ sampleCount: "desc" }, { id: "desc" }],
} as const satisfies Record<DatasetSort, Prisma.DatasetVersionOrderByWithRelationInput[]>;

/**
 * Published versions a page at a time, searched by dataset name, description or campaign title: what anyone may
 * browse before buying. `page` past the end gives no rows (the caller clamps it with the total).
 */
export async function listPublishedVersions(
  query: ListQuery<DatasetSort> = { q: "", sort: "newest", page: 1, size: 20 },
): Promise<{ rows: PublishedVersionSummary[]; total: number; page: number; pageSize: number }> {
  const { q, sort, page, size: pageSize } = query;
  const where: Prisma.DatasetVersionWhereInput = {
    status: "PUBLISHED",
    AND: searchPieces(q).map((piece) => ({
      OR: [{ dataset: { name: { contains: piece } } }, { dataset: { description: { contains: piece } } }, { dataset: { campaign: { title: { contains: piece } } } }],
    })),
  };
  const [rows, total] = await Promise.all([
    db.datasetVersion.findMany({
      where,
      orderBy: [...DATASET_ORDER[sort]],
      skip: (page - 1) * pageSize,
      take: pageSize,
      select: {
        id: true,
        version: true,
        sampleCount: true,
        priceWei: true,
        licence: true,
        publishedAt: true,
        stats: true,
        dataset: { select: { name: true, description: true, campaign: { select: { title: true } } } },
      },
    }),
    db.datasetVersion.count({ where }),
  ]);
  return {
    rows: rows.map((r) => ({
      versionId: r.id,
      dataset: r.dataset.name,
      description: r.dataset.description,
      campaign: r.dataset.campaign.title,
      version: r.version,
      sampleCount: r.sampleCount,
      priceWei: BigInt(r.priceWei),
      licence: r.licence,
      publishedAt: r.publishedAt,
      labels: ((r.stats as VersionStats | null)?.labels ?? []).filter((l) => l.count > 0).map((l) => l.label),
    })),
    total,
    page,
    pageSize,
  };
}

export type AdminDataset = {
  id: string;
  slug: string;
  name: string;
  campaign: string;
  versions: { id: string; version: string; status: "DRAFT" | "PUBLISHED"; sampleCount: number; priceWei: bigint; purchases: number; publishedAt: Date | null }[];
};

/** Admin only: every dataset with its versions, drafts included. */
export async function listDatasetsForAdmin(actor: SessionUser): Promise<AdminDataset[]> {
  assertRole(actor, "ADMIN");
  const datasets = await db.dataset.findMany({
    orderBy: { createdAt: "desc" },
    select: {
      id: true,
      slug: true,
      name: true,
      campaign: { select: { title: true } },
      versions: {
        orderBy: { createdAt: "asc" },
        select: { id: true, version: true, status: true, sampleCount: true, priceWei: true, publishedAt: true, _count: { select: { purchases: true } } },
      },
    },
  });
  return datasets.map((d) => ({
    id: d.id,
    slug: d.slug,
    name: d.name,
    campaign: d.campaign.title,
    versions: d.versions.map((v) => ({ id: v.id, version: v.version, status: v.status, sampleCount: v.sampleCount, priceWei: BigInt(v.priceWei), purchases: v._count.purchases, publishedAt: v.publishedAt })),
  }));
}
