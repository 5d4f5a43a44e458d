import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { text } from "node:stream/consumers";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isAppError } from "@/lib/errors";
import { blobKeyOf, isBlobKey } from "@/lib/server/storage/blob-key";
import { LocalDiskStorage } from "@/lib/server/storage/local-disk-storage";
import type { StorageProvider } from "@/lib/server/storage/storage-provider";

const bytesOf = (s: string) => new TextEncoder().encode(s);
const keyOf = (s: string) => createHash("sha256").update(s).digest("hex");
const OPTIONS = { contentType: "text/plain" };

// The root sits five levels inside a throwaway directory, so that even a broken key check (a regression this
// file must catch) resolves "../../etc/passwd" and friends to paths inside `sandbox`, never to the real system:
// see `naivePathInsideSandbox` below.
let sandbox: string;
let root: string;
let storage: StorageProvider;

beforeEach(async () => {
  sandbox = await mkdtemp(path.join(tmpdir(), "tessera-blobs-"));
  root = path.join(sandbox, "a", "b", "c", "d", "blobs");
  storage = new LocalDiskStorage(root);
});

afterEach(async () => {
  await rm(sandbox, { recursive: true, force: true });
});

/** Where an adapter that forgot to validate keys would touch; every invalid key in this file must stay in the sandbox. */
function naivePathInsideSandbox(key: string): string {
  const naive = path.resolve(path.join(root, key.slice(0, 2), key.slice(2, 4), key));
  if (!naive.startsWith(sandbox + path.sep)) throw new Error(`Unsafe test key ${JSON.stringify(key)}: it would reach ${naive}`);
  return naive;
}

