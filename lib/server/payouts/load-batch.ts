import "server-only";
import { getAddress, type Hex } from "viem";
import type { RewardBatch } from "@/lib/chain/reward-distributor";
import type { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/server/db";

const withTransactions = { transactions: { orderBy: [{ createdAt: "asc" }, { id: "asc" }] } } satisfies Prisma.PayoutBatchInclude;
export type LoadedBatch = Prisma.PayoutBatchGetPayload<{ include: typeof withTransactions }>;
export type LoadedTransaction = LoadedBatch["transactions"][number];

export async function loadBatch(id: string): Promise<LoadedBatch> {
  return db.payoutBatch.findUniqueOrThrow({ where: { id }, include: withTransactions });
}

/** The batch exactly as recorded, in the contract's terms. */
export function toRewardBatch(batch: Pick<LoadedBatch, "batchKey" | "recipients" | "amounts">): RewardBatch {
  return {
    batchId: batch.batchKey as Hex,
    recipients: (batch.recipients as string[]).map((a) => getAddress(a)),
    amounts: (batch.amounts as string[]).map((a) => BigInt(a)),
  };
}

export const shortHash = (hash: string | null | undefined) => (hash ? `${hash.slice(0, 10)}…` : "—");
