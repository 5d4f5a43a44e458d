// A transaction that reads and then writes must not fail because another process committed in between (WAL's
// SQLITE_BUSY_SNAPSHOT): lib/server/sqlite-adapter.ts takes the write lock at BEGIN.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { sqliteAdapter } from "@/lib/server/sqlite-adapter";

const dir = mkdtempSync(path.join(tmpdir(), "tessera-sqlite-tx-"));
const file = path.join(dir, "tx.db");
let client: PrismaClient;

/** Another process bumps the counter, giving up after 300 ms if the database is locked. */
function writeFromAnotherProcess(): { ok: boolean; error: string } {
  const script = `const D = require("better-sqlite3"); const d = new D(${JSON.stringify(file)}, { timeout: 300 });
try { d.prepare("UPDATE counter SET n = n + 100").run(); } catch (e) { console.error(e.code); process.exit(3); }`;
  const r = spawnSync(process.execPath, ["-e", script], { encoding: "utf8" });
  return { ok: r.status === 0, error: r.stderr.trim() };
}

beforeAll(async () => {
  client = new PrismaClient({ adapter: sqliteAdapter(`file:${file}`, 5_000) });
  await client.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  await client.$executeRawUnsafe("CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)");
  await client.$executeRawUnsafe("INSERT INTO counter (id, n) VALUES (1, 0)");
});

afterAll(async () => {
  await client.$disconnect();
  rmSync(dir, { recursive: true, force: true });
});

describe("sqliteAdapter transactions", () => {
  it("hold the write lock from BEGIN, so a read-then-write transaction commits while another process waits", async () => {
    let other: { ok: boolean; error: string } | undefined;
    await client.$transaction(async (tx) => {
      const [row] = await tx.$queryRawUnsafe<{ n: bigint }[]>("SELECT n FROM counter WHERE id = 1");
      other = writeFromAnotherProcess();
      await tx.$executeRawUnsafe(`UPDATE counter SET n = ${Number(row?.n ?? 0) + 1} WHERE id = 1`);
    });
    expect(other).toEqual({ ok: false, error: "SQLITE_BUSY" });
    const [after] = await client.$queryRawUnsafe<{ n: bigint }[]>("SELECT n FROM counter WHERE id = 1");
    expect(Number(after?.n)).toBe(1);
    expect(writeFromAnotherProcess().ok).toBe(true);
  });
});
