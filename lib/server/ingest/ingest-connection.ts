import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import Database from "better-sqlite3";
import { getEnv } from "@/lib/env";

// The upload path's own better-sqlite3 connection to the app's database, beside Prisma's. Writing a 500-item upload
// (500 Sample rows, 8,000 SampleBand rows) through Prisma's raw queries costs about 0.95 CPU ms per item: each
// multi-row statement of thousands of parameters is serialised by Prisma's client, passed through its adapter and
// compiled afresh by SQLite. The same rows through statements prepared once and run row by row cost about 0.3 ms
// (measured in-process on the bench's texts). The SQL is plain; only the driver is SQLite's.

export type IngestConnection = Database.Database;
export type IngestStatement = Database.Statement<unknown[], unknown>;

/** How long a write waits for another writer (the payout worker, a Prisma transaction) before it gives up. */
const BUSY_DEADLINE_MS = 10_000;
/** Pause between attempts to take the write lock: short against a worker's quick commit, long enough not to spin. */
const BUSY_RETRY_MS = 5;

const globalForIngest = globalThis as unknown as { tesseraIngestConnection?: { url: string; connection: IngestConnection } };

/** The process's ingest connection, opened on first use (Next's dev server reloads modules: kept on globalThis). */
export function ingestConnection(): IngestConnection {
  const url = getEnv().databaseUrl;
  const cached = globalForIngest.tesseraIngestConnection;
  if (cached?.url === url && cached.connection.open) return cached.connection;
  // As the Prisma adapter opens its file (DATABASE_URL without "file:"). No busy timeout: better-sqlite3 waits for a
  // lock synchronously, which would freeze the event loop, and with it a Prisma transaction of this very process
  // that holds the lock and only needs its next await to commit. writeTransaction waits asynchronously instead.
  const connection = new Database(url.replace(/^file:/, ""), { timeout: 0 });
  globalForIngest.tesseraIngestConnection = { url, connection };
  return connection;
}

/**
 * Runs `work` in one write transaction (BEGIN IMMEDIATE ... COMMIT, rolled back if it throws) on the ingest
 * connection. `work` is synchronous, so the transaction holds the write lock only while it runs and never across an
 * await. While another connection holds the lock, it retries every few milliseconds, yielding to the event loop,
 * for up to 10 s (the busy timeout of Prisma's connection).
 */
export async function writeTransaction<T>(work: (connection: IngestConnection) => T, connection: IngestConnection = ingestConnection()): Promise<T> {
  const transaction = connection.transaction(() => work(connection));
  const deadline = Date.now() + BUSY_DEADLINE_MS;
  for (;;) {
    try {
      return transaction.immediate();
    } catch (error) {
      if (!isBusy(error) || connection.inTransaction || Date.now() >= deadline) throw error;
    }
    await sleep(BUSY_RETRY_MS);
  }
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "SQLITE_BUSY" || code === "SQLITE_BUSY_SNAPSHOT";
}
