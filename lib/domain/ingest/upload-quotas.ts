import { passed, refused, type CheckOutcome } from "./check-outcome";
import { DEFAULT_UPLOAD_RATE_LIMIT, type UploadRateLimit } from "./limits";

// Anti-farming limits, as pure decisions over counts the service reads from the database.

/** The fixed window `now` falls in: windows start at multiples of windowMs since the epoch. */
export function uploadWindowStart(now: number, windowMs: number): number {
  return now - (now % windowMs);
}

/**
 * Fixed-window count of samples per wallet: an upload of `items` samples is allowed when the samples already
 * counted in the current window (`used`) plus its own stay within `maxItems`; it is then counted whole, before its
 * items are checked (checking costs the server the same whether an item is stored or refused). A refused upload is
 * not counted. Across the edge of two windows a wallet can place up to twice `maxItems` in one window's length: a
 * brake against farming, not an exact meter.
 */
export function checkUploadQuota(used: number, items: number, now: number, limit: UploadRateLimit = DEFAULT_UPLOAD_RATE_LIMIT): CheckOutcome<{ remaining: number }> {
  if (!Number.isInteger(limit.maxItems) || limit.maxItems < 1 || !(limit.windowMs > 0)) {
    throw new RangeError(`Invalid upload rate limit: ${limit.maxItems} samples per ${limit.windowMs} ms.`);
  }
  if (used + items <= limit.maxItems) return passed({ remaining: limit.maxItems - used - items });
  const retryAfterMs = Math.max(1, uploadWindowStart(now, limit.windowMs) + limit.windowMs - now);
  return refused("RATE_LIMITED", { used, items, maxItems: limit.maxItems, windowMs: limit.windowMs, retryAfterMs });
}

/** Campaign.maxPendingPerContributor: how many of one contributor's samples may wait for review at once. */
export function checkPendingCap(pendingCount: number, maxPending: number): CheckOutcome<{ remaining: number }> {
  if (!Number.isInteger(maxPending) || maxPending < 1) throw new RangeError(`maxPending must be a positive integer, got ${maxPending}.`);
  if (pendingCount >= maxPending) return refused("PENDING_CAP_REACHED", { pending: pendingCount, maxPending });
  return passed({ remaining: maxPending - pendingCount - 1 });
}
