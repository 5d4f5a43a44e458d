import { createHash } from "node:crypto";
import { once } from "node:events";
import { PassThrough } from "node:stream";
import type { ZipFile } from "yazl";

export type WrittenFile = { path: string; sha256: string; size: number };

/**
 * One file of a zip being written: bytes go to yazl through a PassThrough with backpressure (a write waits while
 * the zip's reader is behind, so nothing piles up in memory), and are hashed on the way for manifest.json.
 */
export class ZipEntrySink {
  private readonly stream = new PassThrough();
  private readonly hash = createHash("sha256");
  private size = 0;

  constructor(
    zip: ZipFile,
    readonly path: string,
    options: { compress: boolean; mtime: Date },
    private readonly signal: AbortSignal,
  ) {
    zip.addReadStream(this.stream, path, { compress: options.compress, mtime: options.mtime, mode: 0o100644 });
  }

  async write(bytes: Uint8Array): Promise<void> {
    if (bytes.byteLength === 0) return;
    this.hash.update(bytes);
    this.size += bytes.byteLength;
    if (!this.stream.write(bytes)) await once(this.stream, "drain", { signal: this.signal });
  }

  end(): WrittenFile {
    this.stream.end();
    return { path: this.path, sha256: this.hash.digest("hex"), size: this.size };
  }
}

/** Text written in chunks of about `chunkBytes`, so a file of millions of short lines is not millions of writes. */
export class TextChunker {
  private pending: string[] = [];
  private pendingLength = 0;

  constructor(
    private readonly sink: ZipEntrySink,
    private readonly chunkChars = 1 << 20,
  ) {}

  async push(text: string): Promise<void> {
    this.pending.push(text);
    this.pendingLength += text.length;
    if (this.pendingLength >= this.chunkChars) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const bytes = Buffer.from(this.pending.join(""), "utf8");
    this.pending = [];
    this.pendingLength = 0;
    await this.sink.write(bytes);
  }
}
