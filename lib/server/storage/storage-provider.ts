import "server-only";
import type { Readable } from "node:stream";

// Content-addressed blob storage. A blob's key is the sha256 of its bytes (64 lowercase hex digits), so the same
// bytes always land in the same place, writes are idempotent, and a key names its content for ever. Callers
// only ever see keys, bytes and streams: no path, bucket or URL crosses this interface, so an S3-compatible
// adapter (PutObject with x-amz-checksum-sha256, GetObject, HeadObject, DeleteObject) can replace the local one
// without touching them.

/** Bytes in memory, a Node stream, or a web stream (e.g. a fetch or Request body). */
export type BlobBody = Uint8Array | Readable | ReadableStream<Uint8Array>;

export type PutOptions = {
  /** Stored by adapters that keep metadata (S3's Content-Type); the local adapter does not need it. */
  contentType: string;
};

export type PutResult = {
  key: string;
  size: number;
  /** False when the blob was already there (the put was a no-op, and the body was read but not stored). */
  created: boolean;
};

export type StoredBlob = {
  /** The caller must consume or destroy it: it holds an open file or connection. */
  stream: Readable;
  size: number;
};

/** One stored blob as a listing sees it. `modifiedAt`: its last write, or its last put, whichever is later. */
export type BlobListing = { key: string; size: number; modifiedAt: Date };

export interface StorageProvider {
  /**
   * Stores `body` under `key`, atomically: readers see the whole blob or none of it. Idempotent: putting the same
   * key again, even concurrently, succeeds and leaves one copy. Throws if the bytes do not hash to `key`, so a
   * wrong key or a corrupted stream can never be stored under a key that lies about its content. A put of a blob
   * that is already there still moves its `modifiedAt` to now: the orphan sweeper's grace period then covers an
   * upload between its put and its row's insert, even when the blob was an old orphan.
   */
  put(key: string, body: BlobBody, options: PutOptions): Promise<PutResult>;
  /** The blob, or null when there is none. */
  get(key: string): Promise<StoredBlob | null>;
  has(key: string): Promise<boolean>;
  /** Removes the blob; a no-op when there is none (e.g. cleaning up after an upload that failed half way). */
  delete(key: string): Promise<void>;
  /** Every blob, in no particular order (S3: ListObjectsV2 pages, LastModified). */
  list(): AsyncIterable<BlobListing>;
  /**
   * Removes the blob unless it was written or put again at or after `cutoff`, and says whether it did: the sweeper's
   * last look before deleting, so that a put racing it wins (S3: HeadObject, then DeleteObject).
   */
  deleteIfUnmodifiedSince(key: string, cutoff: Date): Promise<boolean>;
  /** Removes what interrupted writes left behind before `cutoff` (S3: stale multipart uploads); returns how many. */
  removeIncompleteWrites(cutoff: Date): Promise<number>;
}
