import "server-only";
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { db } from "@/lib/server/db";

export const PAYOUT_JOB_ID = "payouts";
/** A worker renews its lease every loop; one that stopped renewing for this long is presumed dead. */
export const LEASE_MS = 15_000;

/** host:pid:random — the pid lets a worker on the same host take over at once from one that was killed. */
export function newLeaseOwner(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

export type LeaseResult = { ok: true } | { ok: false; holder: string | null };

/**
 * Takes or renews the payout lease: only its holder runs the send loop, so two workers never sign with the payer's
 * nonces at once. Free, expired, or held by a dead process on this host: taken. Every step is a conditional update,
 * so two workers racing for it cannot both win.
 */
export async function acquireLease(owner: string, now = new Date()): Promise<LeaseResult> {
  const lease = { leaseOwner: owner, leaseExpiresAt: new Date(now.getTime() + LEASE_MS), heartbeatAt: now };
  const taken = await db.workerControl.updateMany({
    where: { id: PAYOUT_JOB_ID, OR: [{ leaseOwner: null }, { leaseOwner: owner }, { leaseExpiresAt: { lt: now } }] },
    data: lease,
  });
  if (taken.count === 1) return { ok: true };
  const row = await db.workerControl.findUnique({ where: { id: PAYOUT_JOB_ID }, select: { leaseOwner: true } });
  if (!row) {
    await db.workerControl.createMany({ data: [{ id: PAYOUT_JOB_ID }] }).catch(() => undefined); // a racing creator wins; fine
    return acquireLease(owner, now);
  }
  if (row.leaseOwner && holderIsDeadHere(row.leaseOwner)) {
    const stolen = await db.workerControl.updateMany({ where: { id: PAYOUT_JOB_ID, leaseOwner: row.leaseOwner }, data: lease });
    if (stolen.count === 1) return { ok: true };
  }
  return { ok: false, holder: row.leaseOwner };
}

export async function releaseLease(owner: string): Promise<void> {
  await db.workerControl.updateMany({ where: { id: PAYOUT_JOB_ID, leaseOwner: owner }, data: { leaseOwner: null, leaseExpiresAt: null } });
}

export async function readWorkerControl() {
  return db.workerControl.findUnique({
    where: { id: PAYOUT_JOB_ID },
    select: { paused: true, pausedAt: true, leaseOwner: true, leaseExpiresAt: true, heartbeatAt: true, lastError: true, lastErrorAt: true },
  });
}

/** What the admin page shows as the worker's problem; null clears it. Written only when it changes. */
export async function recordWorkerError(message: string | null): Promise<void> {
  // Spelled out because SQL's NOT (lastError = ?) is never true while lastError is NULL.
  const changed = message === null ? { lastError: { not: null } } : { OR: [{ lastError: null }, { lastError: { not: message } }] };
  await db.workerControl.updateMany({
    where: { id: PAYOUT_JOB_ID, ...changed },
    data: { lastError: message, lastErrorAt: message ? new Date() : null },
  });
}

function holderIsDeadHere(holder: string): boolean {
  const [host, pid] = holder.split(":");
  if (host !== hostname() || !pid || !/^\d+$/.test(pid) || Number(pid) === process.pid) return false;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (error) {
    // EPERM: it exists but belongs to someone else: alive.
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}
