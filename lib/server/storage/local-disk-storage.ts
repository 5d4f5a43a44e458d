import "server-only";
import { createHash, randomUUID } from "node:crypto";
import { mkdir, open, opendir, readdir, rename, rm, stat, utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { AppError } from "@/lib/errors";
import { assertBlobKey, isBlobKey } from "./blob-key";
import type { BlobBody, BlobListing, PutOptions, PutResult, StorageProvider, StoredBlob } from "./storage-provider";

/**
 * Blobs as files under one root directory, which must not be served statically (the app uses ./data/blobs, not
 * public/): blobs are delivered only through routes that check who may read them.
 *
 * Layout: <root>/ab/cd/abcd…(64 hex). Two levels of 256 directories keep any one directory small at millions of
 * blobs. Writes go to <root>/.tmp/ first, are flushed to disk, checked against the key, then renamed into place:
 * rename within one filesystem is atomic, so a reader finds the whole blob or nothing, even after a crash. A
 * crash can only leave files in .tmp/, which no reader looks at and which are safe to delete.
 */
export class LocalDiskStorage implements StorageProvider {
  private readonly root: string;
  private readonly tmpDir: string;

  constructor(root: string) {
    this.root = path.resolve(root);
    this.tmpDir = path.join(this.root, ".tmp");
  }

  async put(key: string, body: BlobBody, _options: PutOptions): Promise<PutResult> {
    assertBlobKey(key);
    const target = this.pathOf(key);
    const existing = await fileSize(target);
    if (existing !== null) {
      // Nothing to write, but the body is still read to its end (so its producer is never left hanging) and
      // checked, so a wrong key fails the same way whether or not the blob exists.
      const hash = createHash("sha256");
      for await (const chunk of chunksOf(body)) hash.update(chunk);
      assertDigest(key, hash.digest("hex"));
      // Fresh again for the orphan sweeper: the row that will reference it may not be written yet.
      if (await touch(target)) return { key, size: existing, created: false };
      // The sweeper removed it in between: write it anew if the bytes are still in hand.
      if (!(body instanceof Uint8Array)) throw new AppError("INTERNAL", "The blob was removed while it was being stored again; please try again.");
    }

    await mkdir(this.tmpDir, { recursive: true });
    // A unique temporary name per attempt: concurrent puts of one key never write into the same file.
    const tmp = path.join(/*turbopackIgnore: true*/ this.tmpDir, `${key}.${randomUUID()}`);
    try {
      const hash = createHash("sha256");
      let size = 0;
      const handle = await open(/*turbopackIgnore: true*/ tmp, "wx");
      try {
        await writeFile(
          handle,
          (async function* () {
            for await (const chunk of chunksOf(body)) {
              hash.update(chunk);
              size += chunk.byteLength;
              yield chunk;
            }
          })(),
        );
        await handle.sync(); // on disk before it becomes visible, so a crash cannot leave a short blob in place
      } finally {
        await handle.close();
      }
      assertDigest(key, hash.digest("hex"));
      await mkdir(path.dirname(target), { recursive: true });
      try {
        await rename(tmp, target);
      } catch (error) {
        // Windows refuses to rename over an existing file; if a concurrent put got there first, this one is done.
        if ((await fileSize(target)) === null) throw error;
      }
      return { key, size, created: true };
    } finally {
      await rm(tmp, { force: true });
    }
  }

  async get(key: string): Promise<StoredBlob | null> {
    assertBlobKey(key);
    let handle;
    try {
      handle = await open(this.pathOf(key), "r");
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
    try {
      // Size and stream from one open file: a concurrent delete cannot make them disagree.
      const { size } = await handle.stat();
      return { size, stream: handle.createReadStream() }; // closes the handle when the stream ends or is destroyed
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  async has(key: string): Promise<boolean> {
    assertBlobKey(key);
    return (await fileSize(this.pathOf(key))) !== null;
  }

  async delete(key: string): Promise<void> {
    assertBlobKey(key);
    await rm(this.pathOf(key), { force: true });
  }

  async *list(): AsyncIterable<BlobListing> {
    for (const first of await hexDirectories(this.root)) {
      for (const second of await hexDirectories(path.join(this.root, first))) {
        const dir = await opendir(path.join(this.root, first, second)).catch((error: unknown) => (isNotFound(error) ? null : Promise.reject(error)));
        if (!dir) continue;
        for await (const entry of dir) {
          if (!entry.isFile() || !isBlobKey(entry.name) || !entry.name.startsWith(first + second)) continue;
          const info = await stat(path.join(this.root, first, second, entry.name)).catch(() => null);
          if (info) yield { key: entry.name, size: info.size, modifiedAt: info.mtime };
        }
      }
    }
  }

  async deleteIfUnmodifiedSince(key: string, cutoff: Date): Promise<boolean> {
    assertBlobKey(key);
    const file = this.pathOf(key);
    const info = await stat(file).catch((error: unknown) => (isNotFound(error) ? null : Promise.reject(error)));
    if (!info || info.mtime >= cutoff) return false;
    await rm(file, { force: true });
    return true;
  }

  async removeIncompleteWrites(cutoff: Date): Promise<number> {
    let removed = 0;
    for (const name of await readdir(this.tmpDir).catch(() => [] as string[])) {
      const file = path.join(this.tmpDir, name);
      const info = await stat(file).catch(() => null);
      if (!info || info.mtime >= cutoff) continue;
      await rm(file, { force: true });
      removed++;
    }
    return removed;
  }

  /**
   * Only ever called with a validated key, and 64 hex digits cannot climb out of the root; the containment check
   * is a second, independent guard, because a path outside the root here would mean deleting someone's file.
   */
  private pathOf(key: string): string {
    const file = path.join(this.root, key.slice(0, 2), key.slice(2, 4), key);
    if (!file.startsWith(this.root + path.sep)) throw new AppError("BAD_REQUEST", "This is not a valid blob key.");
    return file;
  }
}

/** Sets the file's times to now; false when it is gone. */
async function touch(file: string): Promise<boolean> {
  const now = new Date();
  try {
    await utimes(file, now, now);
    return true;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}

/** The two-hex-digit directories of one level of the layout (never .tmp, never anything else). */
async function hexDirectories(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch((error: unknown) => (isNotFound(error) ? [] : Promise.reject(error)));
  return entries.filter((entry) => entry.isDirectory() && /^[0-9a-f]{2}$/.test(entry.name)).map((entry) => entry.name);
}

async function fileSize(file: string): Promise<number | null> {
  try {
    const info = await stat(file);
    return info.isFile() ? info.size : null;
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}

async function* chunksOf(body: BlobBody): AsyncGenerator<Uint8Array> {
  if (body instanceof Uint8Array) {
    yield body;
    return;
  }
  const stream = body instanceof Readable ? body : Readable.fromWeb(body as import("node:stream/web").ReadableStream<Uint8Array>);
  for await (const chunk of stream) {
    if (!(chunk instanceof Uint8Array)) throw new TypeError("A blob stream must yield bytes, not strings or objects.");
    yield chunk;
  }
}

function assertDigest(key: string, digest: string): void {
  if (digest !== key) throw new AppError("INTERNAL", "The blob's bytes do not match its key.", { details: { key, digest } });
}

function isNotFound(error: unknown): boolean {
  return typeof error === "object" && error !== null && "code" in error && error.code === "ENOENT";
}
