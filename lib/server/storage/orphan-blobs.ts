import "server-only";
import { db } from "@/lib/server/db";
import type { StorageProvider } from "./storage-provider";

/** Keys looked up per query, well within every database's parameter limit. */
const KEYS_PER_LOOKUP = 500;

export type SweepResult = { examined: number; removed: number; incompleteWrites: number };

/**
 * Removes blobs that no row references and that nobody wrote or put for `graceMs`: what a crash between an upload's
 * blob write and its insert leaves behind. The grace period is what makes it safe beside live uploads: an upload
 * puts its blobs (which refreshes an existing one) and inserts its rows within seconds, so a blob it is about to
 * reference is never older than the grace; and each delete looks again at the blob's time just before it acts.
 * Runs through StorageProvider only, so the same sweep works on object storage.
 */
export async function sweepOrphanBlobs(storage: StorageProvider, options: { graceMs: number; now?: number }): Promise<SweepResult> {
  const cutoff = new Date((options.now ?? Date.now()) - options.graceMs);
  let examined = 0;
  let removed = 0;
  let page: string[] = [];
  const flush = async () => {
    const referenced = await referencedBlobKeys(page);
    for (const key of page) if (!referenced.has(key) && (await storage.deleteIfUnmodifiedSince(key, cutoff))) removed++;
    page = [];
  };
  for await (const blob of storage.list()) {
    examined++;
    if (blob.modifiedAt >= cutoff) continue;
    page.push(blob.key);
    if (page.length >= KEYS_PER_LOOKUP) await flush();
  }
  if (page.length > 0) await flush();
  const incompleteWrites = await storage.removeIncompleteWrites(cutoff);
  return { examined, removed, incompleteWrites };
}

/**
 * Which of these keys some row references. Blob keys live in Sample.blobKey (file samples) and, for a published
 * version's media, in DatasetVersionSample.contentHash (which names the same sha256 the export opens).
 */
async function referencedBlobKeys(keys: readonly string[]): Promise<Set<string>> {
  const [samples, versions] = await Promise.all([
    db.sample.findMany({ where: { blobKey: { in: [...keys] } }, select: { blobKey: true } }),
    db.datasetVersionSample.findMany({ where: { contentHash: { in: [...keys] } }, select: { contentHash: true } }),
  ]);
  return new Set([...samples.map((s) => s.blobKey!), ...versions.map((v) => v.contentHash)]);
}
