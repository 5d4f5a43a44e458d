/**
 * Crash-injection benchmark for the payout worker: 1,000 SIGKILLs across the whole payment path (see
 * tests/support/payouts/chaos.ts), then a check of every recipient's on-chain balance against the ledger.
 *
 *   npm run bench:payouts-chaos            (CHAOS_KILLS=… and CHAOS_SEED=… override the defaults)
 *
 * Starts its own Hardhat node on a free loopback port and a throwaway SQLite file (the integration tests' setup).
 * Progress goes to stderr; the last line on stdout is one JSON object: kills, double_payments, missing_payments (both
 * must be 0), timing and what the kills hit. Exits non-zero when a payment is doubled or missing.
 */
import setupIntegrationStack from "../integration/global-setup";

const KILLS = Number(process.env.CHAOS_KILLS ?? 1_000);
const SEED = Number(process.env.CHAOS_SEED ?? 1_000_003);

async function main(): Promise<void> {
  const teardown = await setupIntegrationStack();
  try {
    // Imported only now: the database client reads DATABASE_URL (set by the setup) when it is first loaded.
    const { setupPayoutWorld } = await import("../support/payouts/payout-fixtures");
    const { runChaos } = await import("../support/payouts/chaos");
    const { db } = await import("@/lib/server/db");
    const world = await setupPayoutWorld({ recipients: 24 });
    const report = await runChaos({
      world,
      kills: KILLS,
      seed: SEED,
      env: { PAYOUT_BATCH_MAX_SIZE: "4", PAYOUT_POLL_MS: "20", PAYOUT_BATCH_MAX_WAIT_MS: "0", PAYOUT_BACKOFF_MAX_MS: "200" },
      log: (line) => process.stderr.write(`${line}\n`),
    });
    await db.$disconnect();
    console.log(JSON.stringify({ bench: "payouts-chaos", seed: SEED, ...report }));
    if (report.double_payments !== 0 || report.missing_payments !== 0) process.exitCode = 1;
  } finally {
    await teardown();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
