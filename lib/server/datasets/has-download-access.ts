import "server-only";
import type { SessionUser } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";

/**
 * Whether `user` may download version `versionId`: admins always; anyone else only a PUBLISHED version they bought,
 * and a purchase exists only where the indexer read a Purchased event at the version's price (index-purchases.ts).
 * A draft is never downloadable by a non-admin; an unknown id is simply no access.
 */
export async function hasDownloadAccess(user: SessionUser, versionId: string): Promise<boolean> {
  if (user.roles.includes("ADMIN")) return true;
  const purchase = await db.purchase.findFirst({
    where: { buyerId: user.id, versionId, version: { status: "PUBLISHED" } },
    select: { id: true },
  });
  return purchase !== null;
}
