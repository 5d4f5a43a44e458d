import "server-only";
import { SKIP_WINDOW_MS, skipRefusal } from "@/lib/domain/trust/farm-rules";
import { AppError } from "@/lib/errors";
import { ZSampleRef } from "@/lib/schemas/review";
import type { SessionUser } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import { retryOnBusy } from "./unique-violation";

/**
 * Hands a held sample back to the queue for someone else. The row stays as SKIPPED without a slot: the slot is free
 * at once, and the same reviewer is not served this sample again. Skips are limited per campaign and hour: otherwise
 * a reviewer could skip their way through the queue to one chosen sample.
 */
export async function skipReview(actor: SessionUser, input: unknown, now: Date = new Date()): Promise<void> {
  const { sampleId } = ZSampleRef.parse(input);
  const held = await db.reviewAssignment.findFirst({ where: { sampleId, reviewerId: actor.id, status: "LEASED" }, select: { campaignId: true } });
  if (held) {
    const recent = await db.reviewAssignment.count({ where: { reviewerId: actor.id, campaignId: held.campaignId, status: "SKIPPED", updatedAt: { gt: new Date(now.getTime() - SKIP_WINDOW_MS) } } });
    const refusal = skipRefusal(recent);
    if (refusal) throw new AppError("RATE_LIMITED", refusal);
  }
  const released = await retryOnBusy(() => db.reviewAssignment.updateMany({ where: { sampleId, reviewerId: actor.id, status: "LEASED" }, data: { status: "SKIPPED", slot: null } }));
  if (released.count !== 1) throw new AppError("CONFLICT", "You do not hold this sample, so there is nothing to skip.");
}
