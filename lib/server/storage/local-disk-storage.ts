import "server-only";
import { createHash, randomUUID } from "node:crypto";
import { mkdir, open, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { AppError } from "@/lib/errors";
import { assertBlobKey } from "./blob-key";
import type { BlobBody, PutOptions, PutResult, StorageProvider, StoredBlob } from "./storage-provider";

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
      return { key, size: existing, created: false };
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
