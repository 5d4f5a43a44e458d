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

export interface StorageProvider {
  /**
   * Stores `body` under `key`, atomically: readers see the whole blob or none of it. Idempotent: putting the same
   * key again, even concurrently, succeeds and leaves one copy. Throws if the bytes do not hash to `key`, so a
   * wrong key or a corrupted stream can never be stored under a key that lies about its content.
   */
  put(key: string, body: BlobBody, options: PutOptions): Promise<PutResult>;
  /** The blob, or null when there is none. */
  get(key: string): Promise<StoredBlob | null>;
  has(key: string): Promise<boolean>;
  /** Removes the blob; a no-op when there is none (e.g. cleaning up after an upload that failed half way). */
  delete(key: string): Promise<void>;
}
