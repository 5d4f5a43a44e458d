import "server-only";
import { AppError } from "@/lib/errors";
import type { TDatasetInput } from "@/lib/schemas/dataset";
import { assertRole, type SessionUser } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import { isUniqueViolation } from "@/lib/server/reviews/unique-violation";

/** Admin only: a dataset over one campaign's accepted samples; its versions are created as drafts afterwards. */
export async function createDataset(actor: SessionUser, input: TDatasetInput): Promise<{ id: string; slug: string }> {
  assertRole(actor, "ADMIN");
  const campaign = await db.campaign.findUnique({ where: { id: input.campaignId }, select: { id: true } });
  if (!campaign) throw new AppError("NOT_FOUND", "That campaign does not exist.", { details: { field: "campaignId" } });
  try {
    return await db.$transaction(async (tx) => {
      const dataset = await tx.dataset.create({ data: input, select: { id: true, slug: true } });
      await tx.auditEvent.create({ data: { actorId: actor.id, action: "dataset.create", subject: `dataset:${dataset.id}` } });
      return dataset;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("CONFLICT", `The URL name "${input.slug}" is already used by another dataset.`, { details: { field: "slug" } });
    throw error;
  }
}
