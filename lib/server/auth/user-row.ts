import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import type { Role } from "@/lib/generated/prisma/enums";
import { effectiveRoles, type SessionUser } from "./roles";

/**
 * The columns of a signed-in user for a raw query that joins `User` as `u`: every authenticated request looks its
 * caller up, and Prisma's relation select spends three statements and about 2 ms on what one statement answers.
 */
export const USER_COLUMNS_SQL = `u."id" AS "userId", u."address" AS "address", u."displayName" AS "displayName",
  (SELECT group_concat(r."role") FROM "RoleGrant" r WHERE r."userId" = u."id") AS "grantedRoles"`;
export const USER_COLUMNS = Prisma.raw(USER_COLUMNS_SQL);

export type UserColumns = { userId: string; address: string; displayName: string | null; grantedRoles: string | null };

export function sessionUserFrom(row: UserColumns): SessionUser {
  const granted = row.grantedRoles ? (row.grantedRoles.split(",") as Role[]) : [];
  return { id: row.userId, address: row.address, displayName: row.displayName, roles: effectiveRoles(row.address, granted) };
}
