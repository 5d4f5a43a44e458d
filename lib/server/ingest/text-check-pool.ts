import "server-only";
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { CheckOutcome } from "@/lib/domain/ingest/check-outcome";
import { checkTextItem, type CheckedTextItem, type TextItemInput, type TextItemRules } from "@/lib/domain/ingest/text-item";
import type { TextCheckReply, TextCheckTask } from "./text-check-protocol";

// The per-item checks of text uploads (type sniffing, text rules, content hash, MinHash: about half of an upload's
// CPU time) run on worker threads, so that one request's fingerprinting uses another core while the main thread
// parses, looks up and writes other requests. A request's items go out in chunks, answered in order. If the pool
// cannot be used (a worker fails to start or dies), the checks run on the main thread instead: same code, same
// answers, only slower.

/** Items per task: big enough that messaging is a small part of the cost, small enough to share out an upload. */
const ITEMS_PER_TASK = 100;

/** One core is left for the main thread; the checks are CPU-bound, so more workers than cores would only queue. */
export const TEXT_CHECK_WORKERS = Math.max(1, Math.min(4, availableParallelism() - 1));

type Pending = { task: TextCheckTask; resolve: (outcomes: CheckOutcome<CheckedTextItem>[]) => void; reject: (error: Error) => void };

export class TextCheckPool {
  private readonly workers = new Set<Worker>();
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, Pending>();
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private failure: Error | null = null;
  /** Set once Node refused the bundled entry as TypeScript: then we run from source, and workers load it via tsx. */
  private fromSource = false;

  constructor(size: number = TEXT_CHECK_WORKERS) {
    for (let i = 0; i < size; i++) this.idle.push(this.spawn());
  }

  /** Why the pool stopped, or null while it works. Once broken it stays broken: callers check on the main thread. */
  get broken(): Error | null {
    return this.failure;
  }

  run(rules: TextItemRules, items: TextItemInput[]): Promise<CheckOutcome<CheckedTextItem>[]> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.queue.push({ task: { id: this.nextId++, rules, items }, resolve, reject });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    const workers = [...this.workers];
    this.stop(new Error("The text-check pool was closed."));
    await Promise.all(workers.map((worker) => worker.terminate()));
  }

  private spawn(): Worker {
    const viaTsx = this.fromSource;
    const worker = startWorker(viaTsx);
    this.workers.add(worker);
    let answered = false;
    // An idle worker must not keep a script or a test run alive; a busy one is referenced again (dispatch).
    worker.unref();
    worker.on("message", (reply: TextCheckReply) => {
      answered = true;
      const pending = this.busy.get(worker);
      if (!pending || pending.task.id !== reply.id) return;
      this.busy.delete(worker);
      worker.unref();
      this.idle.push(worker);
      if ("error" in reply) pending.reject(new Error(`A text check failed in a worker thread: ${reply.error}`));
      else pending.resolve(reply.outcomes);
      this.dispatch();
    });
    worker.on("error", (error: Error & { code?: string }) => {
      if (!this.workers.delete(worker)) return;
      if (!answered && !viaTsx && error.code === "ERR_UNKNOWN_FILE_EXTENSION") {
        // Not bundled (tsx, vitest): replace this worker by one that loads the TypeScript entry, and give it the task.
        this.fromSource = true;
        this.replace(worker);
      } else this.stop(error);
    });
    worker.on("exit", (code) => {
      if (this.workers.delete(worker)) this.stop(new Error(`A text-check worker exited with code ${code}.`));
    });
    return worker;
  }

  private replace(worker: Worker): void {
    const pending = this.busy.get(worker);
    this.busy.delete(worker);
    const at = this.idle.indexOf(worker);
    if (at >= 0) this.idle.splice(at, 1);
    if (pending) this.queue.unshift(pending);
    this.idle.push(this.spawn());
    this.dispatch();
  }

  private dispatch(): void {
    while (!this.failure && this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.pop()!;
      const pending = this.queue.shift()!;
      this.busy.set(worker, pending);
      worker.ref();
      worker.postMessage(pending.task);
    }
  }

  private stop(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    for (const pending of [...this.busy.values(), ...this.queue.splice(0)]) pending.reject(error);
    this.busy.clear();
    this.idle.length = 0;
    for (const worker of this.workers) void worker.terminate();
    this.workers.clear();
  }
}

/**
 * Bundled by Next, the worker's entry is a chunk of its own: the literal `new Worker(new URL(..., import.meta.url))`
 * is what its bundler follows and rewrites. Run from source (tsx scripts, vitest), that entry is the TypeScript file,
 * which a worker thread of Node 20 refuses (ERR_UNKNOWN_FILE_EXTENSION) even when its parent runs under tsx; the pool
 * then starts its workers with a two-line bootstrap that registers tsx in the thread first. (import.meta.url cannot
 * tell the two apart: the bundle reports the source file's URL.)
 */
function startWorker(fromSource: boolean): Worker {
  if (fromSource) {
    const entry = JSON.stringify(new URL("./text-check-worker.ts", import.meta.url).href);
    return new Worker(`import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${entry}); });`, { eval: true });
  }
  return new Worker(new URL("./text-check-worker.ts", import.meta.url));
}

const globalForPool = globalThis as unknown as { tesseraTextCheckPool?: TextCheckPool };

/** The process's pool, started on first use. A broken pool is not replaced: what broke it would most likely recur. */
function sharedPool(): TextCheckPool {
  globalForPool.tesseraTextCheckPool ??= new TextCheckPool();
  return globalForPool.tesseraTextCheckPool;
}

let reportedFailure = false;

/**
 * checkTextItem for every item, in order, on the pool's worker threads; a chunk the pool cannot answer is checked
 * on the main thread (so an error thrown by a check surfaces exactly as it would without the pool).
 */
export async function checkTextItems(rules: TextItemRules, items: readonly TextItemInput[], pool: TextCheckPool = sharedPool()): Promise<CheckOutcome<CheckedTextItem>[]> {
  const chunks: TextItemInput[][] = [];
  for (let i = 0; i < items.length; i += ITEMS_PER_TASK) chunks.push(items.slice(i, i + ITEMS_PER_TASK).map(plainItem));
  const answers = await Promise.all(
    chunks.map((chunk) =>
      pool.run(rules, chunk).catch(async (error: unknown) => {
        if (pool.broken && !reportedFailure) {
          reportedFailure = true;
          console.error("[ingest] text checks fall back to the main thread", error);
        }
        const outcomes: CheckOutcome<CheckedTextItem>[] = [];
        for (const item of chunk) outcomes.push(await checkTextItem(rules, item));
        return outcomes;
      }),
    ),
  );
  return answers.flat();
}

/** Only the fields the checks read (structured clone would copy anything else along). */
function plainItem(item: TextItemInput): TextItemInput {
  return {
    labels: item.labels,
    ...(item.text !== undefined ? { text: item.text } : {}),
    // A copy of just the view: a small Buffer is a window on a shared 8 KiB pool, which structured clone would copy whole.
    ...(item.file ? { file: { name: item.file.name, bytes: new Uint8Array(item.file.bytes), tooLarge: item.file.tooLarge, size: item.file.size } } : {}),
  };
}
