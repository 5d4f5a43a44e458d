// Child-process plumbing for the start and test scripts: prefixed logs, process groups, clean shutdown.
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";

const COLORS = { chain: 35, web: 36, worker: 33, migrate: 32, contracts: 34, deploy: 34, seed: 32, start: 37 } as const;
export type Tag = keyof typeof COLORS;

function prefix(tag: Tag): string {
  const label = `[${tag}]`.padEnd(12);
  return process.stdout.isTTY ? `\x1b[${COLORS[tag]}m${label}\x1b[0m` : label;
}

export function log(tag: Tag, message: string): void {
  process.stdout.write(`${prefix(tag)}${message}\n`);
}

type LineOptions = { keepLine?: (line: string) => boolean; filterLines?: (line: string) => string[] };

function pipeLines(stream: NodeJS.ReadableStream | null, tag: Tag, sink: NodeJS.WriteStream, options: LineOptions = {}): void {
  if (!stream) return;
  createInterface({ input: stream }).on("line", (line) => {
    const lines = options.filterLines ? options.filterLines(line) : !options.keepLine || options.keepLine(line) ? [line] : [];
    for (const kept of lines) sink.write(`${prefix(tag)}${kept}\n`);
  });
}

export type Managed = { tag: Tag; child: ChildProcess; exited: Promise<number | null> };

// Every child started here and not yet stopped, so that a shutdown can stop them all, steps included.
const live = new Set<Managed>();

/** Starts a long-running child in its own process group, so that stopping it also stops whatever it spawned. */
export function startManaged(
  tag: Tag,
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv } & LineOptions = {},
): Managed {
  const child = spawn(command, args, { env: options.env ?? process.env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  pipeLines(child.stdout, tag, process.stdout, options);
  pipeLines(child.stderr, tag, process.stderr);
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code, signal) => resolve(code ?? (signal ? 128 : null))));
  const managed = { tag, child, exited };
  live.add(managed);
  return managed;
}

/** Runs a step to completion with prefixed output; throws when it fails. */
export async function runStep(tag: Tag, command: string, args: string[]): Promise<void> {
  const step = startManaged(tag, command, args);
  const code = await step.exited;
  live.delete(step);
  if (code !== 0) throw new Error(`${tag} step failed (exit code ${code})`);
}

/** SIGTERM to the whole group, then SIGKILL for whatever is still there after the grace period. */
export async function stopManaged(managed: Managed, graceMs = 5_000): Promise<void> {
  const pid = managed.child.pid;
  if (pid === undefined || managed.child.exitCode !== null || managed.child.signalCode !== null) {
    killGroup(pid, "SIGKILL");
    return;
  }
  killGroup(pid, "SIGTERM");
  const timer = new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), graceMs).unref());
  if ((await Promise.race([managed.exited, timer])) === "timeout") killGroup(pid, "SIGKILL");
  await managed.exited;
  // Grandchildren may outlive the group leader: make sure nothing in the group survives.
  killGroup(pid, "SIGKILL");
  live.delete(managed);
}

/** Stops every child still running, newest first. */
export async function stopAll(): Promise<void> {
  for (const managed of [...live].reverse()) await stopManaged(managed);
}

function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}

/** Polls until check() resolves true, or throws after timeoutMs. */
export async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number, intervalMs = 250): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}`);
}

export async function rpcChainId(rpcUrl: string): Promise<number | null> {
  try {
    const response = await fetch(rpcUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
      signal: AbortSignal.timeout(2_000),
    });
    const body = (await response.json()) as { result?: string };
    return body.result ? Number.parseInt(body.result, 16) : null;
  } catch {
    return null;
  }
}
