import "server-only";
import { cookies } from "next/headers";
import { AppError } from "@/lib/errors";
import type { Role } from "@/lib/generated/prisma/enums";
import { db } from "@/lib/server/db";
import type { SessionUser } from "./roles";
import { sessionUserFrom, USER_COLUMNS, type UserColumns } from "./user-row";

export type { SessionUser };
import { sha256Hex } from "./tokens";

export const SESSION_COOKIE = "tessera_session";

/** The user behind a session token, or null when the token is unknown, revoked or expired. */
export async function userFromSessionToken(token: string | undefined, now = new Date()): Promise<SessionUser | null> {
  if (!token) return null;
  const [session] = await db.$queryRaw<(UserColumns & { expiresAt: Date; revokedAt: Date | null })[]>`
    SELECT s."expiresAt", s."revokedAt", ${USER_COLUMNS}
    FROM "Session" s JOIN "User" u ON u."id" = s."userId" WHERE s."tokenHash" = ${sha256Hex(token)}`;
  if (!session || session.revokedAt !== null || session.expiresAt <= now) return null;
  return sessionUserFrom(session);
}

export async function revokeSessionToken(token: string | undefined): Promise<void> {
  if (!token) return;
  await db.session.updateMany({ where: { tokenHash: sha256Hex(token), revokedAt: null }, data: { revokedAt: new Date() } });
}

/** The user of an API request, from its session cookie. */
export async function userFromRequest(request: { cookies: { get(name: string): { value: string } | undefined } }): Promise<SessionUser | null> {
  return userFromSessionToken(request.cookies.get(SESSION_COOKIE)?.value);
}

/** The signed-in user of the current page or server action, or null. */
export async function currentUser(): Promise<SessionUser | null> {
  const store = await cookies();
  return userFromSessionToken(store.get(SESSION_COOKIE)?.value);
}

export async function requireUser(): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) throw new AppError("UNAUTHENTICATED", "Please sign in with your wallet first.");
  return user;
}

export function assertRole(user: SessionUser, role: Role): void {
  if (!user.roles.includes(role)) {
    throw new AppError("FORBIDDEN", `This needs the ${role.toLowerCase()} role.`);
  }
}

export async function requireRole(role: Role): Promise<SessionUser> {
  const user = await requireUser();
  assertRole(user, role);
  return user;
}
