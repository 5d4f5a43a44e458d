// The real app stack for the HTTP part of the ingest bench: `scripts/start.ts --prod --fresh` as a child process
// (as playwright.config.ts's webServer runs it), on free ports, with its own database and blob folder.
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, readdirSync, readFileSync, readlinkSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import { waitFor } from "../../../scripts/lib/processes";
import { freePort } from "../../support/free-port";

export const ROOT = path.resolve(import.meta.dirname, "..", "..", "..");
export const TSX_CLI = path.join(ROOT, "node_modules", "tsx", "dist", "cli.mjs");

export type Stack = {
  /** Resolves once /api/health answers 200; rejects (after stopping the stack) when it does not in time. */
  ready: Promise<void>;
  appUrl: string;
  databaseUrl: string;
  blobDir: string;
  logFile: string;
  /** The environment the stack's processes run with (for another web process on the same database). */
  env: NodeJS.ProcessEnv;
  /** SIGTERM to start.ts (it stops its own children), SIGKILL to its group if it is still there after the grace. */
  stop(): Promise<void>;
  /** The last lines the stack wrote, for error messages. */
  tail(lines?: number): string;
};

/** Starts the stack; `stop()` may be called at any time, also before it is ready. */
export function startStack(dir: string, ports: { app: number; rpc: number }, options: { uploadRateMax: number; timeoutMs: number; say: (line: string) => void; env?: Record<string, string> }): Stack {
  const { app: appPort, rpc: rpcPort } = ports;
  const appUrl = `http://localhost:${appPort}`;
  const databaseUrl = `file:${path.join(dir, "bench.db")}`;
  const blobDir = path.join(dir, "blobs");
  const logFile = path.join(dir, "stack.log");
  const log = createWriteStream(logFile);
  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    BLOB_DIR: blobDir,
    APP_URL: appUrl,
    RPC_URL: `http://127.0.0.1:${rpcPort}`,
    CHAIN_ID: "31337",
    UPLOAD_RATE_MAX: String(options.uploadRateMax),
    UPLOAD_RATE_WINDOW_SECONDS: "600",
    ...options.env,
  };
  const child: ChildProcess = spawn(process.execPath, [TSX_CLI, path.join(ROOT, "scripts", "start.ts"), "--prod", "--fresh"], {
    cwd: ROOT,
    // Its own process group: a Ctrl-C in the terminal reaches only the bench, which then stops the stack in order.
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env,
  });
  // "close", not "exit": it comes after the child's output is read to the end, so no line of it arrives later.
  const exited = new Promise<number | null>((resolve) => child.on("close", (code, signal) => resolve(code ?? (signal ? 128 : null))));
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    createInterface({ input: stream }).on("line", (line) => {
      log.write(`${line}\n`);
      // Only the start script's own milestones; the rest (chain chatter, build output) goes to the log file.
      const plain = line.replace(/\x1b\[[0-9;]*m/g, "");
      if (/^\[start\]/.test(plain) || /^\[web\]\s+(✓ Ready|▲ Next|.*Compiled successfully)/.test(plain)) options.say(`  stack | ${plain.replace(/\s+/, " ")}`);
    });
  }

  let stopped: Promise<void> | null = null;
  const stop = () => {
    stopped ??= (async () => {
      if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
        child.kill("SIGTERM");
        const timer = new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), 30_000).unref());
        if ((await Promise.race([exited, timer])) === "timeout") {
          try {
            process.kill(-child.pid, "SIGKILL");
          } catch {
            // The group is already gone.
          }
        }
      }
      await exited;
      await new Promise<void>((resolve) => log.end(resolve));
    })();
    return stopped;
  };
  const tail = (lines = 40) => {
    try {
      return readFileSync(logFile, "utf8").split("\n").slice(-lines).join("\n");
    } catch {
      return "";
    }
  };
  const ready = (async () => {
    try {
      const healthy = waitFor(
        `${appUrl}/api/health`,
        async () => (await fetch(`${appUrl}/api/health`, { signal: AbortSignal.timeout(10_000) })).status === 200,
        options.timeoutMs,
        1_000,
      );
      const early = exited.then((code) => {
        throw new Error(`scripts/start.ts exited early (code ${code})`);
      });
      await Promise.race([healthy, early]);
    } catch (error) {
      await stop();
      throw new Error(`the stack did not become healthy: ${(error as Error).message}\n--- last lines of ${logFile} ---\n${tail()}`);
    }
  })();
  ready.catch(() => undefined); // awaited by the caller when it needs the stack; no unhandled rejection meanwhile
  return { ready, appUrl, databaseUrl, blobDir, logFile, env, stop, tail };
}

export async function freePorts(): Promise<{ app: number; rpc: number }> {
  return { app: await freePort(), rpc: await freePort() };
}

/**
 * Other production stacks of this checkout: `scripts/start.ts` without `--dev` (the e2e suite's web server, another bench)
 * or a bare `next build`. They share this checkout's .next folder: a second `next build` rewrites it under a running
 * `next start`, which then fails on missing chunks, so the two must not overlap. Linux only (reads /proc).
 */
export function otherProdStacks(): string[] {
  const next = path.join(ROOT, "node_modules", "next", "dist", "bin", "next");
  const found: string[] = [];
  let pids: string[] = [];
  try {
    pids = readdirSync("/proc").filter((name) => /^\d+$/.test(name) && Number(name) !== process.pid);
  } catch {
    return found;
  }
  for (const pid of pids) {
    try {
      const args = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean);
      const line = args.join(" ");
      const cwd = readlinkSync(`/proc/${pid}/cwd`);
      const startProd = args.some((a) => a.endsWith("scripts/start.ts")) && !args.includes("--dev") && cwd === ROOT;
      const build = args.includes(next) && args.includes("build");
      if (startProd || build) found.push(`${pid}: ${line.slice(0, 160)}`);
    } catch {
      // The process is gone, or not ours to inspect.
    }
  }
  return found;
}

/** Waits until no other production stack of this checkout runs (see otherProdStacks), or throws after timeoutMs. */
export async function waitForOtherProdStacks(say: (line: string) => void, timeoutMs: number): Promise<void> {
  let others = otherProdStacks();
  if (others.length === 0) return;
  say(`  waiting for another production stack of this checkout to finish (it shares .next with ours; up to ${Math.round(timeoutMs / 60_000)} min):`);
  for (const other of others) say(`    ${other}`);
  const deadline = Date.now() + timeoutMs;
  while (others.length > 0) {
    if (Date.now() > deadline) throw new Error(`another production stack of this checkout is still running after ${Math.round(timeoutMs / 60_000)} min: ${others.join("; ")}`);
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    others = otherProdStacks();
  }
  say("  it finished; starting ours");
}
