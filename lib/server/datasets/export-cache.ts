import "server-only";
import { open, readdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import { Build, READ_CHUNK, sizeOf } from "./export-build";

/**
 * Finished download zips on disk, one per cache key, written once and then served with Range. A zip that is not
 * there yet is built to a temporary file while its first reader is given the bytes as they land (so the first
 * byte leaves in well under a second), and a reader that goes away does not stop the build: a download cut half
 * way is finished on the server and can be resumed with Range from the cached file. How processes share a build:
 * export-build.ts.
 */
export class ExportCache {
  private readonly builds = new Map<string, Build>();

  constructor(readonly dir: string) {}

  pathOf(key: string): string {
    return path.join(this.dir, `${key}.zip`);
  }

  /** The size of a finished zip, or null. */
  finishedSize(key: string): Promise<number | null> {
    return sizeOf(this.pathOf(key));
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

  /** Waits until someone has claimed the build of `key` or finished it, for up to `ms`; whether they did. */
  async waitForBuilder(key: string, ms: number): Promise<boolean> {
    const lock = path.join(this.dir, ".tmp", `${key}.zip.lock`);
    const deadline = Date.now() + ms;
    for (;;) {
      if ((await sizeOf(lock)) !== null || (await this.finishedSize(key)) !== null) return true;
      if (Date.now() >= deadline) return false;
      await sleep(10);
    }
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
