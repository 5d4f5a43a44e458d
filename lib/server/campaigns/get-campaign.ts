import "server-only";
import { budgetLeftWei } from "@/lib/domain/campaigns/budget";
import { AppError } from "@/lib/errors";
import type { CampaignStatus, DataType, NearDuplicatePolicy } from "@/lib/generated/prisma/enums";
import { ZLabelSchema, type TLabelSchema } from "@/lib/schemas/label-schema";
import { assertRole, type SessionUser } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";

export type CampaignDetail = {
  id: string;
  slug: string;
  title: string;
  description: string;
  dataType: DataType;
  labelSchema: TLabelSchema;
  rewardWei: bigint;
  budgetWei: bigint;
  budgetLeftWei: bigint;
  targetSamples: number;
  reviewsPerItem: number;
  maxReviews: number;
  acceptThreshold: number;
  licence: string;
  status: CampaignStatus;
  nearDuplicatePolicy: NearDuplicatePolicy;
  maxPendingPerContributor: number;
  textMinLength: number;
  textMaxLength: number;
  reviewerFeeWei: bigint;
  appealWindowDays: number;
  goldRate: number;
  quizSize: number;
  quizPassMark: number;
  reliabilityFloor: number;
  counts: { accepted: number; pending: number; rejected: number };
};

const select = {
  id: true,
  slug: true,
  title: true,
  description: true,
  dataType: true,
  labelSchema: true,
  rewardWei: true,
  budgetWei: true,
  targetSamples: true,
  reviewsPerItem: true,
  maxReviews: true,
  acceptThreshold: true,
  licence: true,
  status: true,
  nearDuplicatePolicy: true,
  maxPendingPerContributor: true,
  textMinLength: true,
  textMaxLength: true,
  reviewerFeeWei: true,
  appealWindowDays: true,
  goldRate: true,
  quizSize: true,
  quizPassMark: true,
  reliabilityFloor: true,
  payoutLedger: { select: { fundedWei: true } },
} as const;

/** A campaign by id or slug. Drafts are visible to admins only; to everyone else they do not exist. */
export async function getCampaign(ref: { id: string } | { slug: string }, viewer: SessionUser | null): Promise<CampaignDetail> {
  const row = await db.campaign.findUnique({ where: "id" in ref ? { id: ref.id } : { slug: ref.slug }, select });
  if (!row || (row.status === "DRAFT" && !viewer?.roles.includes("ADMIN"))) throw new AppError("NOT_FOUND", "That campaign does not exist.");
  const grouped = await db.sample.groupBy({ by: ["status"], where: { campaignId: row.id }, _count: { _all: true } });
  const count = (status: string) => grouped.find((g) => g.status === status)?._count._all ?? 0;
  const rewardWei = BigInt(row.rewardWei);
  const budgetWei = BigInt(row.budgetWei);
  const accepted = count("ACCEPTED");
  const { payoutLedger: _ledger, ...fields } = row;
  return {
    ...fields,
    labelSchema: ZLabelSchema.parse(row.labelSchema),
    rewardWei,
    budgetWei,
    reviewerFeeWei: BigInt(row.reviewerFeeWei),
    budgetLeftWei: budgetLeftWei(budgetWei, rewardWei, accepted, BigInt(row.payoutLedger?.fundedWei ?? "0")),
    counts: { accepted, pending: count("PENDING_REVIEW"), rejected: count("REJECTED") },
  };
}

export type AdminCampaignRow = { id: string; slug: string; title: string; status: CampaignStatus; dataType: DataType; samples: number; createdAt: Date };

/** Admin only: every campaign, drafts included. */
export async function listAllCampaigns(viewer: SessionUser): Promise<AdminCampaignRow[]> {
  assertRole(viewer, "ADMIN");
  const rows = await db.campaign.findMany({
    orderBy: { createdAt: "desc" },
    select: { id: true, slug: true, title: true, status: true, dataType: true, createdAt: true, _count: { select: { samples: true } } },
  });
  return rows.map(({ _count, ...r }) => ({ ...r, samples: _count.samples }));
}
