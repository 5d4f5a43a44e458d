import "server-only";
import type { StorageProvider } from "@/lib/server/storage/storage-provider";
import { writeTransaction } from "@/lib/server/sqlite-direct";
import { insertSamples, unreferencedBlobKeys, type NewSample, type SampleOwner } from "./sample-rows";

/** `capped`: refused inside the transaction because the contributor's pending cap was full (`pending` then). */
export type StoreOutcome = { kind: "stored" } | { kind: "duplicate" } | { kind: "capped"; pending: number } | { kind: "failed"; error: unknown };

/** Blob writes in flight at once: enough to overlap their fsyncs, few enough not to exhaust file handles. */
const BLOB_WRITES_IN_FLIGHT = 8;

/**
 * Stores checked items so that each is whole (row, band rows, blob) or absent. Blobs are written first, then every
 * row in one transaction. If that transaction fails, the batch is split in halves and each half retried on its own,
 * down to single items: one bad item costs about 2·log2(n) small transactions, not n, and all the others are
 * stored. After a failed attempt, the blobs it created are removed again unless some sample refers to them.
 */
export async function storeSamples(owner: SampleOwner, items: readonly NewSample[], storage: StorageProvider): Promise<Map<string, StoreOutcome>> {
  const outcomes = new Map<string, StoreOutcome>();
  if (items.length > 0) await attempt(owner, items, storage, outcomes);
  return outcomes;
}

async function attempt(owner: SampleOwner, items: readonly NewSample[], storage: StorageProvider, outcomes: Map<string, StoreOutcome>): Promise<void> {
  const created: string[] = [];
  try {
    await writeBlobs(items, storage, created);
    const { inserted, capped, pending } = await writeTransaction((connection) => insertSamples(connection, owner, items));
    for (const item of items) {
      outcomes.set(item.id, inserted.has(item.id) ? { kind: "stored" } : capped.has(item.id) ? { kind: "capped", pending } : { kind: "duplicate" });
    }
    // A skipped item's blob goes unless a sample uses it: another upload that stored the same content, or an
    // item of this very batch with the same bytes.
    const skipped = new Set(items.filter((item) => !inserted.has(item.id)).map((item) => item.contentHash));
    await removeUnreferenced(created.filter((key) => skipped.has(key)), storage);
  } catch (error) {
    await removeUnreferenced(created, storage);
    if (items.length === 1) {
      outcomes.set(items[0]!.id, { kind: "failed", error });
      return;
    }
    const half = Math.ceil(items.length / 2);
    await attempt(owner, items.slice(0, half), storage, outcomes);
    await attempt(owner, items.slice(half), storage, outcomes);
  }
}

/**
 * Puts the items' blobs, recording in `created` the keys this call wrote (not those that were already there). On
 * a failure it stops taking new files, lets the writes in flight finish (so `created` is complete), then throws.
 */
async function writeBlobs(items: readonly NewSample[], storage: StorageProvider, created: string[]): Promise<void> {
  const files = items.filter((item): item is NewSample & { bytes: Uint8Array } => item.bytes !== null);
  let next = 0;
  let failure: { error: unknown } | null = null;
  await Promise.all(
    Array.from({ length: Math.min(BLOB_WRITES_IN_FLIGHT, files.length) }, async () => {
      while (next < files.length && !failure) {
        const item = files[next++]!;
        try {
          const put = await storage.put(item.contentHash, item.bytes, { contentType: item.mimeType });
          if (put.created) created.push(put.key);
        } catch (error) {
          failure ??= { error };
        }
      }
    }),
  );
  if (failure) throw (failure as { error: unknown }).error;
}

/** Deletes those of `keys` no sample refers to; if that cannot be checked, the blobs stay (an orphan beats a loss). */
async function removeUnreferenced(keys: readonly string[], storage: StorageProvider): Promise<void> {
  if (keys.length === 0) return;
  const unused = await unreferencedBlobKeys(keys).catch(() => []);
  await Promise.all(unused.map((key) => storage.delete(key).catch(() => undefined)));
}
