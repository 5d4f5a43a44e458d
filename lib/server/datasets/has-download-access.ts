import "server-only";
import type { SessionUser } from "@/lib/server/auth/roles";
import { db } from "@/lib/server/db";

/** A buyer with a recorded purchase of the version may download it, and admins may; a draft only admins. */
export async function hasDownloadAccess(user: SessionUser, versionId: string): Promise<boolean> {
  const version = await db.datasetVersion.findUnique({ where: { id: versionId }, select: { status: true } });
  if (!version) return false;
  if (user.roles.includes("ADMIN")) return true;
  if (version.status !== "PUBLISHED") return false;
  return (await db.purchase.count({ where: { versionId, buyerId: user.id } })) > 0;
}
