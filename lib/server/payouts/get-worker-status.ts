import "server-only";
import { getEnv } from "@/lib/env";
import { assertRole, type SessionUser } from "@/lib/server/auth/session";
import { LEASE_MS, readWorkerControl } from "./worker-control";

export type WorkerStatus = {
  paused: boolean;
  pausedAt: Date | null;
  /** A worker renewed its lease recently (it renews every loop; back-off can stretch that up to its cap). */
  alive: boolean;
  heartbeatAt: Date | null;
  holder: string | null;
  lastError: string | null;
  lastErrorAt: Date | null;
};

/** Admin only: the pause switch, whether a worker is alive, and the problem it last reported. */
export async function getWorkerStatus(actor: SessionUser, now = new Date()): Promise<WorkerStatus> {
  assertRole(actor, "ADMIN");
  const row = await readWorkerControl();
  const window = Math.max(LEASE_MS, getEnv().payouts.backoffMaxMs + LEASE_MS);
  const alive = row?.heartbeatAt ? now.getTime() - row.heartbeatAt.getTime() < window : false;
  return {
    paused: row?.paused ?? false,
    pausedAt: row?.pausedAt ?? null,
    alive,
    heartbeatAt: row?.heartbeatAt ?? null,
    holder: alive ? (row?.leaseOwner ?? null) : null,
    lastError: row?.lastError ?? null,
    lastErrorAt: row?.lastErrorAt ?? null,
  };
}
