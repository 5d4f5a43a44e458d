// `npm run worker`: the payout worker (lib/jobs/payout-worker.ts), the purchase and escrow indexers (lib/jobs/event-indexer.ts),
// the slasher (lib/jobs/slasher.ts), the appeal panels (lib/jobs/appeal-panels.ts), the export prebuilder (lib/jobs/export-prebuilder.ts), the consensus fitter (lib/jobs/consensus-fitter.ts, fits in
// a child process) and re-check (lib/jobs/consensus-recheck.ts), the orphan blob sweeper (lib/jobs/blob-sweeper.ts) and the
// auth purger (lib/jobs/auth-purger.ts) as their own process. `npm start` runs it as a
// managed child. SIGTERM/SIGINT stop it after the current step; SIGKILL at any moment is safe too (that is tested).
import { getEnv } from "@/lib/env";
import { createPayoutAccount, createTesseraPublicClient } from "@/lib/chain/clients";
import { createCrashHook } from "@/lib/jobs/crash-hook";
import { runPayoutWorker } from "@/lib/jobs/payout-worker";
import { BLOB_SWEEP_GRACE_MS, BLOB_SWEEP_POLL_MS, runBlobSweeper } from "@/lib/jobs/blob-sweeper";
import { createFitPool } from "@/lib/jobs/consensus-fit/pool";
import { runConsensusFitter } from "@/lib/jobs/consensus-fitter";
import { runConsensusRecheck } from "@/lib/jobs/consensus-recheck";
import { runExportPrebuilder } from "@/lib/jobs/export-prebuilder";
import { runEventIndexer } from "@/lib/jobs/event-indexer";
import { runAuthPurger } from "@/lib/jobs/auth-purger";
import { runSlasher } from "@/lib/jobs/slasher";
import { runAppealPanels } from "@/lib/jobs/appeal-panels";
import { indexPurchases } from "@/lib/server/datasets/index-purchases";
import { db } from "@/lib/server/db";
import { indexEscrow } from "@/lib/server/trust/index-escrow";
import { acquireLease, newLeaseOwner, releaseLease } from "@/lib/server/payouts/worker-control";
import { defaultStorage } from "@/lib/server/storage/default-storage";

/** How often the worker looks for a newly published version whose downloads are not built yet. */
const EXPORT_PREBUILD_POLL_MS = 5_000;
/** How often the worker looks for a campaign whose consensus snapshot is due for a refit. */
const CONSENSUS_FIT_POLL_MS = 2_000;
/** How often the worker looks for a campaign decided under an older consensus rule. */
const CONSENSUS_RECHECK_POLL_MS = 60_000;
/** How often the worker looks for staked reviewers whose gold record is a finding, and moves open slashes on. */
const SLASH_POLL_MS = 5_000;
/** How often the worker seats appeal panels that could not be seated yet and sends escalated samples to panels. */
const APPEAL_PANELS_POLL_MS = 2_000;
/** How often the worker deletes expired sign-in nonces, ended sessions and rate-limit windows. */
const AUTH_PURGE_POLL_MS = 60_000;

// Time of day to the millisecond: recovery after a crash is easier to follow with it.
const log = (message: string) => console.log(`${new Date().toISOString().slice(11, 23)} ${message}`);

async function main(): Promise<void> {
  const env = getEnv();
  const controller = new AbortController();
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(signal, () => {
      if (!controller.signal.aborted) log(`${signal}: stopping after the current step`);
      controller.abort();
    });
  }
  const owner = newLeaseOwner();
  const { payouts } = env;
  log(
    `payout worker ${owner} on chain ${env.chainId} at ${env.rpcUrl}: batches of up to ${payouts.batchMaxSize} transfers, ` +
      `max wait ${payouts.batchMaxWaitMs} ms, ${payouts.confirmations} confirmation(s), poll ${payouts.pollMs} ms` +
      (payouts.crashAt ? `, crash at ${payouts.crashAt.step}:${payouts.crashAt.count}` : ""),
  );
  const publicClient = createTesseraPublicClient();
  // The first database query (Prisma compiles its query engine) and the first RPC call (Node loads its HTTP client)
  // each cost several hundred milliseconds; paid in parallel, a restart after a crash resumes sooner. Failures here
  // are the loop's business.
  await Promise.allSettled([db.workerControl.findFirst({ select: { id: true } }), publicClient.getChainId()]);
  const indexing = { pollMs: env.indexerPollMs, backoffMaxMs: payouts.backoffMaxMs, log, signal: controller.signal };
  const indexer = runEventIndexer({ name: "purchase indexer", unit: "purchase(s)", step: () => indexPurchases(publicClient), ...indexing });
  const escrowIndexer = runEventIndexer({ name: "escrow indexer", unit: "stake or bond event(s)", step: () => indexEscrow(publicClient), ...indexing });
  const prebuilder = runExportPrebuilder({ formats: env.exportPrebuildFormats, pollMs: EXPORT_PREBUILD_POLL_MS, log, signal: controller.signal });
  const recheck = runConsensusRecheck({ pollMs: CONSENSUS_RECHECK_POLL_MS, log, signal: controller.signal });
  const fitPool = createFitPool();
  const fitter = runConsensusFitter({ pollMs: CONSENSUS_FIT_POLL_MS, log, signal: controller.signal, fit: fitPool.run });
  const blobSweeper = runBlobSweeper({ storage: defaultStorage(), graceMs: BLOB_SWEEP_GRACE_MS, pollMs: BLOB_SWEEP_POLL_MS, log, signal: controller.signal });
  const authPurger = runAuthPurger({ pollMs: AUTH_PURGE_POLL_MS, log, signal: controller.signal });
  const crash = createCrashHook(payouts.crashAt);
  // The slasher signs with the payout wallet (the escrow's arbiter): only the process holding the payout lease does.
  const slasher = runSlasher({
    chainId: env.chainId,
    publicClient,
    account: createPayoutAccount(),
    owner,
    log,
    crash,
    assertWallet: async () => {
      const lease = await acquireLease(owner);
      if (!lease.ok) throw new Error(`another worker (${lease.holder}) holds the payout wallet; not slashing`);
    },
    pollMs: SLASH_POLL_MS,
    backoffMaxMs: payouts.backoffMaxMs,
    signal: controller.signal,
  });
  const panels = runAppealPanels({ pollMs: APPEAL_PANELS_POLL_MS, log, signal: controller.signal });
  await runPayoutWorker({
    chainId: env.chainId,
    rpcUrl: env.rpcUrl,
    publicClient,
    account: createPayoutAccount(),
    settings: payouts,
    owner,
    crash,
    log,
    signal: controller.signal,
  });
  await Promise.all([indexer, escrowIndexer, prebuilder, recheck, fitter, blobSweeper, authPurger, slasher, panels]);
  await fitPool.destroy();
  await releaseLease(owner).catch(() => undefined);
  log("stopped");
}

main()
  .catch((error) => {
    // Only start-up can get here (a bad configuration): the loop itself never throws.
    console.error(`failed to start: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  })
  .finally(() => db.$disconnect());
