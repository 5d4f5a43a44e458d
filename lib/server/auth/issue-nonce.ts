import "server-only";
import { getEnv } from "@/lib/env";
import { db } from "@/lib/server/db";
import { takeRateLimit } from "@/lib/server/rate-limit";
import { randomAlphanumeric } from "./tokens";

export const NONCE_LENGTH = 24;

/**
 * Issues a single-use SIWE nonce that expires after NONCE_TTL_MINUTES. Anyone may ask, so each client address gets
 * NONCE_RATE_MAX per window (429 beyond, and no row written); expired rows are purged by the worker.
 */
export async function issueNonce({ client, now = new Date() }: { client: string; now?: Date }): Promise<{ nonce: string; expiresAt: Date }> {
  const env = getEnv();
  await takeRateLimit(`nonce:${client}`, env.nonceRateLimit, 1, now.getTime());
  const nonce = randomAlphanumeric(NONCE_LENGTH);
  const expiresAt = new Date(now.getTime() + env.nonceTtlMinutes * 60_000);
  await db.authNonce.create({ data: { value: nonce, expiresAt } });
  return { nonce, expiresAt };
}
