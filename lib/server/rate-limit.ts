import "server-only";
import { AppError } from "@/lib/errors";
import { db } from "@/lib/server/db";

export type RateLimit = { max: number; windowMs: number };

/**
 * Counts `weight` hits for `key` in a fixed window that starts at the key's first hit, and refuses with 429 once the
 * window holds more than `max`. The counter is one database row written by a single upsert, so every web process
 * sees the same count; refused hits count too, so hammering does not reopen the window early.
 */
export async function takeRateLimit(key: string, limit: RateLimit, weight = 1, now = Date.now()): Promise<void> {
  const rows = await db.$queryRaw<{ count: number | bigint; resetAt: number | bigint }[]>`
    INSERT INTO "RateLimitCounter" ("key", "resetAt", "count") VALUES (${key}, ${now + limit.windowMs}, ${weight})
    ON CONFLICT ("key") DO UPDATE SET
      "count" = CASE WHEN "RateLimitCounter"."resetAt" <= ${now} THEN ${weight} ELSE "RateLimitCounter"."count" + ${weight} END,
      "resetAt" = CASE WHEN "RateLimitCounter"."resetAt" <= ${now} THEN ${now + limit.windowMs} ELSE "RateLimitCounter"."resetAt" END
    RETURNING "count", "resetAt"`;
  const row = rows[0];
  if (!row || Number(row.count) <= limit.max) return;
  const retryAfterSeconds = Math.max(1, Math.ceil((Number(row.resetAt) - now) / 1000));
  throw new AppError("RATE_LIMITED", `Too many requests: at most ${limit.max} per ${Math.round(limit.windowMs / 1000)} s. Try again in ${retryAfterSeconds} s.`, {
    details: { retryAfterSeconds },
  });
}

/** Deletes counters whose window has ended; they would be reset on their next hit anyway. */
export async function purgeRateLimitCounters(now = Date.now()): Promise<number> {
  return db.$executeRaw`DELETE FROM "RateLimitCounter" WHERE "resetAt" <= ${now}`;
}
