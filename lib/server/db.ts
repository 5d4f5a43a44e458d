import "server-only";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { getEnv } from "@/lib/env";

// SQLite's busy timeout must outlast Prisma's own 5 s transaction timeout being hit by a waiting writer,
// so writers queue instead of failing with SQLITE_BUSY.
const BUSY_TIMEOUT_MS = 10_000;

function createClient(): PrismaClient {
  const adapter = new PrismaBetterSQLite3({ url: getEnv().databaseUrl, timeout: BUSY_TIMEOUT_MS });
  return new PrismaClient({ adapter });
}

// One client per process; Next's dev server reloads modules, so keep it on globalThis.
const globalForDb = globalThis as unknown as { tesseraDb?: PrismaClient };

export const db: PrismaClient = globalForDb.tesseraDb ?? createClient();
globalForDb.tesseraDb = db;

export type Db = PrismaClient;
