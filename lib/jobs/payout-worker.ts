// The payout worker loop: take the lease, honour the pause switch, refuse a vanished deployment, then move every open
// batch forward by asking the chain (lib/server/payouts/advance-batch.ts) and form new batches when due. Any error
// backs off exponentially (capped) and the loop carries on: the worker never exits on its own.
import { abortableSleep } from "./abortable-sleep";
import "server-only";
import { BaseError, HttpRequestError, TimeoutError, type LocalAccount, type PublicClient } from "viem";
import { backoffDelay } from "@/lib/domain/payouts/backoff";
import { IN_FLIGHT_BATCH_STATES, OPEN_BATCH_STATES } from "@/lib/domain/payouts/batch-state";
import type { Env } from "@/lib/env";
import { db } from "@/lib/server/db";
import { advanceBatch } from "@/lib/server/payouts/advance-batch";
import { StaleBatchError } from "@/lib/server/payouts/batch-store";
import { DeploymentGoneError, requireLiveDistributor } from "@/lib/server/payouts/distributor";
import { fundUnfundedPayoutsEverywhere } from "@/lib/server/payouts/fund-unfunded-payouts";
import type { PayoutContext } from "@/lib/server/payouts/payout-context";
import { recordNextBatch } from "@/lib/server/payouts/record-batch";
import { PayoutBlockedError } from "@/lib/server/payouts/sign-batch";
import { settleDecidedBonds } from "@/lib/server/trust/settle-bonds";
import { acquireLease, readWorkerControl, recordWorkerError } from "@/lib/server/payouts/worker-control";
import type { CrashHook } from "./crash-hook";

export type PayoutWorkerOptions = {
  chainId: number;
  rpcUrl: string;
  publicClient: PublicClient;
  account: LocalAccount;
  settings: Env["payouts"];
  owner: string;
  crash: CrashHook;
  log: (message: string) => void;
  signal: AbortSignal;
  now?: () => Date;
};

class LeaseLostError extends Error {
  override name = "LeaseLostError";
}

/** Batches formed and paid back to back in one loop before the lease is renewed and the pause switch read again. */
const BATCHES_PER_LOOP = 5;

export async function runPayoutWorker(options: PayoutWorkerOptions): Promise<void> {
  const { settings, log, signal } = options;
  const status = statusLine(log);
  let failures = 0;
  while (!signal.aborted) {
    let delay = settings.pollMs;
    try {
      const outcome = await loopOnce(options, status);
      if (failures > 0) log("recovered; back to normal");
      failures = 0;
      // Only the lease holder speaks for the worker on the admin page; a standby must not clear what it reported.
      if (outcome !== "standby") await recordWorkerError(null);
      if (outcome === "more") delay = 0;
    } catch (error) {
      failures++;
      delay = backoffDelay(failures, { baseMs: Math.min(Math.max(settings.pollMs, 100), 1_000), capMs: settings.backoffMaxMs });
      const message = describeWorkerError(error, options.rpcUrl);
      log(`${message} Retrying in ${delay} ms (failure ${failures}).`);
      if (!isExpected(error)) console.error(error);
      // The database may be what is down; the log line above is then all anyone gets. A lost lease is no problem
      // to report: the new holder speaks for the worker.
      if (!(error instanceof LeaseLostError)) await recordWorkerError(message).catch(() => undefined);
      status.reset();
    }
    await abortableSleep(delay, signal);
  }
}

async function loopOnce(options: PayoutWorkerOptions, status: ReturnType<typeof statusLine>): Promise<"idle" | "more" | "standby"> {
  const { owner, publicClient } = options;
  const lease = await acquireLease(owner);
  if (!lease.ok) {
    status.say(`another worker (${lease.holder}) holds the payout lease; standing by`);
    return "standby";
  }
  const control = await readWorkerControl();
  if (control?.paused) {
    status.say("paused by an admin; nothing is sent until resumed");
    return "idle";
  }
  const distributor = await requireLiveDistributor(publicClient);
  status.say(`running; paying through the RewardDistributor at ${distributor}`);

  const ctx: PayoutContext = {
    chainId: options.chainId,
    publicClient,
    account: options.account,
    distributor,
    settings: options.settings,
    crash: options.crash,
    log: options.log,
    now: options.now ?? (() => new Date()),
    assertLease: async () => {
      const renewed = await acquireLease(owner);
      if (!renewed.ok) throw new LeaseLostError(`Lost the payout lease to ${renewed.holder}; standing by.`);
    },
  };

  await fundUnfundedPayoutsEverywhere();

  // Recovery and progress are the same thing: every open batch is judged by the chain, oldest first.
  const open = await db.payoutBatch.findMany({
    where: { state: { in: [...OPEN_BATCH_STATES] } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true, state: true, distributor: true },
  });
  let inFlight = false;
  for (const batch of open) {
    if (batch.distributor !== distributor.toLowerCase()) {
      throw new DeploymentGoneError(
        `Batch ${batch.id} was recorded for the RewardDistributor at ${batch.distributor}, but the deployment is now at ${distributor}. ` +
          "It is never paid through another contract; an admin must decide what happens to it.",
      );
    }
    // One transaction in flight at a time keeps the payer's nonces gap-free.
    if (inFlight && (IN_FLIGHT_BATCH_STATES as readonly string[]).includes(batch.state)) continue;
    if ((await advanceBatch(ctx, batch.id)) === "in-flight") inFlight = true;
  }
  if (inFlight) return "idle";
  // Appeal bonds next (settle-bonds.ts): one transaction at a time, with no batch in flight, on the same nonces.
  await settleDecidedBonds(ctx);

  for (let i = 0; i < BATCHES_PER_LOOP; i++) {
    const formed = await recordNextBatch(ctx);
    if (!formed) return "idle";
    options.log(`batch ${formed.id}: recorded (${formed.batchKey})`);
    ctx.crash("recorded");
    if ((await advanceBatch(ctx, formed.id)) === "in-flight") return "idle";
  }
  return "more";
}

function isExpected(error: unknown): boolean {
  return (
    error instanceof DeploymentGoneError ||
    error instanceof PayoutBlockedError ||
    error instanceof LeaseLostError ||
    error instanceof StaleBatchError ||
    (error instanceof BaseError && error.walk((e) => e instanceof HttpRequestError || e instanceof TimeoutError) !== null)
  );
}

/** One sentence for the log and the admin page. */
export function describeWorkerError(error: unknown, rpcUrl: string): string {
  if (error instanceof DeploymentGoneError || error instanceof PayoutBlockedError || error instanceof LeaseLostError) return error.message;
  if (error instanceof StaleBatchError) return "Another writer changed a batch while this worker acted on it; looking again.";
  if (error instanceof BaseError) {
    const unreachable = error.walk((e) => e instanceof HttpRequestError || e instanceof TimeoutError);
    if (unreachable) return `The chain at ${rpcUrl} does not answer (${(unreachable as BaseError).shortMessage}).`;
    return `Chain error: ${error.shortMessage}`;
  }
  return `Unexpected error: ${error instanceof Error ? error.message : String(error)}`;
}

/** Logs a status sentence only when it changes, so a paused or waiting worker does not flood the log. */
function statusLine(log: (message: string) => void) {
  let last: string | null = null;
  return {
    say(message: string) {
      if (message !== last) log(message);
      last = message;
    },
    reset() {
      last = null;
    },
  };
}

