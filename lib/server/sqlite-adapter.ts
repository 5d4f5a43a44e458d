import "server-only";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import type { SqlDriverAdapter, SqlDriverAdapterFactory } from "@prisma/driver-adapter-utils";

type SqliteClient = { prepare: (sql: string) => unknown };

/**
 * The better-sqlite3 adapter, with every transaction started as BEGIN IMMEDIATE.
 *
 * The stock adapter opens transactions with a plain (deferred) BEGIN. In WAL mode a deferred transaction that reads
 * and then writes fails at once with SQLITE_BUSY_SNAPSHOT when another process (the payout worker renewing its
 * lease, say) committed in between; the busy timeout cannot help, because waiting would not make its snapshot current.
 * Taking the write lock at BEGIN makes such a transaction wait its turn instead. Transactions within one process are
 * already serialised by the adapter's own mutex, so this costs no concurrency SQLite had.
 */
export function sqliteAdapter(url: string, busyTimeoutMs: number): SqlDriverAdapterFactory {
  const inner = new PrismaBetterSQLite3({ url, timeout: busyTimeoutMs });
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    connect: async () => beginImmediately(await inner.connect()),
  };
}

function beginImmediately(adapter: SqlDriverAdapter): SqlDriverAdapter {
  // The adapter keeps its better-sqlite3 handle in `client` and runs its BEGIN through prepare().
  const client = (adapter as unknown as { client: SqliteClient }).client;
  const prepare = client.prepare.bind(client);
  client.prepare = (sql: string) => prepare(sql === "BEGIN" ? "BEGIN IMMEDIATE" : sql);
  return adapter;
}
