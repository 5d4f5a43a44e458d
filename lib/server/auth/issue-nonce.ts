import "server-only";
import { getEnv } from "@/lib/env";
import { db } from "@/lib/server/db";
import { randomAlphanumeric } from "./tokens";

export const NONCE_LENGTH = 24;

/** Issues a single-use SIWE nonce that expires after NONCE_TTL_MINUTES. */
export async function issueNonce(now = new Date()): Promise<{ nonce: string; expiresAt: Date }> {
  const nonce = randomAlphanumeric(NONCE_LENGTH);
  const expiresAt = new Date(now.getTime() + getEnv().nonceTtlMinutes * 60_000);
  await db.authNonce.create({ data: { value: nonce, expiresAt } });
  return { nonce, expiresAt };
}
