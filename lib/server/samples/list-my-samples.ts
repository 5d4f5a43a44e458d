import "server-only";
import { z } from "zod";
import type { SampleStatus } from "@/lib/generated/prisma/enums";
import type { SessionUser } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { searchPieces, type ListQuery } from "@/lib/schemas/list-query";

export const SAMPLE_STATUSES = ["PENDING_REVIEW", "ACCEPTED", "REJECTED", "ESCALATED"] as const;

export const MY_SAMPLE_SORTS = ["newest", "oldest", "campaign"] as const;
export type MySampleSort = (typeof MY_SAMPLE_SORTS)[number];
export const MY_SAMPLES_LIST_OPTIONS = { sorts: MY_SAMPLE_SORTS, defaultSize: 20, maxSize: 100 } as const;

/** The filters besides search, sort and page; an unknown status shows every status (the page says so). */
export const ZSampleFilter = z.object({
  status: z.enum(SAMPLE_STATUSES).optional().catch(undefined),
  campaign: z.string().max(60).optional().catch(undefined),
});
export type TSampleFilter = z.infer<typeof ZSampleFilter> & ListQuery<MySampleSort>;

const MY_SAMPLE_ORDER = {
  newest: [{ createdAt: "desc" }, { id: "desc" }],
  oldest: [{ createdAt: "asc" }, { id: "asc" }],
  campaign: [{ campaign: { title: "asc" } }, { createdAt: "desc" }, { id: "desc" }],
} as const satisfies Record<MySampleSort, Prisma.SampleOrderByWithRelationInput[]>;

export type MySampleRow = {
  id: string;
  status: SampleStatus;
  campaign: { slug: string; title: string };
  preview: string;
  mimeType: string;
  /** Images only: the stored file, served to its contributor by /api/blobs. */
  blobKey: string | null;
  labels: unknown;
  consensusLabel: string | null;
  posterior: number | null;
  nearDuplicateOfId: string | null;
  createdAt: Date;
};

/** The caller's own samples, searched (text or file name), filtered, sorted and a page at a time; never anyone else's. */
export async function listMySamples(user: SessionUser, filter: TSampleFilter): Promise<{ rows: MySampleRow[]; total: number; counts: Record<string, number> }> {
  const where: Prisma.SampleWhereInput = {
    contributorId: user.id,
    ...(filter.status ? { status: filter.status } : {}),
    ...(filter.campaign ? { campaign: { slug: filter.campaign } } : {}),
    AND: searchPieces(filter.q).map((piece) => ({ OR: [{ textContent: { contains: piece } }, { originalName: { contains: piece } }] })),
  };
  const [rows, total, grouped] = await Promise.all([
    db.sample.findMany({
      where,
      orderBy: [...MY_SAMPLE_ORDER[filter.sort]],
      skip: (filter.page - 1) * filter.size,
      take: filter.size,
      select: {
        id: true,
        status: true,
        textContent: true,
        originalName: true,
        mimeType: true,
        blobKey: true,
        labels: true,
        consensusLabel: true,
        posterior: true,
        nearDuplicateOfId: true,
        createdAt: true,
        campaign: { select: { slug: true, title: true } },
      },
    }),
    db.sample.count({ where }),
    db.sample.groupBy({ by: ["status"], where: { contributorId: user.id }, _count: { _all: true } }),
  ]);
  return {
    rows: rows.map(({ textContent, originalName, ...r }) => ({ ...r, preview: textContent?.slice(0, 140) ?? originalName ?? "(file)" })),
    total,
    counts: Object.fromEntries(grouped.map((g) => [g.status, g._count._all])),
  };
}
