import "server-only";
import { assertTransition, type BatchState } from "@/lib/domain/payouts/batch-state";
import type { Prisma } from "@/lib/generated/prisma/client";

export type BatchRef = { id: string; state: BatchState };
export type BatchEvent = { kind: string; message: string; txHash?: string | null };

/** Another writer moved the batch since we read it: our view is stale, so this step stops and the loop looks again. */
export class StaleBatchError extends Error {
  override name = "StaleBatchError";
}

/**
 * Moves a batch from the state we read to `to`, with its event, inside `tx`. The update is conditional on the state we
 * read, so of two writers acting on the same view only one gets through.
 */
export async function moveBatch(
  tx: Prisma.TransactionClient,
  batch: BatchRef,
  to: BatchState,
  event: BatchEvent,
  data: Prisma.PayoutBatchUpdateManyMutationInput = {},
): Promise<void> {
  assertTransition(batch.state, to);
  const { count } = await tx.payoutBatch.updateMany({ where: { id: batch.id, state: batch.state }, data: { ...data, state: to } });
  if (count !== 1) throw new StaleBatchError(`batch ${batch.id} is no longer ${batch.state}`);
  await tx.payoutBatchEvent.create({
    data: { batchId: batch.id, fromState: batch.state, toState: to, kind: event.kind, message: event.message, txHash: event.txHash ?? null },
  });
}

/** An event without a state change (a refusal, a rebroadcast), remembered as the batch's last error when it is one. */
export async function noteBatch(tx: Prisma.TransactionClient, batch: BatchRef, event: BatchEvent, asError = false): Promise<void> {
  if (asError) await tx.payoutBatch.update({ where: { id: batch.id }, data: { lastError: event.message } });
  await tx.payoutBatchEvent.create({
    data: { batchId: batch.id, fromState: batch.state, toState: batch.state, kind: event.kind, message: event.message, txHash: event.txHash ?? null },
  });
}
