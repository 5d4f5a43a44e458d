import "server-only";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { SessionUser } from "@/lib/server/auth/session";

type Reader = Pick<Prisma.TransactionClient, "campaign" | "campaignReviewer">;

/**
 * The open campaigns this user may review: those where they are an active CampaignReviewer (quiz or admin), plus,
 * for holders of the global REVIEWER role, every other open campaign. An inactive row (say, after falling below
 * the campaign's reliability floor) overrides the global role for that campaign.
 */
export async function reviewableCampaignIds(tx: Reader, user: SessionUser, only?: string): Promise<string[]> {
  const rows = await tx.campaignReviewer.findMany({ where: { userId: user.id, ...(only ? { campaignId: only } : {}) }, select: { campaignId: true, active: true } });
  const active = rows.filter((r) => r.active).map((r) => r.campaignId);
  const inactive = rows.filter((r) => !r.active).map((r) => r.campaignId);
  const byMembership = user.roles.includes("REVIEWER") ? { id: { notIn: inactive } } : { id: { in: active } };
  const open = await tx.campaign.findMany({
    where: { status: "OPEN", AND: [byMembership, ...(only ? [{ id: only }] : [])] },
    select: { id: true },
    orderBy: { createdAt: "asc" },
  });
  return open.map((c) => c.id);
}

/** Whether the user reviews this campaign at all, whatever its status (a closed campaign has its own error). */
export async function isReviewerOf(tx: Reader, user: SessionUser, campaignId: string): Promise<boolean> {
  const row = await tx.campaignReviewer.findUnique({ where: { campaignId_userId: { campaignId, userId: user.id } }, select: { active: true } });
  if (row) return row.active;
  return user.roles.includes("REVIEWER");
}

export async function assertReviewerOf(tx: Reader, user: SessionUser, campaignId: string): Promise<void> {
  if (!(await isReviewerOf(tx, user, campaignId))) {
    throw new AppError("FORBIDDEN", "You are not a reviewer of this campaign. Pass its qualification quiz or ask an admin for the reviewer role.");
  }
}
