import "server-only";
import { randomUUID } from "node:crypto";
import { EventEmitter, once } from "node:events";
import { mkdir, open, readdir, rename, rm, stat, type FileHandle } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";

/**
 * Finished download zips on disk, one per cache key, written once and then served with Range. A zip that is not
 * there yet is built to a temporary file while its first reader is given the bytes as they land (so the first
 * byte leaves in well under a second), and a reader that goes away does not stop the build: a download cut half
 * way is finished on the server and can be resumed with Range from the cached file.
 */
export class ExportCache {
  private readonly builds = new Map<string, Build>();

  constructor(private readonly dir: string) {}

  pathOf(key: string): string {
    return path.join(this.dir, `${key}.zip`);
  }

  /** The size of a finished zip, or null. */
  async finishedSize(key: string): Promise<number | null> {
    try {
      const info = await stat(this.pathOf(key));
      return info.isFile() ? info.size : null;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw error;
    }
  }

  /** The running build of `key`, or a new one fed by `make()`; concurrent callers share one build. */
  build(key: string, make: () => Readable): Build {
    let build = this.builds.get(key);
    if (!build) {
      build = new Build(this.dir, this.pathOf(key), make);
      this.builds.set(key, build);
      const created = build;
      void created.done.then(
        () => this.builds.delete(key),
        () => this.builds.delete(key),
      );
    }
    return build;
  }

  /** Removes temporary files not written to for `olderThanMs` (their build died with its process); returns how many. */
  async sweepTemporaryFiles(olderThanMs: number, now = Date.now()): Promise<number> {
    const tmp = path.join(this.dir, ".tmp");
    let names: string[];
    try {
      names = await readdir(tmp);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return 0;
      throw error;
    }
    let removed = 0;
    for (const name of names) {
      const file = path.join(tmp, name);
      const info = await stat(file).catch(() => null);
      if (info?.isFile() && now - info.mtimeMs > olderThanMs) {
        await rm(file, { force: true });
        removed++;
      }
    }
    return removed;
  }

  /** Bytes start..end (inclusive) of a finished zip. */
  readRange(key: string, start: number, end: number): Readable {
    return Readable.from(readFileRange(this.pathOf(key), start, end));
  }
}

const READ_CHUNK = 1 << 20;
const WRITE_BATCH = 256 * 1024;
const WRITE_LINGER_MS = 25;

async function* readFileRange(file: string, start: number, end: number): AsyncGenerator<Uint8Array> {
  const handle = await open(file, "r");
  try {
    let position = start;
    while (position <= end) {
      const buffer = Buffer.allocUnsafe(Math.min(READ_CHUNK, end - position + 1));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
      if (bytesRead === 0) throw new Error(`${file} ended before byte ${end}`);
      position += bytesRead;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}

export class Build {
  private readonly events = new EventEmitter();
  private readonly tmpPath: string;
  private written = 0;
  private finished = false;
  private failure: Error | null = null;
  private readonly opened: Promise<void>;
  readonly done: Promise<number>;

  constructor(
    dir: string,
    private readonly finalPath: string,
    make: () => Readable,
  ) {
    this.events.setMaxListeners(0);
    const tmp = path.join(dir, ".tmp", `${path.basename(finalPath)}.${randomUUID()}`);
    this.tmpPath = tmp;
    let handle: FileHandle | undefined;
    this.opened = (async () => {
      await mkdir(path.dirname(tmp), { recursive: true });
      handle = await open(tmp, "wx");
    })();
    this.done = this.run(() => handle!, make);
    this.done.catch(() => undefined); // observed through readers and callers; never an unhandled rejection
  }

  private async run(handle: () => FileHandle, make: () => Readable): Promise<number> {
    try {
      await this.opened;
      const file = handle();
      try {
        // The zip comes in many small pieces (a header, a 2 KB image, a descriptor...): written as they come, a
        // media export spent most of its time waiting on one write() each. They are gathered into writes of
        // WRITE_BATCH bytes, or of whatever arrived within WRITE_LINGER_MS, so a reader still gets bytes at once.
        let pending: Uint8Array[] = [];
        let pendingBytes = 0;
        let lastWrite = performance.now();
        const flush = async () => {
          if (pendingBytes === 0) return;
          const bytes = pending.length === 1 ? pending[0]! : Buffer.concat(pending, pendingBytes);
          pending = [];
          pendingBytes = 0;
          await file.write(bytes);
          this.written += bytes.byteLength;
          lastWrite = performance.now();
          this.events.emit("progress");
        };
        for await (const chunk of make()) {
          pending.push(chunk as Uint8Array);
          pendingBytes += (chunk as Uint8Array).byteLength;
          if (pendingBytes >= WRITE_BATCH || performance.now() - lastWrite >= WRITE_LINGER_MS || this.written === 0) await flush();
        }
        await flush();
        await file.sync(); // whole and on disk before it becomes the cached copy
      } finally {
        await file.close();
      }
      await rename(this.tmpPath, this.finalPath);
      this.finished = true;
      this.events.emit("progress");
      return this.written;
    } catch (error) {
      this.failure = error instanceof Error ? error : new Error(String(error));
      await rm(this.tmpPath, { force: true });
      this.events.emit("progress");
      throw this.failure;
    }
  }

  /** The zip from its first byte, as fast as it is built; stops (and fails) if the build fails. */
  reader(): Readable {
    return Readable.from(this.tail());
  }

  private async *tail(): AsyncGenerator<Uint8Array> {
    await this.opened;
    let handle: FileHandle;
    try {
      handle = await open(this.finished ? this.finalPath : this.tmpPath, "r");
    } catch (error) {
      // Renamed between the check and the open: the build is complete.
      if ((error as NodeJS.ErrnoException).code !== "ENOENT" || this.failure) throw this.failure ?? error;
      handle = await open(this.finalPath, "r");
    }
    try {
      let position = 0;
      for (;;) {
        if (position < this.written) {
          const buffer = Buffer.allocUnsafe(Math.min(READ_CHUNK, this.written - position));
          const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
          position += bytesRead;
          yield buffer.subarray(0, bytesRead);
          continue;
        }
        if (this.failure) throw this.failure;
        if (this.finished) return;
        await once(this.events, "progress");
      }
    } finally {
      await handle.close();
    }
  }
}
