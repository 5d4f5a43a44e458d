import "server-only";
import { AppError } from "@/lib/errors";
import { ZSampleRef } from "@/lib/schemas/review";
import type { SessionUser } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import { retryOnBusy } from "./unique-violation";

/**
 * Hands a held sample back to the queue for someone else. The row stays as SKIPPED without a slot: the slot is free
 * at once, and the same reviewer is not served this sample again.
 */
export async function skipReview(actor: SessionUser, input: unknown): Promise<void> {
  const { sampleId } = ZSampleRef.parse(input);
  const released = await retryOnBusy(() => db.reviewAssignment.updateMany({ where: { sampleId, reviewerId: actor.id, status: "LEASED" }, data: { status: "SKIPPED", slot: null } }));
  if (released.count !== 1) throw new AppError("CONFLICT", "You do not hold this sample, so there is nothing to skip.");
}
