import "server-only";
import { checkUploadRate } from "@/lib/domain/ingest/upload-quotas";
import type { CheckOutcome } from "@/lib/domain/ingest/check-outcome";
import type { UploadRateLimit } from "@/lib/domain/ingest/limits";

/**
 * Per-wallet sliding window over upload requests, kept in this process's memory: refused attempts count too, and a
 * refused upload leaves no database row behind. A deployment with several app processes would move this log to a
 * shared store (Redis, or a table); one Next process per database is the supported setup today.
 */
export class UploadRateLimiter {
  private readonly log = new Map<string, number[]>();

  constructor(private readonly limit: UploadRateLimit) {}

  /** Records an attempt at `now` unless the wallet is over its limit. */
  take(userId: string, now = Date.now()): CheckOutcome<{ remaining: number }> {
    const times = (this.log.get(userId) ?? []).filter((t) => t > now - this.limit.windowMs);
    const outcome = checkUploadRate(times, now, this.limit);
    if (outcome.ok) times.push(now);
    this.log.set(userId, times);
    return outcome;
  }
}
