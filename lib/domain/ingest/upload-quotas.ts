import { passed, refused, type CheckOutcome } from "./check-outcome";
import { DEFAULT_UPLOAD_RATE_LIMIT, type UploadRateLimit } from "./limits";

// Anti-farming limits, as pure decisions over counts the service reads from the database. Both should count every
// attempt that reached the checks (refused ones included), or retrying refused uploads would cost nothing.

/**
 * Sliding-window log: refused when `maxUploads` uploads already fall in the window (now − windowMs, now].
 * `recentUploadTimes` (ms since the epoch, any order) need only hold the most recent `maxUploads` of them, e.g.
 * `take: maxUploads, orderBy: { createdAt: "desc" }, where createdAt > now − window`: with that many in the
 * window, the oldest of them is the one whose expiry frees a slot. Times in the future (clock skew between
 * servers) count as inside the window, which errs on the side of the limit.
 */
export function checkUploadRate(
  recentUploadTimes: readonly number[],
  now: number,
  limit: UploadRateLimit = DEFAULT_UPLOAD_RATE_LIMIT,
): CheckOutcome<{ remaining: number }> {
  if (!Number.isInteger(limit.maxUploads) || limit.maxUploads < 1 || !(limit.windowMs > 0)) {
    throw new RangeError(`Invalid upload rate limit: ${limit.maxUploads} per ${limit.windowMs} ms.`);
  }
  const inWindow = recentUploadTimes.filter((t) => t > now - limit.windowMs).sort((a, b) => a - b);
  if (inWindow.length < limit.maxUploads) return passed({ remaining: limit.maxUploads - inWindow.length - 1 });
  // A slot frees when enough of the oldest leave the window for the count to drop below the maximum.
  const freeing = inWindow[inWindow.length - limit.maxUploads]!;
  const retryAfterMs = Math.max(1, freeing + limit.windowMs - now);
  return refused("RATE_LIMITED", { maxUploads: limit.maxUploads, windowMs: limit.windowMs, retryAfterMs });
}

/** Campaign.maxPendingPerContributor: how many of one contributor's samples may wait for review at once. */
export function checkPendingCap(pendingCount: number, maxPending: number): CheckOutcome<{ remaining: number }> {
  if (!Number.isInteger(maxPending) || maxPending < 1) throw new RangeError(`maxPending must be a positive integer, got ${maxPending}.`);
  if (pendingCount >= maxPending) return refused("PENDING_CAP_REACHED", { pending: pendingCount, maxPending });
  return passed({ remaining: maxPending - pendingCount - 1 });
}
