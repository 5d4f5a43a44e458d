import "server-only";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { assertRole, type SessionUser } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import { reviewTransaction } from "@/lib/server/reviews/unique-violation";

const ZSetCampaignReviewer = z.object({ campaignId: z.string().min(1).max(64), userId: z.string().min(1).max(64), active: z.boolean() });

/**
 * Admin only: removes a reviewer from one campaign (an inactive row, which also overrides the global role there) or
 * restores them, whether they qualified by quiz, were added by an admin or fell below the floor. Logged.
 */
export async function setCampaignReviewer(actor: SessionUser, input: unknown): Promise<void> {
  assertRole(actor, "ADMIN");
  const { campaignId, userId, active } = ZSetCampaignReviewer.parse(input);
  await reviewTransaction(async (tx) => {
    const [user, campaign] = await Promise.all([tx.user.findUnique({ where: { id: userId }, select: { id: true } }), tx.campaign.findUnique({ where: { id: campaignId }, select: { id: true } })]);
    if (!user || !campaign) throw new AppError("NOT_FOUND", "That user or campaign does not exist.");
    await tx.campaignReviewer.upsert({
      where: { campaignId_userId: { campaignId, userId } },
      create: { campaignId, userId, source: "ADMIN", active, inactiveReason: active ? null : "revoked" },
      update: { active, inactiveReason: active ? null : "revoked" },
    });
    await tx.auditEvent.create({ data: { actorId: actor.id, action: active ? "reviewer.campaign-grant" : "reviewer.campaign-revoke", subject: `campaign:${campaignId}`, details: { userId } } });
  });
}

export type CampaignReviewerRow = { userId: string; address: string; displayName: string | null; source: string; active: boolean; inactiveReason: string | null; reliability: number | null };

/** Admin only: the campaign's reviewer rows (quiz, admin, floor), newest first. */
export async function listCampaignReviewers(actor: SessionUser, campaignId: string): Promise<CampaignReviewerRow[]> {
  assertRole(actor, "ADMIN");
  const rows = await db.campaignReviewer.findMany({
    where: { campaignId },
    orderBy: { createdAt: "desc" },
    take: 200,
    select: { userId: true, source: true, active: true, inactiveReason: true, reliability: true, user: { select: { address: true, displayName: true } } },
  });
  return rows.map(({ user, ...r }) => ({ ...r, address: user.address, displayName: user.displayName }));
}
