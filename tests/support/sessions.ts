import { randomBytes } from "node:crypto";
import { NextRequest } from "next/server";
import type { Role } from "@/lib/generated/prisma/enums";
import { sha256Hex } from "@/lib/server/auth/tokens";
import { db } from "@/lib/server/db";

export type TestUser = { id: string; address: string; cookie: string };

/** A user with a live session, made directly in the database: sign-in itself is tested in auth-sign-in.test.ts. */
export async function userWithSession(options: { roles?: Role[]; name?: string } = {}): Promise<TestUser> {
  const address = `0x${randomBytes(20).toString("hex")}`;
  const user = await db.user.create({ data: { address, displayName: options.name ?? null } });
  for (const role of options.roles ?? []) await db.roleGrant.create({ data: { userId: user.id, role } });
  const token = randomBytes(24).toString("base64url");
  await db.session.create({ data: { tokenHash: sha256Hex(token), userId: user.id, chainId: 31337, expiresAt: new Date(Date.now() + 3_600_000) } });
  return { id: user.id, address, cookie: `tessera_session=${token}` };
}

export function requestAs(user: TestUser | null, url: string, init: { method?: string; body?: BodyInit; headers?: Record<string, string> } = {}): NextRequest {
  return new NextRequest(url, { ...init, headers: { ...(init.headers ?? {}), ...(user ? { cookie: user.cookie } : {}) } });
}
