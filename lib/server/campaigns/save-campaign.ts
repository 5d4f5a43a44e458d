import "server-only";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import type { TCampaignInput } from "@/lib/schemas/campaign";
import { assertRole, type SessionUser } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";

function toRow(input: TCampaignInput) {
  return { ...input, rewardWei: input.rewardWei.toString(), budgetWei: input.budgetWei.toString(), reviewerFeeWei: input.reviewerFeeWei.toString() };
}

/**
 * The decision settings a campaign cannot work with, refused here as well as in the form's schema: a caller that
 * skips the schema would otherwise store a campaign on which every verdict's decision fails.
 */
function assertDecisionSettings(input: TCampaignInput): void {
  if (!(input.acceptThreshold > 0.5 && input.acceptThreshold <= 1)) {
    throw new AppError("VALIDATION", "The threshold must be above 0.5 and at most 1.", { details: { field: "acceptThreshold" } });
  }
  if (!Number.isInteger(input.reviewsPerItem) || input.reviewsPerItem < 1) {
    throw new AppError("VALIDATION", "The initial number of reviews must be a whole number of at least 1.", { details: { field: "reviewsPerItem" } });
  }
  if (!Number.isInteger(input.maxReviews) || input.maxReviews < input.reviewsPerItem) {
    throw new AppError("VALIDATION", "The maximum must be at least the initial number of reviews.", { details: { field: "maxReviews" } });
  }
}

function slugTaken(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

/** Admin only: creates a campaign and logs it. */
export async function createCampaign(actor: SessionUser, input: TCampaignInput): Promise<{ id: string; slug: string }> {
  assertRole(actor, "ADMIN");
  assertDecisionSettings(input);
  try {
    return await db.$transaction(async (tx) => {
      const campaign = await tx.campaign.create({ data: { ...toRow(input), createdById: actor.id }, select: { id: true, slug: true } });
      await tx.auditEvent.create({ data: { actorId: actor.id, action: "campaign.create", subject: `campaign:${campaign.id}` } });
      return campaign;
    });
  } catch (error) {
    if (slugTaken(error)) throw new AppError("CONFLICT", `The URL name "${input.slug}" is already used by another campaign.`, { details: { field: "slug" } });
    throw error;
  }
}

/**
 * Admin only: edits a campaign. Once samples exist, the data type and label schema are frozen: changing them would
 * silently invalidate what contributors already labeled.
 */
export async function updateCampaign(actor: SessionUser, id: string, input: TCampaignInput): Promise<{ id: string; slug: string }> {
  assertRole(actor, "ADMIN");
  assertDecisionSettings(input);
  try {
    return await db.$transaction(async (tx) => {
      const current = await tx.campaign.findUnique({ where: { id }, select: { dataType: true, labelSchema: true, _count: { select: { samples: true } } } });
      if (!current) throw new AppError("NOT_FOUND", "That campaign does not exist.");
      if (current._count.samples > 0) {
        if (current.dataType !== input.dataType) throw new AppError("CONFLICT", "The data type cannot change once samples were uploaded.", { details: { field: "dataType" } });
        if (JSON.stringify(current.labelSchema) !== JSON.stringify(input.labelSchema)) {
          throw new AppError("CONFLICT", "The labels cannot change once samples were uploaded.", { details: { field: "labels" } });
        }
      }
      const campaign = await tx.campaign.update({ where: { id }, data: toRow(input), select: { id: true, slug: true } });
      await tx.auditEvent.create({ data: { actorId: actor.id, action: "campaign.update", subject: `campaign:${id}` } });
      return campaign;
    });
  } catch (error) {
    if (slugTaken(error)) throw new AppError("CONFLICT", `The URL name "${input.slug}" is already used by another campaign.`, { details: { field: "slug" } });
    throw error;
  }
}
