import "server-only";
import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import Database from "better-sqlite3";
import { monotonicUuidV7 } from "@/lib/domain/ingest/sample-id";
import { getEnv } from "@/lib/env";

// A better-sqlite3 connection to the app's database beside Prisma's, for the paths where Prisma's per-query cost is
// most of the work: the upload path (hundreds of rows per request) and the review loop (a claim and a verdict are a
// dozen small statements each). Prisma 6's client engine compiles every query afresh and its raw queries still pass
// through its serialiser and adapter, so a one-row query costs tens of times what a statement prepared once does.
// The SQL is plain (quoted identifiers, standard joins); only the driver, the JSON helpers noted where used and the
// synchronous transactions are SQLite's.

export type DirectConnection = Database.Database;
export type DirectStatement = Database.Statement<unknown[], unknown>;

/** How long a write waits for another writer (the payout worker, a Prisma transaction) before it gives up. */
const BUSY_DEADLINE_MS = 10_000;
/** Pause between attempts to take the write lock: short against a worker's quick commit, long enough not to spin. */
const BUSY_RETRY_MS = 5;

const globalForDirect = globalThis as unknown as { tesseraDirectConnection?: { url: string; connection: DirectConnection } };

/** The process's direct connection, opened on first use (Next's dev server reloads modules: kept on globalThis). */
export function directConnection(): DirectConnection {
  const url = getEnv().databaseUrl;
  const cached = globalForDirect.tesseraDirectConnection;
  if (cached?.url === url && cached.connection.open) return cached.connection;
  // As the Prisma adapter opens its file (DATABASE_URL without "file:"). No busy timeout: better-sqlite3 waits for a
  // lock synchronously, which would freeze the event loop, and with it a Prisma transaction of this very process
  // that holds the lock and only needs its next await to commit. writeTransaction waits asynchronously instead.
  const connection = new Database(url.replace(/^file:/, ""), { timeout: 0 });
  globalForDirect.tesseraDirectConnection = { url, connection };
  return connection;
}

/**
 * Runs `work` in one write transaction (BEGIN IMMEDIATE ... COMMIT, rolled back if it throws) on the direct
 * connection. `work` is synchronous, so the transaction holds the write lock only while it runs and never across an
 * await. While another connection holds the lock, it retries every few milliseconds, yielding to the event loop,
 * for up to 10 s (the busy timeout of Prisma's connection).
 */
export async function writeTransaction<T>(work: (connection: DirectConnection) => T, connection: DirectConnection = directConnection()): Promise<T> {
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

// Prepared once per connection and SQL text: compiling a statement costs more than running it for one row.
const prepared = new WeakMap<DirectConnection, Map<string, DirectStatement>>();

/** The statement for `sql` on this connection, prepared on first use. */
export function statement(sql: string, connection: DirectConnection = directConnection()): DirectStatement {
  let byText = prepared.get(connection);
  if (!byText) prepared.set(connection, (byText = new Map()));
  let found = byText.get(sql);
  if (!found) byText.set(sql, (found = connection.prepare<unknown[]>(sql)));
  return found;
}

/** DateTime as Prisma's SQLite adapter writes it (ISO 8601 with "+00:00"), so Prisma reads and orders it alike. */
export function sqliteDateTime(date: Date): string {
  return date.toISOString().replace("Z", "+00:00");
}

/** A DateTime column as Prisma's adapter stored it. */
export function fromSqliteDateTime(value: string): Date {
  return new Date(value);
}

const nextRowId = monotonicUuidV7(randomBytes);

/** A new row id: a UUIDv7, so rows made close in time sort (and sit in indexes) close together, in the order made. */
export function newRowId(now = Date.now()): string {
  return nextRowId(now);
}

/** Whether an error is SQLite refusing a row for a unique index. */
export function isSqliteUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY";
}
