import "server-only";
import { AppError } from "@/lib/errors";
import { assertRole, type SessionUser } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";

/** Admin only: grants or revokes the reviewer role, and logs who did it, in one transaction. */
export async function setReviewerRole(actor: SessionUser, userId: string, grant: boolean): Promise<void> {
  assertRole(actor, "ADMIN");
  await db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true } });
    if (!user) throw new AppError("NOT_FOUND", "That user does not exist.");
    if (grant) {
      await tx.roleGrant.upsert({
        where: { userId_role: { userId, role: "REVIEWER" } },
        create: { userId, role: "REVIEWER", grantedById: actor.id },
        update: {},
      });
    } else {
      await tx.roleGrant.deleteMany({ where: { userId, role: "REVIEWER" } });
    }
    await tx.auditEvent.create({
      data: { actorId: actor.id, action: grant ? "role.grant" : "role.revoke", subject: `user:${userId}`, details: { role: "REVIEWER" } },
    });
  });
}
