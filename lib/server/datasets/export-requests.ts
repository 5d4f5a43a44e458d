import "server-only";
import { randomUUID } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { EXPORT_FORMATS, type ExportFormat } from "@/lib/domain/datasets/export/layout";

// The web process hands the encoding of a download nobody has built yet to the worker, when one is running, and
// follows the worker's file (export-cache.ts) instead of encoding it itself: an encode in the web process costs a
// core that requests need, and its garbage grew the web server's memory with the version's size. The handoff is two
// kinds of files in the cache's .tmp folder: `prebuilder.alive`, touched by the worker's prebuilder while it runs,
// and `<key>.zip.wanted`, one per requested download, naming its version and format.

/** How often the prebuilder touches its heartbeat, and how old a heartbeat may be for the worker to count as there. */
export const PREBUILDER_HEARTBEAT_MS = 1_000;
const PREBUILDER_ALIVE_MS = 3_000;

const ZExportRequest = z.object({ versionId: z.string().min(1), format: z.enum(EXPORT_FORMATS) });
export type ExportRequest = { versionId: string; format: ExportFormat };

const tmpDir = (cacheDir: string) => path.join(cacheDir, ".tmp");
const heartbeatPath = (cacheDir: string) => path.join(tmpDir(cacheDir), "prebuilder.alive");

/** Called by the prebuilder loop, every PREBUILDER_HEARTBEAT_MS while it runs. */
export async function touchPrebuilderHeartbeat(cacheDir: string, now = new Date()): Promise<void> {
  await mkdir(tmpDir(cacheDir), { recursive: true });
  try {
    await utimes(heartbeatPath(cacheDir), now, now);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    await writeFile(heartbeatPath(cacheDir), "");
    await utimes(heartbeatPath(cacheDir), now, now);
  }
}

/** Whether a worker's prebuilder has touched its heartbeat lately. */
export async function prebuilderAlive(cacheDir: string, now = Date.now()): Promise<boolean> {
  const info = await stat(heartbeatPath(cacheDir)).catch(() => null);
  return info !== null && now - info.mtimeMs < PREBUILDER_ALIVE_MS;
}

/** Asks the worker to build one download (written whole, so the worker never reads half a request). */
export async function requestExport(cacheDir: string, key: string, request: ExportRequest): Promise<void> {
  await mkdir(tmpDir(cacheDir), { recursive: true });
  const partial = path.join(tmpDir(cacheDir), `${key}.zip.wanted.${randomUUID()}`);
  await writeFile(partial, JSON.stringify(request));
  await rename(partial, path.join(tmpDir(cacheDir), `${key}.zip.wanted`));
}

/** Whether any request is waiting (cheap enough to ask every few tens of milliseconds). */
export async function hasExportRequests(cacheDir: string): Promise<boolean> {
  const names = await readdir(tmpDir(cacheDir)).catch(() => [] as string[]);
  return names.some((name) => name.endsWith(".zip.wanted"));
}

/** Takes (removes and returns) the pending requests, oldest first; unreadable ones are dropped. */
export async function takeExportRequests(cacheDir: string): Promise<ExportRequest[]> {
  let names: string[];
  try {
    names = (await readdir(tmpDir(cacheDir))).filter((name) => name.endsWith(".zip.wanted"));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  const found: { request: ExportRequest; mtimeMs: number }[] = [];
  for (const name of names) {
    const file = path.join(tmpDir(cacheDir), name);
    try {
      const [text, info] = await Promise.all([readFile(file, "utf8"), stat(file)]);
      await rm(file, { force: true });
      const parsed = ZExportRequest.safeParse(JSON.parse(text));
      if (parsed.success) found.push({ request: parsed.data, mtimeMs: info.mtimeMs });
    } catch {
      await rm(file, { force: true }); // taken by someone else in between, or not ours to understand
    }
  }
  return found.sort((a, b) => a.mtimeMs - b.mtimeMs).map((f) => f.request);
}
