// The orphan blob sweeper loop: removes blobs no row references once they are older than the grace period (see
// lib/server/storage/orphan-blobs.ts). Runs in the worker process; several workers sweeping at once only repeat
// each other's deletes.
import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import { sweepOrphanBlobs } from "@/lib/server/storage/orphan-blobs";
import type { StorageProvider } from "@/lib/server/storage/storage-provider";

/** Far longer than an upload takes from its first blob write to its insert (at most the 10 s busy deadline, retried). */
export const BLOB_SWEEP_GRACE_MS = 60 * 60 * 1000;
/** Orphans only come from crashes: an hourly look is plenty. */
export const BLOB_SWEEP_POLL_MS = 60 * 60 * 1000;

export type BlobSweeperOptions = { storage: StorageProvider; graceMs: number; pollMs: number; log: (message: string) => void; signal: AbortSignal };

export async function runBlobSweeper({ storage, graceMs, pollMs, log, signal }: BlobSweeperOptions): Promise<void> {
  while (!signal.aborted) {
    try {
      const { examined, removed, incompleteWrites } = await sweepOrphanBlobs(storage, { graceMs });
      if (removed > 0 || incompleteWrites > 0) {
        log(`blob sweeper: removed ${removed} orphan blob(s) of ${examined} and ${incompleteWrites} incomplete write(s)`);
      }
    } catch (error) {
      log(`blob sweeper: ${(error instanceof Error ? error.message : String(error)).split("\n")[0]}`);
    }
    await sleep(pollMs, undefined, { signal }).catch(() => undefined);
  }
}
