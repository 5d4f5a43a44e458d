// Whether the production build in .next is the build of the sources as they are now. `npm start` builds only when it
// is not: a stamp written after a successful `next build` holds a hash of every file the build reads (contents, not
// mtimes, so a fresh checkout or a `touch` does not force a rebuild, and a reverted edit does not keep a stale one).
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

/** What `next build` compiles or copies: the app, everything it imports, static files, and the build's configuration. */
export const BUILD_INPUTS = [
  "app",
  "lib",
  "public",
  "next.config.ts",
  "proxy.ts",
  "postcss.config.mjs",
  "tsconfig.json",
  "package.json",
  "package-lock.json",
  "prisma/schema.prisma",
] as const;

const STAMP = "tessera-build-stamp.json";

function listFiles(root: string, relative: string, out: string[]): void {
  const full = path.join(root, relative);
  if (!existsSync(full)) return;
  if (!statSync(full).isDirectory()) {
    out.push(relative);
    return;
  }
  for (const entry of readdirSync(full, { withFileTypes: true })) {
    const child = path.join(relative, entry.name);
    if (entry.isDirectory()) listFiles(root, child, out);
    else if (entry.isFile()) out.push(child);
  }
}

/** sha256 over the path and contents of every build input under root, in a fixed order. */
export function sourceHash(root: string, inputs: readonly string[] = BUILD_INPUTS): string {
  const files: string[] = [];
  for (const input of inputs) listFiles(root, input, files);
  const hash = createHash("sha256");
  for (const file of files.sort()) {
    hash.update(file.split(path.sep).join("/")).update("\0").update(readFileSync(path.join(root, file))).update("\0");
  }
  return hash.digest("hex");
}

export type BuildState = { current: true } | { current: false; reason: string };

/** Is distDir's build the build of these sources? The reason says why not, for the log. */
export function buildState(root: string, distDir = path.join(root, ".next"), hash = sourceHash(root)): BuildState {
  if (!existsSync(path.join(distDir, "BUILD_ID"))) return { current: false, reason: "no production build yet" };
  let stamp: { sourceHash?: unknown };
  try {
    stamp = JSON.parse(readFileSync(path.join(distDir, STAMP), "utf8")) as { sourceHash?: unknown };
  } catch {
    return { current: false, reason: "the build has no source stamp (built by hand, or interrupted)" };
  }
  if (stamp.sourceHash !== hash) return { current: false, reason: "sources changed since the last build" };
  return { current: true };
}

/** Removed before a build starts, so that an interrupted build is never taken for a finished one. */
export function clearStamp(distDir: string): void {
  rmSync(path.join(distDir, STAMP), { force: true });
}

export function writeStamp(distDir: string, hash: string): void {
  writeFileSync(path.join(distDir, STAMP), `${JSON.stringify({ sourceHash: hash, builtAt: new Date().toISOString() })}\n`);
}
