import "server-only";
import Database from "better-sqlite3";
import { getEnv } from "@/lib/env";

// A better-sqlite3 connection of its own to the app's database, for reads of a whole campaign: its reviews, its
// decided samples. Through Prisma every row becomes an object built by its client (and a raw query's rows as well),
// which at a million reviews costs far more than SQLite's own work; a statement prepared here hands over each row as
// a plain array, and the caller keeps only the columns it needs, in typed arrays. The reads are synchronous: they
// run in the consensus-fit process, where nothing else waits on the event loop, or for an inline fit of a small
// campaign, which is CPU-bound anyway. The SQL is plain; only the driver is SQLite's (see sqlite-direct.ts for the
// same on the upload path).

export type ReadConnection = Database.Database;

/**
 * In WAL mode a reader never waits for a writer; only a checkpoint that must reset the log can make it wait. The
 * wait is synchronous, so it is kept short: a fit that gives up is redone at the next poll.
 */
const READ_BUSY_TIMEOUT_MS = 2_000;
/** How much of the database file reads may map (address space, not memory: the pages are the system's file cache). */
const READ_MMAP_BYTES = 2 ** 31;

const globalForReads = globalThis as unknown as { tesseraReadConnection?: { url: string; connection: ReadConnection } };

/** The process's read connection, opened on first use (Next's dev server reloads modules: kept on globalThis). */
export function readConnection(): ReadConnection {
  const url = getEnv().databaseUrl;
  const cached = globalForReads.tesseraReadConnection;
  if (cached?.url === url && cached.connection.open) return cached.connection;
  const connection = new Database(url.replace(/^file:/, ""), { timeout: READ_BUSY_TIMEOUT_MS });
  // Reads only: a bug here must not be able to write.
  connection.pragma("query_only = ON");
  // Pages read from the file's mapping rather than copied in by a system call each: a campaign's samples may be walked
  // in an index's order that is random on disk (the query planner picks the index), which then costs a page per row.
  connection.pragma(`mmap_size = ${READ_MMAP_BYTES}`);
  globalForReads.tesseraReadConnection = { url, connection };
  return connection;
}

/**
 * Runs `read` in one read transaction, so that all of its statements see the database as of the same moment (a WAL
 * snapshot), however many commits land meanwhile.
 */
export function readConsistently<T>(read: (connection: ReadConnection) => T, connection: ReadConnection = readConnection()): T {
  return connection.transaction(() => read(connection)).deferred();
}