/** Every file under the root, relative to it: what a crash or a bug could have left behind. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.relative(root, path.join(e.parentPath, e.name)));
}

async function readAll(key: string): Promise<string | null> {
  const blob = await storage.get(key);
  return blob ? text(blob.stream) : null;
}

describe("LocalDiskStorage", () => {
  it("round-trips bytes: put, has, get with the size", async () => {
    const key = keyOf("hello blob");
    expect(await storage.has(key)).toBe(false);
    expect(await storage.put(key, bytesOf("hello blob"), OPTIONS)).toEqual({ key, size: 10, created: true });
    expect(await storage.has(key)).toBe(true);
    const blob = await storage.get(key);
    expect(blob?.size).toBe(10);
    expect(await text(blob!.stream)).toBe("hello blob");
  });

  it("shards blobs as ab/cd/<key> under the root, with nothing left in .tmp", async () => {
    const key = keyOf("sharded");
    await storage.put(key, bytesOf("sharded"), OPTIONS);
    expect(await filesUnder(root)).toEqual([path.join(key.slice(0, 2), key.slice(2, 4), key)]);
  });

  it("accepts Node and web streams, and large bodies in many chunks", async () => {
    const chunks = Array.from({ length: 200 }, (_, i) => `chunk ${i} `.repeat(500));
    const whole = chunks.join("");
    const key = keyOf(whole);
    expect(await storage.put(key, Readable.from(chunks.map(bytesOf)), OPTIONS)).toMatchObject({ created: true, size: Buffer.byteLength(whole) });
    expect(await readAll(key)).toBe(whole);

    const webKey = keyOf("from the web");
    await storage.put(webKey, new Blob(["from ", "the web"]).stream(), OPTIONS);
    expect(await readAll(webKey)).toBe("from the web");
  });

  it("is idempotent: a second put of the same key is a no-op that still reads a stream body", async () => {
    const key = keyOf("twice");
    await storage.put(key, bytesOf("twice"), OPTIONS);
    const body = Readable.from([bytesOf("twice")]);
    expect(await storage.put(key, body, OPTIONS)).toEqual({ key, size: 5, created: false });
    expect(body.readableEnded).toBe(true);
    expect(await readAll(key)).toBe("twice");
    expect(await filesUnder(root)).toHaveLength(1);
  });

  it("survives concurrent puts of one key: all succeed, one intact copy, no temporary files left", async () => {
    const content = "x".repeat(256 * 1024);
    const key = keyOf(content);
    const results = await Promise.all(Array.from({ length: 20 }, () => storage.put(key, Readable.from([bytesOf(content)]), OPTIONS)));
    expect(results.every((r) => r.key === key && r.size === content.length)).toBe(true);
    expect(results.some((r) => r.created)).toBe(true);
    expect(await readAll(key)).toBe(content);
    expect(await filesUnder(root)).toEqual([path.join(key.slice(0, 2), key.slice(2, 4), key)]);
  });

  it("refuses bytes that do not hash to the key, and stores nothing", async () => {
    const key = keyOf("what was promised");
    const attempt = storage.put(key, bytesOf("something else"), OPTIONS);
    await expect(attempt).rejects.toSatisfy((e) => isAppError(e) && e.code === "INTERNAL");
    expect(await storage.has(key)).toBe(false);
    expect(await filesUnder(root)).toEqual([]);
  });

  it("refuses mismatched bytes even when the key already exists, and keeps the stored blob", async () => {
    const key = keyOf("original");
    await storage.put(key, bytesOf("original"), OPTIONS);
    await expect(storage.put(key, bytesOf("impostor"), OPTIONS)).rejects.toSatisfy((e) => isAppError(e) && e.code === "INTERNAL");
    expect(await readAll(key)).toBe("original");
  });

  it("leaves nothing visible when the body fails half way", async () => {
    const key = keyOf("never finished");
    const failing = new Readable({
      read() {
        this.push(bytesOf("never "));
        this.destroy(new Error("connection reset"));
      },
    });
    await expect(storage.put(key, failing, OPTIONS)).rejects.toThrow("connection reset");
    expect(await storage.has(key)).toBe(false);
    expect(await filesUnder(root)).toEqual([]);
  });

  it("refuses a stream of strings: blobs are bytes", async () => {
    await expect(storage.put(keyOf("abc"), Readable.from(["abc"]), OPTIONS)).rejects.toThrow(TypeError);
  });

  it("deletes, and deleting again (or something never stored) is a no-op", async () => {
    const key = keyOf("short-lived");
    await storage.put(key, bytesOf("short-lived"), OPTIONS);
    await storage.delete(key);
    expect(await storage.has(key)).toBe(false);
    expect(await storage.get(key)).toBeNull();
    await expect(storage.delete(key)).resolves.toBeUndefined();
    await expect(storage.delete(keyOf("never stored"))).resolves.toBeUndefined();
  });

  it("answers null for a blob that is not there", async () => {
    expect(await storage.get(keyOf("missing"))).toBeNull();
  });

  describe("refuses keys that are not 64 lowercase hex digits", () => {
    const valid = keyOf("k");
    const invalidKeys = [
      "../../etc/passwd",
      `../${valid.slice(3)}`,
      `${valid.slice(0, 2)}/${valid.slice(3)}`,
      valid.toUpperCase(),
      valid.slice(1),
      `${valid}0`,
      `${valid.slice(1)}\0`,
      `${valid.slice(0, 63)}g`,
      "",
      `/${valid.slice(1)}`,
    ];

    it.each(invalidKeys)("%j", async (key) => {
      naivePathInsideSandbox(key);
      for (const attempt of [
        () => storage.put(key, bytesOf("x"), OPTIONS),
        () => storage.get(key),
        () => storage.has(key),
        () => storage.delete(key),
      ]) {
        await expect(attempt()).rejects.toSatisfy((e) => isAppError(e) && e.status === 400);
      }
    });

    it("so delete can never reach outside the root", async () => {
      const key = "../../etc/passwd";
      const target = naivePathInsideSandbox(key); // <sandbox>/a/b/etc/passwd: a stand-in, never the real file
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, "keep me");
      await expect(storage.delete(key)).rejects.toThrow();
      expect(await readFile(target, "utf8")).toBe("keep me");
    });
  });

  it("never writes until asked: constructing on a missing root creates nothing", () => {
    const missing = path.join(root, "not-yet");
    new LocalDiskStorage(missing);
    expect(existsSync(missing)).toBe(false);
  });
});

describe("blob keys", () => {
  it("are the sha256 of the bytes", () => {
    expect(blobKeyOf(bytesOf("abc"))).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(isBlobKey(blobKeyOf(bytesOf("abc")))).toBe(true);
    expect(isBlobKey(42)).toBe(false);
  });
});

describe("listing and sweeping (the orphan sweeper's side of the adapter)", () => {
  const HOUR = 60 * 60 * 1000;
  const age = async (key: string, ms: number) => {
    const when = new Date(Date.now() - ms);
    await utimes(path.join(root, key.slice(0, 2), key.slice(2, 4), key), when, when);
  };

  it("lists every blob with its size and time, and nothing else under the root", async () => {
    for (const s of ["one", "two", "three"]) await storage.put(keyOf(s), bytesOf(s), OPTIONS);
    await mkdir(path.join(root, ".tmp"), { recursive: true });
    await writeFile(path.join(root, ".tmp", "partial"), "x");
    await writeFile(path.join(root, "stray.txt"), "x");
    const listed = [];
    for await (const blob of storage.list()) listed.push(blob);
    expect(listed.map((b) => [b.key, b.size]).sort()).toEqual([[keyOf("one"), 3], [keyOf("three"), 5], [keyOf("two"), 3]].sort());
    for (const blob of listed) expect(Date.now() - blob.modifiedAt.getTime()).toBeLessThan(HOUR);
  });

  it("deletes only a blob untouched since the cutoff; putting it again makes it fresh", async () => {
    const key = keyOf("orphan");
    await storage.put(key, bytesOf("orphan"), OPTIONS);
    await age(key, 2 * HOUR);
    await storage.put(key, bytesOf("orphan"), OPTIONS);
    expect(await storage.deleteIfUnmodifiedSince(key, new Date(Date.now() - HOUR))).toBe(false);
    await age(key, 2 * HOUR);
    expect(await storage.deleteIfUnmodifiedSince(key, new Date(Date.now() - HOUR))).toBe(true);
    expect(await storage.has(key)).toBe(false);
    expect(await storage.deleteIfUnmodifiedSince(key, new Date())).toBe(false);
  });

  it("removes only old temporary files of interrupted writes", async () => {
    await mkdir(path.join(root, ".tmp"), { recursive: true });
    await writeFile(path.join(root, ".tmp", "old"), "x");
    await writeFile(path.join(root, ".tmp", "live"), "x");
    const old = new Date(Date.now() - 2 * HOUR);
    await utimes(path.join(root, ".tmp", "old"), old, old);
    expect(await storage.removeIncompleteWrites(new Date(Date.now() - HOUR))).toBe(1);
    expect(await readdir(path.join(root, ".tmp"))).toEqual(["live"]);
  });
});
