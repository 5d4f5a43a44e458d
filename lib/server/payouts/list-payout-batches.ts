import "server-only";
import type { PayoutBatchState, PayoutStatus } from "@/lib/generated/prisma/enums";
import { assertRole, type SessionUser } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";

export type BatchEventRow = { id: string; at: Date; kind: string; from: PayoutBatchState | null; to: PayoutBatchState; message: string; txHash: string | null };
export type BatchRow = {
  id: string;
  batchKey: string;
  state: PayoutBatchState;
  transfers: number;
  rows: number;
  totalWei: bigint;
  attempts: number;
  nonce: number | null;
  gasUsed: bigint | null;
  txHash: string | null;
  blockNumber: number | null;
  lastError: string | null;
  createdAt: Date;
  updatedAt: Date;
  events: BatchEventRow[];
};
export type PayoutOverview = {
  batches: BatchRow[];
  total: number;
  page: number;
  pageSize: number;
  rowsByStatus: Record<PayoutStatus, number>;
};

/** Admin only: payout batches newest first, each with its full event history, and how many rows are in each status. */
export async function listPayoutBatches(actor: SessionUser, page = 1, pageSize = 20): Promise<PayoutOverview> {
  assertRole(actor, "ADMIN");
  const [batches, total, grouped] = await Promise.all([
    db.payoutBatch.findMany({
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (page - 1) * pageSize,
      take: pageSize,
      select: {
        id: true,
        batchKey: true,
        state: true,
        recipients: true,
        rowCount: true,
        totalWei: true,
        attempts: true,
        nonce: true,
        gasUsed: true,
        txHash: true,
        blockNumber: true,
        lastError: true,
        createdAt: true,
        updatedAt: true,
        events: {
          orderBy: [{ createdAt: "asc" }, { id: "asc" }],
          select: { id: true, createdAt: true, kind: true, fromState: true, toState: true, message: true, txHash: true },
        },
      },
    }),
    db.payoutBatch.count(),
    db.payout.groupBy({ by: ["status"], _count: { _all: true } }),
  ]);
  const rowsByStatus: Record<PayoutStatus, number> = { PENDING: 0, UNFUNDED: 0, IN_FLIGHT: 0, PAID: 0 };
  for (const g of grouped) rowsByStatus[g.status] = g._count._all;
  return {
    batches: batches.map((b) => ({
      id: b.id,
      batchKey: b.batchKey,
      state: b.state,
      transfers: (b.recipients as unknown[]).length,
      rows: b.rowCount,
      totalWei: BigInt(b.totalWei),
      attempts: b.attempts,
      nonce: b.nonce,
      gasUsed: b.gasUsed === null ? null : BigInt(b.gasUsed),
      txHash: b.txHash,
      blockNumber: b.blockNumber,
      lastError: b.lastError,
      createdAt: b.createdAt,
      updatedAt: b.updatedAt,
      events: b.events.map((e) => ({ id: e.id, at: e.createdAt, kind: e.kind, from: e.fromState, to: e.toState, message: e.message, txHash: e.txHash })),
    })),
    total,
    page,
    pageSize,
    rowsByStatus,
  };
}
