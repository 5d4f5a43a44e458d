import "server-only";

/**
 * SQLite in WAL mode refuses a transaction that read a snapshot and then wants to write after another process (the
 * payout worker, say) committed in between (SQLITE_BUSY_SNAPSHOT); the busy timeout does not help there. The
 * transaction was rolled back whole, so running it again is safe.
 */
export function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  // Through Prisma, SQLite's own code travels in the error's meta (P1008 "Operation has timed out" for a busy BEGIN).
  const driverCode = (error as { meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } } } | null)?.meta?.driverAdapterError?.cause?.originalCode;
  const busy = (c: unknown) => typeof c === "string" && c.startsWith("SQLITE_BUSY");
  return busy(code) || busy(driverCode) || (error instanceof Error && error.message.includes("database is locked"));
}

const BUSY_ATTEMPTS = 6;

/** Runs `work` again (after a short, growing pause) when SQLite refused it as busy. */
export async function retryOnBusy<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!isBusy(error) || attempt >= BUSY_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt + Math.random() * 30));
    }
  }
}
