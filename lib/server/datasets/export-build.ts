import "server-only";
import { randomUUID } from "node:crypto";
import { EventEmitter, once } from "node:events";
import { mkdir, open, readFile, rename, rm, stat, utimes, type FileHandle } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";

export const READ_CHUNK = 1 << 20;
const WRITE_BATCH = 256 * 1024;
const WRITE_LINGER_MS = 25;

/** How often a building process touches its lock, and how long a lock may go untouched before it counts as dead. */
const LOCK_HEARTBEAT_MS = 2_000;
export const STALE_LOCK_MS = 30_000;
/** How often a build running in another process is looked at. */
const REMOTE_POLL_MS = 15;

type Holder = { name: string; mtimeMs: number };

/** The temporary file a lock names, or null when there is no lock. */
async function readLock(lockPath: string): Promise<Holder | null> {
  try {
    const [name, info] = await Promise.all([readFile(lockPath, "utf8"), stat(lockPath)]);
    return { name, mtimeMs: info.mtimeMs };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

export async function sizeOf(file: string): Promise<number | null> {
  const info = await stat(file).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return null;
    throw error;
  });
  return info?.isFile() ? info.size : null;
}

/** Who makes the bytes: this process, another process holding the key's lock, or nobody because the zip is there. */
type Role = { kind: "local"; file: FileHandle } | { kind: "remote"; tmpPath: string } | { kind: "finished"; size: number };

/**
 * One zip being built, as its readers see it. Processes sharing EXPORT_CACHE_DIR (the web server, the worker's
 * prebuilder, a second web server) build a key once between them: `.tmp/<key>.zip.lock`, created exclusively, names
 * the temporary file its holder writes; everyone else tails that file instead of encoding the same zip again (which
 * on two cores would also halve both). The holder touches the lock every LOCK_HEARTBEAT_MS; a lock left untouched for
 * STALE_LOCK_MS belongs to a dead process and is taken over. Each builder writes a file of its own and renames it
 * whole, and a version's bytes are deterministic, so even a wrongly taken-over build cannot publish a broken zip.
 */
export class Build {
  private readonly events = new EventEmitter();
  private readonly lockPath: string;
  private readonly ownTmpPath: string;
  private sourcePath: string;
  /** Bumped when the bytes move to another file (a stopped build elsewhere taken over), so readers reopen. */
  private sourceGeneration = 0;
  private written = 0;
  private finished = false;
  private failure: Error | null = null;
  private readonly role: Promise<Role>;
  readonly done: Promise<number>;

  constructor(
    dir: string,
    private readonly finalPath: string,
    make: () => Readable,
  ) {
    this.events.setMaxListeners(0);
    const tmpDir = path.join(dir, ".tmp");
    this.lockPath = path.join(tmpDir, `${path.basename(finalPath)}.lock`);
    this.ownTmpPath = path.join(tmpDir, `${path.basename(finalPath)}.${randomUUID()}`);
    this.sourcePath = this.ownTmpPath;
    this.role = this.claim();
    this.done = this.run(make);
    this.done.catch(() => undefined); // observed through readers and callers; never an unhandled rejection
  }

  private async claim(): Promise<Role> {
    await mkdir(path.dirname(this.lockPath), { recursive: true });
    for (let attempt = 0; attempt < 200; attempt++) {
      const size = await sizeOf(this.finalPath);
      if (size !== null) return { kind: "finished", size };
      try {
        const lock = await open(this.lockPath, "wx");
        try {
          await lock.writeFile(path.basename(this.ownTmpPath));
        } finally {
          await lock.close();
        }
        try {
          return { kind: "local", file: await open(this.ownTmpPath, "wx") };
        } catch (error) {
          await rm(this.lockPath, { force: true });
          throw error;
        }
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      }
      const holder = await readLock(this.lockPath);
      if (holder === null) continue; // released in between: the zip is probably there now
      if (Date.now() - holder.mtimeMs > STALE_LOCK_MS) {
        await rm(this.lockPath, { force: true });
        continue;
      }
      if (holder.name !== "") return { kind: "remote", tmpPath: path.join(path.dirname(this.lockPath), holder.name) };
      await sleep(5); // created a moment ago, its name not written yet
    }
    throw new Error(`Could not take or follow the build lock ${this.lockPath}.`);
  }

