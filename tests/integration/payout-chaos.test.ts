// Crash injection: the worker is SIGKILLed at least 50 times across the whole payment path (see
// tests/support/payouts/chaos.ts) and restarted; in the end every earned row is paid exactly once and every
// recipient's balance equals the sum of its paid rows. `npm run bench:payouts-chaos` runs the same with 1,000 kills.
import { describe, expect, it } from "vitest";
import { runChaos } from "../support/payouts/chaos";
import { setupPayoutWorld } from "../support/payouts/payout-fixtures";

const SEED = Number(process.env.CHAOS_SEED ?? 20261122);

describe("payout worker under crash injection", () => {
  it("pays every row exactly once across 50 SIGKILLs at every step", { timeout: 900_000 }, async () => {
    const world = await setupPayoutWorld({ recipients: 24 });
    const report = await runChaos({
      world,
      kills: 50,
      log: (line) => console.log(line),
      verbose: process.env.CHAOS_VERBOSE === "1",
      seed: SEED,
      env: { PAYOUT_BATCH_MAX_SIZE: "4", PAYOUT_POLL_MS: "20", PAYOUT_BATCH_MAX_WAIT_MS: "0", PAYOUT_BACKOFF_MAX_MS: "200" },
    });
    console.log(`chaos (seed ${SEED}): ${JSON.stringify(report)}`);
    expect(report.kills).toBeGreaterThanOrEqual(50);
    expect(report.double_payments).toBe(0);
    expect(report.missing_payments).toBe(0);
    // Kills landed on every hooked step at least once, so every recovery path ran.
    expect(Object.keys(report.crash_points_hit).sort()).toEqual(["before-paid", "broadcast", "paid", "receipt", "recorded", "signed"]);
  });
});
