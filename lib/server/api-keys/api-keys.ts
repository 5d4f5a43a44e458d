import "server-only";
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { db } from "@/lib/server/db";
import type { SessionUser } from "@/lib/server/auth/roles";
import { sessionUserFrom, USER_COLUMNS_SQL, type UserColumns } from "@/lib/server/auth/user-row";
import { statement } from "@/lib/server/sqlite-direct";
import { sha256Hex } from "@/lib/server/auth/tokens";

export const API_KEY_SCOPES = ["upload", "download", "review"] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/** What each scope lets a key do: the API keys page offers these, and the API's refusals name them. */
export const API_KEY_SCOPE_INFO: Record<ApiKeyScope, { verb: string; description: string }> = {
  upload: { verb: "upload", description: "bulk uploads of samples to campaigns" },
  download: { verb: "download", description: "dataset downloads and sample files" },
  review: { verb: "review", description: "the review API: claim samples, give verdicts, undo, skip, take qualification quizzes (and read the files of samples you hold)" },
};

export const ZCreateApiKey = z.object({
  name: z.string().trim().min(1, "Name the key, e.g. 'laptop script'").max(60),
  scopes: z.array(z.enum(API_KEY_SCOPES)).min(1, "Pick at least one scope"),
});

const KEY_PREFIX = "tsk_";

export type ApiKeyRow = { id: string; name: string; prefix: string; scopes: ApiKeyScope[]; createdAt: Date; revokedAt: Date | null };

/** Creates a key for the caller. The secret is returned once and only its sha256 is stored. */
export async function createApiKey(owner: SessionUser, input: z.infer<typeof ZCreateApiKey>): Promise<{ key: string; row: ApiKeyRow }> {
  const secret = `${KEY_PREFIX}${randomBytes(32).toString("base64url")}`;
  const row = await db.apiKey.create({
    data: { userId: owner.id, name: input.name, prefix: secret.slice(0, KEY_PREFIX.length + 6), keyHash: sha256Hex(secret), scopes: [...new Set(input.scopes)].sort().join(",") },
    select: { id: true, name: true, prefix: true, scopes: true, createdAt: true, revokedAt: true },
  });
  return { key: secret, row: { ...row, scopes: row.scopes.split(",") as ApiKeyScope[] } };
}

export async function listApiKeys(owner: SessionUser): Promise<ApiKeyRow[]> {
  const rows = await db.apiKey.findMany({
    where: { userId: owner.id },
    orderBy: { createdAt: "desc" },
    select: { id: true, name: true, prefix: true, scopes: true, createdAt: true, revokedAt: true },
  });
  return rows.map((r) => ({ ...r, scopes: r.scopes.split(",") as ApiKeyScope[] }));
}

/** Revokes one of the caller's own keys; someone else's key is "not found", so ids cannot be probed. */
export async function revokeApiKey(owner: SessionUser, id: string): Promise<void> {
  const result = await db.apiKey.updateMany({ where: { id, userId: owner.id, revokedAt: null }, data: { revokedAt: new Date() } });
  if (result.count !== 1) throw new AppError("NOT_FOUND", "No such active key.");
}

/** The owner of a presented key, if the key exists, is not revoked and carries the scope (or one of the scopes). */
export async function userFromApiKey(secret: string, scope: ApiKeyScope | readonly ApiKeyScope[]): Promise<SessionUser> {
  const wanted: readonly ApiKeyScope[] = typeof scope === "string" ? [scope] : scope;
  // Every review API call starts here: a statement prepared once (sqlite-direct.ts), not a query Prisma compiles.
  const key = statement(`SELECT k."scopes", k."revokedAt", ${USER_COLUMNS_SQL} FROM "ApiKey" k JOIN "User" u ON u."id" = k."userId" WHERE k."keyHash" = ?`).get(sha256Hex(secret)) as
    | (UserColumns & { scopes: string; revokedAt: string | null })
    | undefined;
  if (!key || key.revokedAt !== null) throw new AppError("UNAUTHENTICATED", "This API key is not valid, or it was revoked.");
  const held = key.scopes.split(",");
  if (!wanted.some((w) => held.includes(w))) {
    const names = wanted.map((w) => `'${w}'`).join(" or ");
    throw new AppError("FORBIDDEN", `This API key is not allowed to ${wanted.map((w) => API_KEY_SCOPE_INFO[w].verb).join(" or ")}: it lacks the ${names} scope. Create a key with it on the API keys page.`);
  }
  return sessionUserFrom(key);
}
