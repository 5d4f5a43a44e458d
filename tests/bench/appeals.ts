/**
 * Issue 18's appeals benchmark, against the real services, a real Hardhat chain and the real worker:
 *
 *   npm run bench:appeals     (BENCH_APPEALS_SAMPLES, _REVIEWERS, _SPAMMERS, _HONEST, _GAMBLERS, _SEED, _TIMEOUT_S)
 *
 * A campaign with a stake requirement and gold items; a staked crowd of reviewers, most good (their accuracy falls
 * with an item's difficulty, and a good item they misjudge mostly looks bad to them) and a few spammers (one always
 * rejects, one votes at random), warmed up until the engine has measured them. Honest contributors upload mostly good
 * samples and appeal exactly their good samples the crowd rejected; gamblers upload half junk and appeal every
 * rejection. Appeals are filed through the appeals service and bonded from the contributors' wallets; the real worker
 * (scripts/worker.ts) credits the bonds, seats panels, pays and settles, while the simulated crowd keeps claiming from
 * the queue (a panelist votes on the sample when the queue serves it) until nothing is open.
 *
 * Figures (see docs/trust.md): wrongly_rejected, recovered_fraction (target >= 0.9), frivolous_win_rate,
 * frivolous_expected_value_data (target < 0, read from the chain), panel_reviews_per_appeal, admin_actions (target 0),
 * double_payments and missing_payments (target 0, every payment matched against the chain's events).
 * Progress goes to stderr; the last line on stdout is one JSON object.
 */
import setupIntegrationStack from "../integration/global-setup";

const env = (name: string, fallback: number) => Number(process.env[`BENCH_APPEALS_${name}`] ?? fallback);
const SIZES = { samples: env("SAMPLES", 300), reviewers: env("REVIEWERS", 16), spammers: env("SPAMMERS", 2), honest: env("HONEST", 3), gamblers: env("GAMBLERS", 2) };
const SEED = env("SEED", 1);
const TIMEOUT_MS = env("TIMEOUT_S", 900) * 1000;
const progress = (line: string) => process.stderr.write(`[bench:appeals] ${line}\n`);

async function main(): Promise<void> {
  const started = performance.now();
  const teardown = await setupIntegrationStack();
  // Interrupted, the bench still stops the chain it started (the worker stops itself, see appeal-run.ts).
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => void teardown().finally(() => process.exit(1)));
  try {
    // Loaded once the stack is up: the database client reads DATABASE_URL when it is first loaded.
    const { runBench } = await import("./appeals/run");
    const figures = await runBench(SIZES, SEED, TIMEOUT_MS, progress);
    console.log(JSON.stringify({ ...figures, seconds: Math.round((performance.now() - started) / 100) / 10 }));
  } finally {
    await teardown();
  }
}

main()
  .then(() => process.exit(0))
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
