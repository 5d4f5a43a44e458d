import "server-only";
import { z } from "zod";
import type { SampleStatus } from "@/lib/generated/prisma/enums";
import type { SessionUser } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";

export const SAMPLE_STATUSES = ["PENDING_REVIEW", "ACCEPTED", "REJECTED", "ESCALATED"] as const;

export const ZSampleFilter = z.object({
  status: z.enum(SAMPLE_STATUSES).optional().catch(undefined),
  campaign: z.string().max(60).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});
export type TSampleFilter = z.infer<typeof ZSampleFilter>;

export type MySampleRow = {
  id: string;
  status: SampleStatus;
  campaign: { slug: string; title: string };
  preview: string;
  mimeType: string;
  labels: unknown;
  consensusLabel: string | null;
  posterior: number | null;
  nearDuplicateOfId: string | null;
  createdAt: Date;
};

export const MY_SAMPLES_PAGE_SIZE = 20;

/** The caller's own samples, newest first, filtered and a page at a time; never anyone else's. */
export async function listMySamples(user: SessionUser, filter: TSampleFilter): Promise<{ rows: MySampleRow[]; total: number; counts: Record<string, number> }> {
  const where = {
    contributorId: user.id,
    ...(filter.status ? { status: filter.status } : {}),
    ...(filter.campaign ? { campaign: { slug: filter.campaign } } : {}),
  };
  const [rows, total, grouped] = await Promise.all([
    db.sample.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (filter.page - 1) * MY_SAMPLES_PAGE_SIZE,
      take: MY_SAMPLES_PAGE_SIZE,
      select: {
        id: true,
        status: true,
        textContent: true,
        originalName: true,
        mimeType: true,
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
