import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { STALE_LOCK_MS } from "@/lib/server/datasets/export-build";
import { ExportCache } from "@/lib/server/datasets/export-cache";

// Two ExportCache objects on one directory stand for two processes (the web server and the worker): they share
// nothing but the files, exactly as processes do.

/** A zip's bytes made in steps the test releases, as an encoder writes them; it can also fail after a step. */
function gatedSource(chunks: Buffer[], options: { failAfter?: number } = {}) {
  let released = 0;
  let wake: (() => void) | null = null;
  let calls = 0;
  const make = () => {
    calls++;
    return Readable.from(
      (async function* () {
        for (let i = 0; i < chunks.length; i++) {
          while (i >= released) await new Promise<void>((resolve) => (wake = resolve));
          if (options.failAfter !== undefined && i === options.failAfter) throw new Error("the encoder broke");
          yield chunks[i]!;
          await new Promise((resolve) => setTimeout(resolve, 30)); // past the write linger, so each step lands
        }
      })(),
    );
  };
  return {
    make,
    get calls() {
      return calls;
    },
    release(n = 1) {
      released += n;
      wake?.();
      wake = null;
    },
  };
}

async function collect(readable: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of readable) parts.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(parts);
}

const tmpEntries = () => (existsSync(path.join(dir, ".tmp")) ? readdirSync(path.join(dir, ".tmp")) : []);

const until = async (check: () => boolean, ms = 5_000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "tessera-export-cache-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const chunks = [Buffer.alloc(300_000, 1), Buffer.alloc(300_000, 2), Buffer.alloc(1000, 3)];
const whole = Buffer.concat(chunks);

describe("export cache: processes on one directory build a zip once between them", () => {
  it("a second process follows the first one's build instead of encoding it again, from its first byte", async () => {
    const worker = new ExportCache(dir);
    const web = new ExportCache(dir);
    const source = gatedSource(chunks);
    const building = worker.build("k", source.make);
    source.release();
    await until(() => tmpEntries().includes("k.zip.lock") && tmpEntries().length === 2);

    const other = gatedSource(chunks);
    const following = web.build("k", other.make);
    const received = collect(following.reader());
    source.release(2);
    expect((await received).equals(whole)).toBe(true);
    expect(await following.done).toBe(whole.length);
    expect(await building.done).toBe(whole.length);
    expect(other.calls).toBe(0);
    expect(readFileSync(path.join(dir, "k.zip")).equals(whole)).toBe(true);
    expect(readdirSync(path.join(dir, ".tmp"))).toEqual([]); // lock released, temporary file renamed
  });

  it("takes over a build whose process stopped, and its readers carry on without a gap or a repeat", async () => {
    const worker = new ExportCache(dir);
    const web = new ExportCache(dir);
    const dying = gatedSource(chunks, { failAfter: 1 });
    const first = worker.build("k", dying.make);
    dying.release();
    await until(() => tmpEntries().includes("k.zip.lock") && tmpEntries().length === 2);

    const own = gatedSource(chunks);
    const following = web.build("k", own.make);
    const reader = following.reader()[Symbol.asyncIterator]();
    const firstStep = await reader.next(); // read from the other process's file
    expect(firstStep.done).toBe(false);
    dying.release(); // the other build fails, removes its file and its lock
    await expect(first.done).rejects.toThrow("the encoder broke");
    own.release(3);
    const parts = [Buffer.from(firstStep.value as Uint8Array)];
    for (let step = await reader.next(); !step.done; step = await reader.next()) parts.push(Buffer.from(step.value as Uint8Array));
    expect(Buffer.concat(parts).equals(whole)).toBe(true);
    expect(own.calls).toBe(1);
    expect(readFileSync(path.join(dir, "k.zip")).equals(whole)).toBe(true);
    expect(readdirSync(path.join(dir, ".tmp"))).toEqual([]);
  });

  it("takes over a lock nobody has touched for the stale time (its process was killed)", async () => {
    mkdirSync(path.join(dir, ".tmp"));
    const lock = path.join(dir, ".tmp", "k.zip.lock");
    writeFileSync(lock, "k.zip.dead");
    writeFileSync(path.join(dir, ".tmp", "k.zip.dead"), whole.subarray(0, 1000));
    const old = new Date(Date.now() - STALE_LOCK_MS - 1000);
    utimesSync(lock, old, old);
    const source = gatedSource(chunks);
    const build = new ExportCache(dir).build("k", source.make);
    source.release(3);
    expect((await collect(build.reader())).equals(whole)).toBe(true);
    expect(source.calls).toBe(1);
  });

  it("a failure in the process that builds reaches its own readers, and leaves no file and no lock", async () => {
    const source = gatedSource(chunks, { failAfter: 2 });
    const build = new ExportCache(dir).build("k", source.make);
    const received = collect(build.reader());
    source.release(3);
    await expect(received).rejects.toThrow("the encoder broke");
    expect(readdirSync(path.join(dir, ".tmp"))).toEqual([]);
    expect(existsSync(path.join(dir, "k.zip"))).toBe(false);
  });
});
