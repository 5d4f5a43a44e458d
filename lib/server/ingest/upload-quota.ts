import "server-only";
import type { CheckOutcome } from "@/lib/domain/ingest/check-outcome";
import type { UploadRateLimit } from "@/lib/domain/ingest/limits";
import { checkUploadQuota, uploadWindowStart } from "@/lib/domain/ingest/upload-quotas";
import { directConnection, writeTransaction, type DirectConnection, type DirectStatement } from "@/lib/server/sqlite-direct";

// The per-wallet upload rate limit, counted in samples per fixed window in the UploadQuota table, so that every web
// process of a deployment counts against the same number. Plain SQL on the upload path's own connection (see
// sqlite-direct.ts); the upsert is valid on PostgreSQL as written.

type Statements = { read: DirectStatement; add: DirectStatement; forgetPast: DirectStatement };

const statementCache = new WeakMap<DirectConnection, Statements>();

function statementsOf(connection: DirectConnection): Statements {
  let statements = statementCache.get(connection);
  if (!statements) {
    statements = {
      read: connection.prepare<unknown[]>(`SELECT "items" FROM "UploadQuota" WHERE "userId" = ? AND "windowStart" = ?`),
      add: connection.prepare<unknown[]>(
        `INSERT INTO "UploadQuota" ("userId", "windowStart", "items") VALUES (?, ?, ?)
         ON CONFLICT ("userId", "windowStart") DO UPDATE SET "items" = "UploadQuota"."items" + excluded."items"`,
      ),
      forgetPast: connection.prepare<unknown[]>(`DELETE FROM "UploadQuota" WHERE "userId" = ? AND "windowStart" < ?`),
    };
    statementCache.set(connection, statements);
  }
  return statements;
}

function usedIn(connection: DirectConnection, userId: string, windowStart: number): number {
  const row = statementsOf(connection).read.get(userId, windowStart) as { items: number } | undefined;
  return row?.items ?? 0;
}

/**
 * Whether the wallet could upload even one sample now: checked before the body is read, so that a wallet over its
 * limit costs the server no more than this query. Counts nothing.
 */
export function peekUploadQuota(userId: string, limit: UploadRateLimit, now = Date.now()): CheckOutcome<{ remaining: number }> {
  return checkUploadQuota(usedIn(directConnection(), userId, uploadWindowStart(now, limit.windowMs)), 1, now, limit);
}

/**
 * Counts an upload of `items` samples against the wallet's window, or refuses it whole. Read, decision and increment
 * happen in one write transaction (BEGIN IMMEDIATE), so concurrent uploads of one wallet, from any process, cannot
 * both pass on the same remainder.
 */
export async function takeUploadQuota(userId: string, items: number, limit: UploadRateLimit, now = Date.now()): Promise<CheckOutcome<{ remaining: number }>> {
  const windowStart = uploadWindowStart(now, limit.windowMs);
  return writeTransaction((connection) => {
    const statements = statementsOf(connection);
    statements.forgetPast.run(userId, windowStart);
    const outcome = checkUploadQuota(usedIn(connection, userId, windowStart), items, now, limit);
    if (outcome.ok) statements.add.run(userId, windowStart, items);
    return outcome;
  });
}
