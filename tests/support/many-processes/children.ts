// Child processes for tests/integration/many-processes.test.ts: each a TypeScript script run by node with tsx's
// loader (one OS process, where the tsx CLI would add a second), in a process group of its own so that a SIGKILL can
// take it down with whatever it spawned (the worker's consensus-fit process), as a crash of its machine would.
import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..", "..", "..");

export type Child = {
  name: string;
  child: ChildProcess;
  pid: number;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the first match in stdout; rejects if the process exits first or after `timeoutMs`. */
  waitForOutput: (pattern: RegExp, timeoutMs?: number) => Promise<RegExpMatchArray>;
  /** A signal to the whole process group. */
  signalGroup: (signal: NodeJS.Signals) => void;
};

export function startChild(name: string, script: string, args: string[], env: Record<string, string>): Child {
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", path.join(root, script), ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    detached: true,
    stdio: ["pipe", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  const listeners = new Set<() => void>();
  child.stdout!.on("data", (chunk: Buffer) => {
    out += chunk.toString();
    for (const listener of listeners) listener();
  });
  child.stderr!.on("data", (chunk: Buffer) => (err += chunk.toString()));
  // A child killed before it read its stdin must not crash the test with EPIPE.
  child.stdin!.on("error", () => undefined);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
  const pid = child.pid!;
  return {
    name,
    child,
    pid,
    exited,
    stdout: () => out,
    stderr: () => err,
    signalGroup: (signal) => {
      try {
        process.kill(-pid, signal);
      } catch {
        // The group is gone already.
      }
    },
    waitForOutput: (pattern, timeoutMs = 30_000) =>
      new Promise<RegExpMatchArray>((resolve, reject) => {
        let finished = false;
        const check = () => {
          const match = out.match(pattern);
          if (match) finish(null, match);
        };
        const timer = setTimeout(() => finish(new Error(`${name}: no ${pattern} within ${timeoutMs} ms\nstdout:\n${out}\nstderr:\n${err}`)), timeoutMs);
        void exited.then((exit) => {
          const match = out.match(pattern);
          finish(match ? null : new Error(`${name} exited (${exit.code ?? exit.signal}) before ${pattern}\nstdout:\n${out}\nstderr:\n${err}`), match ?? undefined);
        });
        function finish(error: Error | null, match?: RegExpMatchArray) {
          if (finished) return;
          finished = true;
          clearTimeout(timer);
          listeners.delete(check);
          if (error) reject(error);
          else resolve(match!);
        }
        listeners.add(check);
        check();
      }),
  };
}

/** Process ids whose parent is `pid` (Linux /proc). */
export function childPids(pid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // The command name (field 2) may hold spaces and parentheses: fields after its last ')' are fixed.
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === pid) out.push(Number(entry));
    } catch {
      // Gone while we looked.
    }
  }
  return out;
}

/** CPU time a process has used, in clock ticks (1/100 s on Linux): how a test sees a fit process at work. */
export function cpuTicks(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // utime and stime: fields 14 and 15 of stat, 12 and 13 after the command name.
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return null;
  }
}

/** Whether any process of the group `pgid` is still alive. */
export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Polls `check` until it returns a value other than null/false; throws after `timeoutMs` with `what`. */
export async function until<T>(what: string, check: () => T | null | false | Promise<T | null | false>, timeoutMs: number, intervalMs = 20): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
