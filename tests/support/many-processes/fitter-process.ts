// A "worker process" for tests/integration/many-processes.test.ts: scripts/worker.ts's consensus fitter and nothing
// else (the real worker also starts the payout loop, the indexer and the others, and polls every 2 s). The same
// runConsensusFitter, the same child-process fit pool. It logs `fit start <campaign>` before each fit, so that a test
// can tell when one is under way, and the fitter's own line after it.
//
// Run with tsx --conditions=react-server; argv[2] is the poll in ms. It loads, prints `ready`, and starts fitting when a
// line arrives on its stdin, so that a test can have it start at once when it wants it (its fit process is started
// by then). SIGTERM stops it once the current fit is done.
import { createFitPool } from "@/lib/jobs/consensus-fit/pool";
import { runConsensusFitter } from "@/lib/jobs/consensus-fitter";
import { db } from "@/lib/server/db";

const log = (message: string) => process.stdout.write(`${Date.now()} ${message}\n`);

async function main() {
  const pollMs = Number(process.argv[2] ?? 100);
  const controller = new AbortController();
  process.on("SIGTERM", () => controller.abort());
  const pool = createFitPool();
  // The fit process started and its modules loaded (no such campaign: nothing to fit), as a worker's is after its
  // first fit: the next fit starts at once.
  await pool.run("warm-up");
  await db.consensusSnapshot.findFirst({ select: { id: true } });
  log(`ready: fitter pid ${process.pid}, poll ${pollMs} ms`);
  await new Promise((resolve) => process.stdin.once("data", resolve));
  process.stdin.pause();
  log("go");
  await runConsensusFitter({
    pollMs,
    log,
    signal: controller.signal,
    // Not aborted by SIGTERM: a stop waits for the fit under way, so that every fit this process began is logged.
    fit: (campaignId) => {
      log(`fit start ${campaignId}`);
      return pool.run(campaignId);
    },
  });
  await pool.destroy();
  log("stopped");
}

main()
  .catch((error) => {
    process.stderr.write(`fitter failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  })
  .finally(() => db.$disconnect());
