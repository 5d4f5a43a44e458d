// Two processes sharing EXPORT_CACHE_DIR, played by two Build objects on one folder: one builds the zip, the other
// follows its temporary file. A reader of the follower that opens the temporary file just after it was renamed into
// the cache must carry on from the cached file, not fail its download (which took the web server down with it).
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import type { FileHandle } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Build } from "@/lib/server/datasets/export-build";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "tessera-export-build-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A follower whose readers, before opening a temporary file, wait for `pause` (the seam the race goes through). */
class PausedFollower extends Build {
  pause: ((file: string) => Promise<void>) | null = null;
  protected override async openFile(file: string): Promise<FileHandle> {
    const pause = this.pause;
    if (pause && file.includes(`${path.sep}.tmp${path.sep}`)) {
      this.pause = null;
      await pause(file);
    }
    return super.openFile(file);
  }
}

/** A zip's bytes that arrive in two parts, the second only when `release()` is called. */
function gatedSource(first: Buffer, second: Buffer) {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  async function* chunks() {
    yield first;
    await gate;
    yield second;
  }
  return { make: () => Readable.from(chunks()), release };
}

const readAll = async (stream: Readable) => {
  const parts: Buffer[] = [];
  for await (const chunk of stream) parts.push(chunk as Buffer);
  return Buffer.concat(parts);
};

describe("export build: a reader following another process's build", () => {
  it("reopens the cached file when the temporary file it was about to read was renamed into place meanwhile", async () => {
    const finalPath = path.join(dir, "key.zip");
    const first = Buffer.alloc(300_000, 1);
    const second = Buffer.alloc(200_000, 2);
    const source = gatedSource(first, second);
    const builder = new Build(dir, finalPath, source.make);
    // The builder holds the lock once it has written its first bytes; only then does the follower look.
    await expect.poll(() => readFileSync(path.join(dir, ".tmp", "key.zip.lock"), "utf8").length > 0).toBe(true);
    const follower = new PausedFollower(dir, finalPath, () => {
      throw new Error("the follower must follow the builder's file, never build");
    });
    let pausedOn = "";
    follower.pause = async (file) => {
      // The race, made certain: between the reader's look at the build and its open, the build finishes, its file
      // is renamed into the cache, and the follower learns that it is finished.
      pausedOn = file;
      source.release();
      await builder.done;
      await follower.done;
    };

    const got = await readAll(follower.reader());
    expect(pausedOn).toMatch(/\.tmp\/key\.zip\.[0-9a-f-]{36}$/);
    expect(got.equals(Buffer.concat([first, second]))).toBe(true);
    expect(readFileSync(finalPath).equals(got)).toBe(true);
  });

  it("fails that one reader with a clear error when the finished file is gone, and leaves the process running", async () => {
    const finalPath = path.join(dir, "gone.zip");
    const builder = new Build(dir, finalPath, () => Readable.from([Buffer.from("PK zip bytes")]));
    await builder.done;
    rmSync(finalPath); // the cache emptied by hand while a download starts
    await expect(readAll(builder.reader())).rejects.toThrow(/The finished download .*gone\.zip is gone from the export cache/);
  });
});
