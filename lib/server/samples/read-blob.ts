import "server-only";
import { AppError } from "@/lib/errors";
import type { SessionUser } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import type { StorageProvider, StoredBlob } from "@/lib/server/storage/storage-provider";

/**
 * A sample's file, for people allowed to see it: its contributor, reviewers and admins. The same answer ("not
 * found") for a missing blob and a forbidden one, so keys cannot be probed.
 */
export async function readSampleBlob(viewer: SessionUser, key: string, storage: StorageProvider): Promise<{ blob: StoredBlob; mimeType: string; fileName: string }> {
  const sample = await db.sample.findFirst({ where: { blobKey: key }, select: { contributorId: true, mimeType: true } });
  const allowed = sample && (sample.contributorId === viewer.id || viewer.roles.includes("ADMIN") || viewer.roles.includes("REVIEWER"));
  if (!allowed) throw new AppError("NOT_FOUND", "No such file.");
  const blob = await storage.get(key);
  if (!blob) throw new AppError("NOT_FOUND", "No such file.");
  const extension = sample.mimeType.split("/")[1]?.split(";")[0] ?? "bin";
  return { blob, mimeType: sample.mimeType, fileName: `${key.slice(0, 16)}.${extension}` };
}
