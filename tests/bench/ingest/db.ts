// Database helpers for the ingest bench: a migrated throwaway SQLite file, a Prisma client on it (the same client
// and adapter as lib/server/db.ts, but for a file of our choosing), and the rows an upload needs.
import { spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import path from "node:path";
import { PrismaClient } from "../../../lib/generated/prisma/client";
import { sqliteAdapter } from "../../../lib/server/sqlite-adapter";
import { LABELS } from "./texts";
import { ROOT, TSX_CLI } from "./stack";

/** Applies the migrations to a new SQLite file (scripts/migrate.ts: WAL mode, then `prisma migrate deploy`). */
export function migrate(databaseUrl: string): void {
  const result = spawnSync(process.execPath, [TSX_CLI, path.join(ROOT, "scripts", "migrate.ts")], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`migrating ${databaseUrl} failed:\n${result.stdout}\n${result.stderr}`);
}

export function prismaFor(databaseUrl: string): PrismaClient {
  return new PrismaClient({ adapter: sqliteAdapter(databaseUrl, 10_000) });
}

export async function createContributor(db: PrismaClient, name: string): Promise<{ id: string }> {
  return db.user.create({ data: { address: `0x${randomBytes(20).toString("hex")}`, displayName: name }, select: { id: true } });
}

/** An upload-scoped API key, stored as api-keys.ts stores one: only the sha256 hex of the secret. */
export async function createUploadKey(db: PrismaClient, userId: string): Promise<string> {
  const secret = `tsk_${randomBytes(32).toString("base64url")}`;
  await db.apiKey.create({
    data: { userId, name: "ingest bench", prefix: secret.slice(0, 10), keyHash: createHash("sha256").update(secret).digest("hex"), scopes: "upload" },
  });
  return secret;
}

/** An OPEN single-label text campaign that refuses near duplicates and lets one contributor queue `maxPending`. */
export async function createTextCampaign(db: PrismaClient, name: string, maxPending: number): Promise<{ id: string }> {
  return db.campaign.create({
    data: {
      slug: `bench-${name}-${randomBytes(4).toString("hex")}`,
      title: `Ingest bench: ${name}`,
      description: "Product reviews labelled by sentiment (made by tests/bench/ingest.ts).",
      dataType: "TEXT",
      labelSchema: { kind: "single_label", labels: [...LABELS] },
      rewardWei: (10n ** 18n).toString(),
      budgetWei: (10n ** 24n).toString(),
      targetSamples: 1_000_000,
      licence: "CC-BY-4.0",
      status: "OPEN",
      nearDuplicatePolicy: "REFUSE",
      maxPendingPerContributor: maxPending,
    },
    select: { id: true },
  });
}
