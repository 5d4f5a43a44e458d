// Keeps the sign-in tables small: anonymous nonce requests and expired sessions would otherwise pile up for ever.
// Runs in the worker process; every pass is a few bounded deletes, so several workers running it at once is harmless.
import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import { purgeExpiredAuth } from "@/lib/server/auth/purge-expired";

export type AuthPurgerOptions = { pollMs: number; log: (message: string) => void; signal: AbortSignal };

export async function runAuthPurger({ pollMs, log, signal }: AuthPurgerOptions): Promise<void> {
  while (!signal.aborted) {
    try {
      const purged = await purgeExpiredAuth();
      if (purged.nonces + purged.sessions > 0) log(`auth purger: removed ${purged.nonces} expired nonce(s) and ${purged.sessions} ended session(s)`);
    } catch (error) {
      log(`auth purger: ${(error instanceof Error ? error.message : String(error)).split("\n")[0]}`);
    }
    await sleep(pollMs, undefined, { signal }).catch(() => undefined);
  }
}
