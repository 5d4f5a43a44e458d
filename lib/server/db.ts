import "server-only";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { getEnv } from "@/lib/env";
import { sqliteAdapter } from "@/lib/server/sqlite-adapter";

// SQLite's busy timeout must outlast Prisma's own 5 s transaction timeout being hit by a waiting writer,
// so writers queue instead of failing with SQLITE_BUSY.
const BUSY_TIMEOUT_MS = 10_000;

function createClient(): PrismaClient {
  return new PrismaClient({ adapter: sqliteAdapter(getEnv().databaseUrl, BUSY_TIMEOUT_MS) });
}

// One client per process; Next's dev server reloads modules, so keep it on globalThis.
const globalForDb = globalThis as unknown as { tesseraDb?: PrismaClient };

export const db: PrismaClient = globalForDb.tesseraDb ?? createClient();
globalForDb.tesseraDb = db;

export type Db = PrismaClient;