  private async run(make: () => Readable): Promise<number> {
    try {
      for (let claims = 1; ; claims++) {
        const role = claims === 1 ? await this.role : await this.claim();
        if (role.kind === "finished") return this.finish(role.size);
        this.switchSource(role.kind === "local" ? this.ownTmpPath : role.tmpPath);
        if (role.kind === "local") return this.finish(await this.buildHere(role.file, make));
        const size = await this.followRemote(role.tmpPath);
        if (size !== null) return this.finish(size);
        // That build stopped (its process died, or it failed and cleaned up): build it here, or follow whoever
        // claimed it first. The bytes are the same, so readers carry on from where they were.
        if (claims >= 3) throw new Error("The build of this download stopped in other processes, again and again.");
      }
    } catch (error) {
      this.failure = error instanceof Error ? error : new Error(String(error));
      this.events.emit("progress");
      throw this.failure;
    }
  }

  private switchSource(file: string): void {
    this.sourcePath = file;
    this.sourceGeneration++;
    this.written = 0;
    this.events.emit("progress");
  }

  private finish(size: number): number {
    this.sourcePath = this.finalPath; // readers reopen the finished file, whichever file they were reading
    this.sourceGeneration++;
    this.written = size;
    this.finished = true;
    this.events.emit("progress");
    return size;
  }

  private async buildHere(file: FileHandle, make: () => Readable): Promise<number> {
    const heartbeat = setInterval(() => {
      const now = new Date();
      void utimes(this.lockPath, now, now).catch(() => undefined);
    }, LOCK_HEARTBEAT_MS);
    heartbeat.unref();
    try {
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
      await rename(this.ownTmpPath, this.finalPath);
      return this.written;
    } catch (error) {
      await rm(this.ownTmpPath, { force: true });
      throw error;
    } finally {
      clearInterval(heartbeat);
      await this.releaseLock();
    }
  }

  /** Removes the lock if it is still ours (a lock taken over from us belongs to its new holder). */
  private async releaseLock(): Promise<void> {
    const holder = await readLock(this.lockPath).catch(() => null);
    if (holder?.name === path.basename(this.ownTmpPath)) await rm(this.lockPath, { force: true });
  }

  /** Follows another process's build of the same zip until it is renamed into place: its size, or null if it stopped. */
  private async followRemote(tmpPath: string): Promise<number | null> {
    const name = path.basename(tmpPath);
    for (;;) {
      const size = await sizeOf(this.finalPath);
      if (size !== null) return size;
      const holder = await readLock(this.lockPath);
      if (holder === null || holder.name !== name || Date.now() - holder.mtimeMs > STALE_LOCK_MS) {
        // Renamed and released between the two looks, or the other build stopped.
        return sizeOf(this.finalPath);
      }
      const grown = await sizeOf(tmpPath);
      if (grown !== null && grown > this.written) {
        this.written = grown;
        this.events.emit("progress");
      }
      await sleep(REMOTE_POLL_MS);
    }
  }

  /** The zip from its first byte, as fast as it is built here or elsewhere; stops (and fails) if the build fails. */
  reader(): Readable {
    return Readable.from(this.tail());
  }

  private async *tail(): AsyncGenerator<Uint8Array> {
    await this.role.catch(() => undefined);
    let handle: FileHandle | null = null;
    let generation = -1;
    let position = 0;
    try {
      for (;;) {
        if (this.failure) throw this.failure;
        if (generation !== this.sourceGeneration || handle === null) {
          await handle?.close();
          handle = null;
          generation = this.sourceGeneration;
          handle = await this.openSource();
          if (handle === null) {
            // Unless the source moved while the open failed, wait for the build to say where the bytes are.
            if (generation === this.sourceGeneration && !this.failure) await once(this.events, "progress");
            continue;
          }
        }
        if (position < this.written) {
          const buffer = Buffer.allocUnsafe(Math.min(READ_CHUNK, this.written - position));
          const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
          if (bytesRead === 0) throw new Error("The download's file ended before the bytes its build reported.");
          position += bytesRead;
          yield buffer.subarray(0, bytesRead);
          continue;
        }
        if (this.finished) return;
        await once(this.events, "progress");
      }
    } finally {
      await handle?.close();
    }
  }

  /**
   * The file the bytes are in now, or null if it is gone (its build stopped): wait for news. A temporary file is
   * renamed into the cache whole, possibly while it is being opened, and the build may learn that it finished in the
   * same moment: whatever `finished` says by then, the cached file has the same bytes, so it is opened instead.
   */
  private async openSource(): Promise<FileHandle | null> {
    const wanted = this.finished ? this.finalPath : this.sourcePath;
    try {
      return await this.openFile(wanted);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
    try {
      return await this.openFile(this.finalPath);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
      if (this.finished) throw new Error(`The finished download ${this.finalPath} is gone from the export cache; ask for it again.`, { cause: error });
      return null;
    }
  }

  /** Opens a file the bytes are in, for reading; a seam where tests hold a reader at the moment of the race. */
  protected openFile(file: string): Promise<FileHandle> {
    return open(file, "r");
  }
}
