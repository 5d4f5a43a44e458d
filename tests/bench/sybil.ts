/**
 * The Sybil attack of issue 18, scripted against the real services, a real Hardhat chain and the real worker, with 3,
 * 6 and 10 attacker wallets (a fresh campaign and chain for each):
 *
 *   npm run bench:sybil            (BENCH_SYBIL_SIZES=3,6,10 and BENCH_SYBIL_SEED=1 change the runs)
 *
 * Honest setup: a campaign that asks its reviewers for a 10 DATA stake, with gold items, six staked honest reviewers
 * with a record (warm-up reviews), and honest contributors uploading throughout. The farm: fresh wallets sit the quiz
 * (judging well enough to pass) and pool every gold item their sittings showed; the ones that pass buy DATA and stake
 * it; a further wallet uploads a junk sample. In the queue each farm wallet sees only what a review client sees (an
 * opaque task id and the content): it accepts the junk, answers what it takes for gold (shown in a farm quiz, or
 * served to more farm wallets than a sample has slots) as well as it can, skips everything else while skips last and
 * then rejects it. Honest reviewers keep reviewing meanwhile and drain the queue after. Then the real worker
 * (scripts/worker.ts) fits, reconciles, indexes the escrow, slashes and pays until nothing is open.
 *
 * junk_accepted: junk samples accepted (target 0). attacker_profit_data: DATA the farm's wallets hold at the end
 * (balances plus what is left of their stakes) minus the DATA they bought (target < 0).
 * Progress goes to stderr; the last line on stdout is one JSON object.
 */
import setupIntegrationStack from "../integration/global-setup";

const SIZES = (process.env.BENCH_SYBIL_SIZES ?? "3,6,10").split(",").map(Number);
const SEED = Number(process.env.BENCH_SYBIL_SEED ?? 1);
const progress = (line: string) => process.stderr.write(`[bench:sybil] ${line}\n`);

async function main(): Promise<void> {
  const teardown = await setupIntegrationStack();
  try {
    const { runAttack } = await import("./sybil/attack");
    const runs = [];
    for (const size of SIZES) runs.push(await runAttack(size, SEED * 1000 + size, progress));
    const summary: Record<string, number | number[]> = {
      attacks: runs.length,
      attacker_counts: runs.map((r) => r.attackers),
      junk_accepted: runs.reduce((s, r) => s + r.junk_accepted, 0),
      attacker_profit_data: Math.max(...runs.map((r) => r.attacker_profit_data)),
    };
    for (const r of runs) {
      for (const [key, value] of Object.entries(r)) if (key !== "attackers") summary[`${key}_${r.attackers}`] = value;
    }
    console.log(JSON.stringify(summary));
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
