import "server-only";
import type { Role } from "@/lib/generated/prisma/enums";
import { assertRole, type SessionUser } from "@/lib/server/auth/session";
import { effectiveRoles } from "@/lib/server/auth/roles";
import { db } from "@/lib/server/db";

export type UserRow = { id: string; address: string; displayName: string | null; roles: Role[]; createdAt: Date };
export type UserPage = { users: UserRow[]; total: number; page: number; pageSize: number };

/**
 * Admin only: every wallet that has signed in or was seeded, newest first, a page at a time; with `query`, those whose
 * address or name contains it.
 */
export async function listUsers(actor: SessionUser, page = 1, pageSize = 25, query = ""): Promise<UserPage> {
  assertRole(actor, "ADMIN");
  const q = query.trim();
  const where = q ? { OR: [{ address: { contains: q.toLowerCase() } }, { displayName: { contains: q } }] } : {};
  const [rows, total] = await Promise.all([
    db.user.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "asc" }],
      skip: (page - 1) * pageSize,
      take: pageSize,
      select: { id: true, address: true, displayName: true, createdAt: true, roles: { select: { role: true } } },
    }),
    db.user.count({ where }),
  ]);
  return {
    users: rows.map((r) => ({ ...r, roles: effectiveRoles(r.address, r.roles.map((g) => g.role)) })),
    total,
    page,
    pageSize,
  };
}
