import "server-only";
import { AppError } from "@/lib/errors";
import type { SessionUser } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import type { StorageProvider, StoredBlob } from "@/lib/server/storage/storage-provider";

/**
 * A sample's file, for people allowed to see it: its contributor, reviewers (global, or holding a slot of it) and admins. The same answer ("not
 * found") for a missing blob and a forbidden one, so keys cannot be probed.
 */
export async function readSampleBlob(viewer: SessionUser, key: string, storage: StorageProvider): Promise<{ blob: StoredBlob; mimeType: string; fileName: string }> {
  const sample = await db.sample.findFirst({ where: { blobKey: key }, select: { id: true, contributorId: true, mimeType: true } });
  // Reviewers qualified by a campaign's quiz hold no global role: holding a review slot of the sample is what counts.
  const holdsSlot = async (sampleId: string) => (await db.reviewAssignment.count({ where: { sampleId, reviewerId: viewer.id } })) > 0;
  // A newcomer taking a campaign's quiz sees its gold items before being anybody's reviewer.
  const inOpenQuiz = async (sampleId: string) => {
    const open = await db.quizAttempt.findMany({ where: { userId: viewer.id, submittedAt: null }, select: { sampleIds: true } });
    return open.some((a) => Array.isArray(a.sampleIds) && a.sampleIds.includes(sampleId));
  };
  const allowed =
    sample &&
    (sample.contributorId === viewer.id || viewer.roles.includes("ADMIN") || viewer.roles.includes("REVIEWER") || (await holdsSlot(sample.id)) || (await inOpenQuiz(sample.id)));
  if (!allowed) throw new AppError("NOT_FOUND", "No such file.");
  const blob = await storage.get(key);
  if (!blob) throw new AppError("NOT_FOUND", "No such file.");
  const extension = sample.mimeType.split("/")[1]?.split(";")[0] ?? "bin";
  return { blob, mimeType: sample.mimeType, fileName: `${key.slice(0, 16)}.${extension}` };
}
