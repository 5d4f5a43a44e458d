import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { retryOnBusy } from "@/lib/server/busy-retry";
import { db } from "@/lib/server/db";

/** A unique index refused the write: the database's own verdict that another request got there first. */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

/** Review writes are short; waiting up to 10 s for SQLite's single writer beats failing under a burst of claims. */
export const REVIEW_TX_OPTIONS = { maxWait: 10_000, timeout: 10_000 } as const;

export { retryOnBusy };

/** An interactive review transaction, retried whole when SQLite reports it busy. */
export function reviewTransaction<T>(work: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
  return retryOnBusy(() => db.$transaction(work, REVIEW_TX_OPTIONS));
}
