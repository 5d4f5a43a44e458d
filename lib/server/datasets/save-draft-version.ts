import "server-only";
import { AppError } from "@/lib/errors";
import type { TDraftVersionInput } from "@/lib/schemas/dataset";
import { assertRole, type SessionUser } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import { isUniqueViolation } from "@/lib/server/reviews/unique-violation";

/** A dataset's draft is named "draft" until publication names it v1, v2, ...; the unique name keeps it to one. */
export const DRAFT_NAME = "draft";

/** Admin only: the dataset's draft version (one at a time), with the campaign's licence. */
export async function createDraftVersion(actor: SessionUser, datasetId: string, input: TDraftVersionInput): Promise<{ id: string }> {
  assertRole(actor, "ADMIN");
  const dataset = await db.dataset.findUnique({ where: { id: datasetId }, select: { id: true, campaign: { select: { licence: true } } } });
  if (!dataset) throw new AppError("NOT_FOUND", "That dataset does not exist.");
  try {
    return await db.$transaction(async (tx) => {
      const version = await tx.datasetVersion.create({
        data: { datasetId, version: DRAFT_NAME, licence: dataset.campaign.licence, priceWei: input.priceWei.toString(), filters: input.filters },
        select: { id: true },
      });
      await tx.auditEvent.create({ data: { actorId: actor.id, action: "dataset.version.create", subject: `datasetVersion:${version.id}` } });
      return version;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("CONFLICT", "This dataset already has a draft version: edit or publish it first.");
    throw error;
  }
}

/** Admin only: changes a draft's filters and price. A published version is immutable: editing it is a 409. */
export async function updateDraftVersion(actor: SessionUser, versionId: string, input: TDraftVersionInput): Promise<{ id: string }> {
  assertRole(actor, "ADMIN");
  const updated = await db.$transaction(async (tx) => {
    const { count } = await tx.datasetVersion.updateMany({
      where: { id: versionId, status: "DRAFT" },
      data: { priceWei: input.priceWei.toString(), filters: input.filters },
    });
    if (count === 1) await tx.auditEvent.create({ data: { actorId: actor.id, action: "dataset.version.update", subject: `datasetVersion:${versionId}` } });
    return count === 1;
  });
  if (updated) return { id: versionId };
  const exists = await db.datasetVersion.findUnique({ where: { id: versionId }, select: { version: true } });
  if (!exists) throw new AppError("NOT_FOUND", "That dataset version does not exist.");
  throw new AppError("CONFLICT", `Version ${exists.version} is published and can no longer change: create a new version instead.`);
}
