// The real payout worker (scripts/worker.ts) as a child process, for fault tests. It is bundled once with esbuild
// (already installed as tsx's compiler) because a tsx start costs ~2.3 s against ~0.7 s for the bundle, and the chaos
// tests start it hundreds of times; without esbuild it falls back to tsx. Same source either way.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, readdirSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..", "..", "..");

export type WorkerExit = { code: number | null; signal: NodeJS.Signals | null };
export type WorkerProcess = {
  child: ChildProcess;
  exited: Promise<WorkerExit>;
  output: () => string;
  /** Resolves when the output matches `pattern`; rejects if the worker exits first or after `timeoutMs`. */
  waitForOutput: (pattern: RegExp, timeoutMs?: number) => Promise<void>;
  kill: () => void;
};

let bundled: string | null = null;

/** Builds the worker bundle once per test process; returns the command line that runs the worker. */
export async function workerCommand(): Promise<string[]> {
  if (bundled) return ["--conditions=react-server", bundled];
  const require = createRequire(import.meta.url);
  let esbuild: typeof import("esbuild") | null = null;
  try {
    esbuild = require("esbuild") as typeof import("esbuild");
  } catch {
    esbuild = null;
  }
  if (!esbuild) return [path.join(root, "node_modules/tsx/dist/cli.mjs"), "--conditions=react-server", path.join(root, "scripts/worker.ts")];
  // Under node_modules: ignored by git and ESLint, and imports from the bundle resolve to the project's packages.
  const dir = path.join(root, "node_modules", ".cache", "tessera-test-bundles");
  mkdirSync(dir, { recursive: true });
  removeBundlesOfDeadProcesses(dir);
  const outfile = path.join(dir, `worker-${process.pid}-${Date.now()}.mjs`);
  await esbuild.build({
    entryPoints: [path.join(root, "scripts/worker.ts")],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    alias: { "@": root, "server-only": path.join(root, "tests/support/server-only-stub.ts") },
    outfile,
    logLevel: "warning",
  });
  bundled = outfile;
  process.once("exit", () => rmSync(outfile, { force: true }));
  return ["--conditions=react-server", bundled];
}

/**
 * Starts the worker. `viaTsx` runs the sources through tsx instead of the bundle: the consensus fitter's child process
 * loads its own entry file, which the bundle does not carry, so a test with reviews to fit needs it.
 */
export async function startWorker(env: Record<string, string> = {}, options: { viaTsx?: boolean } = {}): Promise<WorkerProcess> {
  const command = options.viaTsx ? [path.join(root, "node_modules/tsx/dist/cli.mjs"), "--conditions=react-server", path.join(root, "scripts/worker.ts")] : await workerCommand();
  const child = spawn(process.execPath, command, { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const listeners = new Set<() => void>();
  const append = (chunk: Buffer) => {
    output += chunk.toString();
    for (const listener of listeners) listener();
  };
  child.stdout!.on("data", append);
  child.stderr!.on("data", append);
  const exited = new Promise<WorkerExit>((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
  return {
    child,
    exited,
    output: () => output,
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    },
    waitForOutput: (pattern, timeoutMs = 30_000) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (pattern.test(output)) finish(null);
        };
        const timer = setTimeout(() => finish(new Error(`no ${pattern} in the worker's output within ${timeoutMs} ms:\n${output}`)), timeoutMs);
        void exited.then((exit) => finish(pattern.test(output) ? null : new Error(`the worker exited (${exit.code ?? exit.signal}) before ${pattern}:\n${output}`)));
        function finish(error: Error | null) {
          clearTimeout(timer);
          listeners.delete(check);
          if (error) reject(error);
          else resolve();
        }
        listeners.add(check);
        check();
      }),
  };
}

/** Test runners do not always let a process run its exit handlers: sweep bundles whose test process is gone. */
function removeBundlesOfDeadProcesses(dir: string): void {
  for (const name of readdirSync(dir)) {
    const pid = Number(/^worker-(\d+)-/.exec(name)?.[1]);
    if (!pid) continue;
    try {
      process.kill(pid, 0);
    } catch {
      rmSync(path.join(dir, name), { force: true });
    }
  }
}
