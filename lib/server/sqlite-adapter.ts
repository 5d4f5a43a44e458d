import "server-only";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import type { SqlDriverAdapter, SqlDriverAdapterFactory, Transaction } from "@prisma/driver-adapter-utils";

type SqliteStatement = { run: (...args: unknown[]) => unknown };
type SqliteClient = { prepare: (sql: string) => SqliteStatement };

/**
 * The better-sqlite3 adapter (one connection per process), with three corrections:
 *
 * - Transactions start as BEGIN IMMEDIATE. The stock deferred BEGIN lets a transaction read and then fail at its first
 *   write with SQLITE_BUSY_SNAPSHOT when another process (the payout worker, say) committed in between; the busy
 *   timeout cannot help, because waiting would not make its snapshot current. Taking the write lock at BEGIN makes such
 *   a transaction wait its turn instead.
 * - Should BEGIN IMMEDIATE still find the lock taken after the busy timeout, the transaction starts deferred instead of
 *   failing: the adapter takes its transaction mutex before BEGIN and never releases it if BEGIN throws, which would
 *   hang every later transaction of the process. Started deferred, the transaction fails (if at all) at its first
 *   write, is rolled back, releases the mutex, and retryOnBusy runs it again.
 * - A query outside any transaction waits while one of this process is open: on the one connection it would otherwise
 *   run inside that transaction, see its uncommitted rows, and vanish with it if it rolls back.
 */
export function sqliteAdapter(url: string, busyTimeoutMs: number): SqlDriverAdapterFactory {
  const inner = new PrismaBetterSQLite3({ url, timeout: busyTimeoutMs });
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    connect: async () => isolateTransactions(beginImmediately(await inner.connect())),
  };
}

function beginImmediately(adapter: SqlDriverAdapter): SqlDriverAdapter {
  // The adapter keeps its better-sqlite3 handle in `client` and runs its BEGIN through prepare().
  const client = (adapter as unknown as { client: SqliteClient }).client;
  const prepare = client.prepare.bind(client);
  client.prepare = (sql: string) => {
    if (sql !== "BEGIN") return prepare(sql);
    return {
      run: () => {
        try {
          return prepare("BEGIN IMMEDIATE").run();
        } catch (error) {
          if (!String((error as { code?: unknown }).code ?? "").startsWith("SQLITE_BUSY")) throw error;
          return prepare("BEGIN").run();
        }
      },
    };
  };
  return adapter;
}

function isolateTransactions(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const open = new Set<Promise<void>>();
  const startTransaction = adapter.startTransaction.bind(adapter);
  adapter.startTransaction = async (isolationLevel) => {
    // Registered before the adapter's mutex is even asked for: no query outside slips in between BEGIN and here.
    let end!: () => void;
    const ended = new Promise<void>((resolve) => (end = resolve));
    open.add(ended);
    const done = () => {
      open.delete(ended);
      end();
    };
    try {
      const transaction: Transaction = await startTransaction(isolationLevel);
      const commit = transaction.commit.bind(transaction);
      const rollback = transaction.rollback.bind(transaction);
      transaction.commit = () => commit().finally(done);
      transaction.rollback = () => rollback().finally(done);
      return transaction;
    } catch (error) {
      done();
      throw error;
    }
  };
  const outside = <A extends unknown[], R>(query: (...args: A) => Promise<R>) => {
    return async (...args: A): Promise<R> => {
      while (open.size > 0) await Promise.all(open);
      return query(...args);
    };
  };
  adapter.queryRaw = outside(adapter.queryRaw.bind(adapter));
  adapter.executeRaw = outside(adapter.executeRaw.bind(adapter));
  return adapter;
}
