// lib/server/sqlite-adapter.ts under concurrency, as many-processes.test.ts found it failing.
//
// @prisma/adapter-better-sqlite3 6.19.3 holds one connection per process. Its startTransaction takes a mutex and then
// runs BEGIN, with no release if BEGIN throws; queries outside a transaction never take that mutex. Our BEGIN IMMEDIATE
// waits for the write lock and, past the busy timeout, would throw SQLITE_BUSY and so hang every later transaction of
// the process; an outside query would run inside whatever transaction was open. The adapter wrapper prevents both.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { isBusy } from "@/lib/server/busy-retry";
import { sqliteAdapter } from "@/lib/server/sqlite-adapter";

const dir = mkdtempSync(path.join(tmpdir(), "tessera-sqlite-concurrency-"));
const file = path.join(dir, "concurrency.db");
/** Another connection, as another process would hold one. */
let other: Database.Database;

beforeAll(() => {
  other = new Database(file);
  other.pragma("journal_mode = WAL");
  other.exec("CREATE TABLE log (id INTEGER PRIMARY KEY AUTOINCREMENT, what TEXT NOT NULL)");
});

afterAll(() => {
  other.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A client of its own per test: a wedged one is never disconnected (that would wait on the wedge too). */
async function client(busyTimeoutMs: number): Promise<PrismaClient> {
  const c = new PrismaClient({ adapter: sqliteAdapter(`file:${file}`, busyTimeoutMs) });
  await c.$queryRawUnsafe("SELECT 1");
  return c;
}

const insert = (c: Pick<PrismaClient, "$executeRawUnsafe">, what: string) => c.$executeRawUnsafe(`INSERT INTO log (what) VALUES ('${what}')`);
const rows = () => (other.prepare("SELECT what FROM log").all() as { what: string }[]).map((r) => r.what);

/** The transaction's outcome, or "still waiting" if it has not settled within `ms`. */
function within<T>(ms: number, work: Promise<T>): Promise<T | "still waiting"> {
  return Promise.race([work, new Promise<"still waiting">((resolve) => setTimeout(() => resolve("still waiting"), ms))]);
}

/** A transaction refused because another connection held the write lock past the busy timeout. */
async function busyRefusal(c: PrismaClient): Promise<unknown> {
  other.exec("BEGIN IMMEDIATE");
  try {
    return await c.$transaction((tx) => insert(tx, "never"), { maxWait: 1_000, timeout: 1_000 }).then(
      () => null,
      (error: unknown) => error,
    );
  } finally {
    other.exec("COMMIT");
  }
}

describe("sqliteAdapter under concurrency", () => {
  it("a transaction that finds the write lock held past the busy timeout is refused with SQLITE_BUSY, and nothing is written", async () => {
    const c = await client(100);
    expect(await busyRefusal(c)).toMatchObject({ meta: { driverAdapterError: { cause: { originalCode: "SQLITE_BUSY" } } } });
    expect(rows()).not.toContain("never");
    // The same client, writing outside a transaction, still works.
    expect(await insert(c, "outside a transaction, after a busy BEGIN")).toBe(1);
  });

  it("after a BEGIN that found the database busy, the next transaction of the process still runs", async () => {
    const c = await client(100);
    expect(await busyRefusal(c)).toBeTruthy();
    // The lock is free again; today this waits for ever on the adapter's mutex (maxWait does not end it either).
    expect(await within(3_000, c.$transaction((tx) => insert(tx, "after a busy BEGIN"), { maxWait: 1_000, timeout: 1_000 }))).toBe(1);
  });

  it("retryOnBusy recognises SQLITE_BUSY as Prisma reports it (P1008, the SQLite code in meta)", async () => {
    expect(isBusy(await busyRefusal(await client(100)))).toBe(true);
  });

  it("a write outside any transaction is not undone by another request's transaction rolling back", async () => {
    const c = await client(2_000);
    let release!: () => void;
    const opened = new Promise<void>((resolve) => (release = resolve));
    const rolledBack = c
      .$transaction(async (tx) => {
        await insert(tx, "in a transaction that fails");
        release();
        await new Promise((resolve) => setTimeout(resolve, 100));
        throw new Error("this request fails");
      })
      .catch(() => undefined);
    await opened;
    // Another request of the same process, while the first is open: told its row is written.
    expect(await insert(c, "another request, no transaction")).toBe(1);
    await rolledBack;
    expect(rows()).toContain("another request, no transaction");
  });
});
