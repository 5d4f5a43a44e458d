import "server-only";
import { db } from "@/lib/server/db";
import { purgeRateLimitCounters } from "@/lib/server/rate-limit";

export type PurgeCounts = { nonces: number; sessions: number; rateLimitCounters: number };

/**
 * Deletes what can no longer authenticate anyone: nonces past their expiry (used or not: a message naming one has
 * expired too), sessions past their expiry or revoked, and rate-limit windows that have ended.
 */
export async function purgeExpiredAuth(now = new Date()): Promise<PurgeCounts> {
  const nonces = await db.authNonce.deleteMany({ where: { expiresAt: { lte: now } } });
  const sessions = await db.session.deleteMany({ where: { OR: [{ expiresAt: { lte: now } }, { revokedAt: { not: null } }] } });
  const rateLimitCounters = await purgeRateLimitCounters(now.getTime());
  return { nonces: nonces.count, sessions: sessions.count, rateLimitCounters };
}
