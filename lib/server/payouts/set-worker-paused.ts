import "server-only";
import { assertRole, type SessionUser } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import { PAYOUT_JOB_ID } from "./worker-control";

/** Admin only: pauses or resumes the payout worker (it reads the switch every loop) and logs who did it. */
export async function setWorkerPaused(actor: SessionUser, paused: boolean): Promise<void> {
  assertRole(actor, "ADMIN");
  const now = new Date();
  await db.$transaction(async (tx) => {
    const data = { paused, pausedAt: paused ? now : null, pausedById: paused ? actor.id : null };
    await tx.workerControl.upsert({ where: { id: PAYOUT_JOB_ID }, create: { id: PAYOUT_JOB_ID, ...data }, update: data });
    await tx.auditEvent.create({ data: { actorId: actor.id, action: paused ? "payouts.pause" : "payouts.resume", subject: `job:${PAYOUT_JOB_ID}` } });
  });
}
