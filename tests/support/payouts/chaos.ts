// Crash injection for the payout worker, shared by the integration test (50 kills) and the benchmark (1,000 kills).
// Two real workers are alive at a time: the lease holder and a standby. Each round the holder is SIGKILLed: at a
// named step through PAYOUT_CRASH_AT (it kills itself there), after a random number of its log lines, or at a random
// moment; now and then the standby is killed instead. The standby takes over wherever the holder died, and a new
// standby starts. New rows are earned between rounds, as reviews would. At the end one clean worker finishes the job
// and the chain is compared with the ledger, recipient by recipient.
import type { Hex } from "viem";
import { rewardDistributorAbi } from "@/lib/chain/abi/RewardDistributor";
import { isBatchPaid } from "@/lib/chain/reward-distributor";
import { CRASH_POINTS } from "@/lib/domain/payouts/crash-points";
import { db } from "@/lib/server/db";
import { earnRewards, ledgerVersusChain, waitUntil, type PayoutWorld } from "./payout-fixtures";
import { startWorker, type WorkerProcess } from "./worker-process";

export type ChaosOptions = {
  world: PayoutWorld;
  kills: number;
  /** Worker settings for every run (batch size, poll, ...). */
  env: Record<string, string>;
  /** Seeded so that a failing run can be replayed. */
  seed: number;
  topUpBelow?: number;
  rowsPerTopUp?: number;
  log?: (line: string) => void;
  /** Log every run's kind and duration. */
  verbose?: boolean;
};

export type ChaosReport = {
  kills: number;
  kills_by_kind: Record<string, number>;
  crash_points_hit: Record<string, number>;
  runs: number;
  rows: number;
  batches: number;
  transactions: number;
  double_payments: number;
  missing_payments: number;
  events_by_kind: Record<string, number>;
  seconds: number;
  seconds_per_kill: number;
};

/**
 * Steps a worker with automine on passes through while it pays (a replacement needs a stuck transaction, the
 * slasher's steps need a finding, an appeal bond's settlement needs a decided appeal: each tested elsewhere).
 */
const HOOKED = CRASH_POINTS.filter((p) => p !== "replacement-signed" && p !== "bond-sent" && !p.startsWith("slash-"));
/** A run whose crash point never comes (nothing left to pay) is killed from outside after this long. */
const RUN_TIMEOUT_MS = 15_000;
/**
 * How long a worker may take to start and take the lease before the run is declared stuck. Generous: on a loaded
 * machine (2 cores shared with builds) a start has been seen to take over 15 s; a real hang still fails the run.
 */
const TAKEOVER_TIMEOUT_MS = 120_000;

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Plan =
  | { kind: "crash point"; point: string }
  | { kind: "after log lines"; lines: number }
  | { kind: "at a random moment"; delayMs: number };

export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const { world, env } = options;
  const random = mulberry32(options.seed);
  const log = options.log ?? (() => undefined);
  const started = performance.now();
  const killsByKind: Record<string, number> = {};
  const pointsHit: Record<string, number> = {};
  let kills = 0;
  let runs = 0;

  let crashPlans = 0;
  const count = (kind: string) => {
    kills++;
    killsByKind[kind] = (killsByKind[kind] ?? 0) + 1;
  };

  // Every worker gets its fate when it starts. Two are alive at a time: the lease holder, and a standby that takes
  // over the moment the holder dies (so a takeover mid-batch is tested on every kill, and the next worker's start-up
  // overlaps the current one's work instead of adding to it).
  const spawn = async (): Promise<{ worker: WorkerProcess; plan: Plan }> => {
    const r = random();
    const plan: Plan =
      r < 0.6
        ? { kind: "crash point", point: HOOKED[crashPlans++ % HOOKED.length]! } // round robin: every step is hit
        : r < 0.85
          ? { kind: "after log lines", lines: 1 + Math.floor(random() * 8) }
          : { kind: "at a random moment", delayMs: Math.floor(random() * 1_500) };
    const crashAt: Record<string, string> = plan.kind === "crash point" ? { PAYOUT_CRASH_AT: `${plan.point}:1` } : {};
    return { worker: await startWorker({ ...env, ...crashAt }), plan };
  };

  type Spawned = Awaited<ReturnType<typeof spawn>>;
  let pool: Spawned[] = [await spawn()];
  while (kills < options.kills) {
    if ((await db.payout.count({ where: { status: "PENDING" } })) < (options.topUpBelow ?? 30)) {
      await earnRewards(world, options.rowsPerTopUp ?? 40);
    }
    runs++;
    const runStarted = performance.now();
    pool.push(await spawn());

    if (random() < 0.05) {
      // A standby killed before it ever held the lease.
      const victim = pool.shift()!;
      victim.worker.kill();
      await expectKilled(victim.worker);
      count("standby killed while waiting");
      continue;
    }
    // Whichever takes the lease first is the active one (usually the older, already loaded, worker).
    const active = await Promise.race(pool.map((s) => s.worker.waitForOutput(/running;/, TAKEOVER_TIMEOUT_MS).then(() => s))).catch(() => null);
    if (!active) throw new Error(`no worker took the lease within ${TAKEOVER_TIMEOUT_MS} ms:\n${pool.map((s) => s.worker.output()).join("\n---\n")}`);
    pool = pool.filter((s) => s !== active);
    const { worker, plan } = active;
    const linesAtTakeover = worker.output().split("\n").length - 1;
    let kind: string = plan.kind;
    if (plan.kind === "crash point") {
      if ((await exitWithin(worker, RUN_TIMEOUT_MS)) === "timeout") kind = "external (crash point not reached)";
      else kind = `crash point ${plan.point}`;
      const hit = /crash point (\S+):\d+ reached/.exec(worker.output())?.[1];
      if (hit) pointsHit[hit] = (pointsHit[hit] ?? 0) + 1;
    } else if (plan.kind === "after log lines") {
      await untilLines(worker, linesAtTakeover + plan.lines, RUN_TIMEOUT_MS);
    } else {
      await exitWithin(worker, plan.delayMs);
    }
    worker.kill();
    await expectKilled(worker);
    count(kind);
    if (options.verbose) log(`chaos: run ${runs} (${kind}) took ${Math.round(performance.now() - runStarted)} ms`);
    if (runs % 10 === 0) log(`chaos: ${kills}/${options.kills} kills after ${runs} runs, ${Math.round((performance.now() - started) / 1000)} s`);
  }
  for (const { worker } of pool) {
    worker.kill();
    await worker.exited;
  }

  // One clean worker finishes the job, then stops on SIGTERM like `npm start` stops it.
  const finisher = await startWorker(env);
  await waitUntil(
    "every row paid and no batch open",
    async () =>
      (await db.payout.count({ where: { status: { not: "PAID" } } })) === 0 &&
      (await db.payoutBatch.count({ where: { state: { notIn: ["CONFIRMED", "FAILED"] } } })) === 0,
    120_000,
    100,
  ).catch((error: Error) => {
    finisher.kill();
    throw new Error(`${error.message}\n--- worker output ---\n${finisher.output()}`);
  });
  finisher.child.kill("SIGTERM");
  const finished = await finisher.exited;
  if (finished.code !== 0) throw new Error(`the finishing worker did not stop cleanly (${finished.code ?? finished.signal}):\n${finisher.output()}`);

  const verdict = await verify(world);
  const events = await db.payoutBatchEvent.groupBy({ by: ["kind"], _count: { _all: true } });
  const seconds = (performance.now() - started) / 1000;
  return {
    kills,
    kills_by_kind: killsByKind,
    crash_points_hit: pointsHit,
    runs,
    rows: await db.payout.count(),
    batches: await db.payoutBatch.count(),
    transactions: await db.payoutTransaction.count(),
    double_payments: verdict.doublePayments,
    missing_payments: verdict.missingPayments,
    events_by_kind: Object.fromEntries(events.map((e) => [e.kind, e._count._all])),
    seconds: Number(seconds.toFixed(1)),
    seconds_per_kill: Number((seconds / Math.max(kills, 1)).toFixed(3)),
  };
}

/**
 * Double payments: recipients holding more DATA than their PAID rows add up to, and BatchPaid logs for batches the
 * ledger does not count as paid. Missing payments: rows not PAID, recipients holding less, and CONFIRMED batches the
 * contract does not know.
 */
async function verify(world: PayoutWorld): Promise<{ doublePayments: number; missingPayments: number }> {
  const { mismatches } = await ledgerVersusChain(world);
  let doublePayments = mismatches.filter((m) => m.onChain > m.ledger).length;
  let missingPayments = mismatches.filter((m) => m.onChain < m.ledger).length;
  missingPayments += await db.payout.count({ where: { status: { not: "PAID" } } });

  const confirmed = await db.payoutBatch.findMany({ where: { state: "CONFIRMED" }, select: { batchKey: true, totalWei: true } });
  const confirmedKeys = new Set(confirmed.map((b) => b.batchKey));
  for (const batch of confirmed) {
    if (!(await isBatchPaid(world.publicClient, world.distributor, batch.batchKey as Hex))) missingPayments++;
  }
  const logs = await world.publicClient.getContractEvents({ address: world.distributor, abi: rewardDistributorAbi, eventName: "BatchPaid", fromBlock: 0n });
  for (const log of logs) if (!confirmedKeys.has(log.args.batchId!)) doublePayments++;
  // Every transfer out of the treasury belongs to a confirmed batch: the sums must agree to the wei.
  const paidRows = await db.payout.findMany({ where: { status: "PAID" }, select: { amountWei: true } });
  const ledgerTotal = paidRows.reduce((s, r) => s + BigInt(r.amountWei), 0n);
  const chainTotal = logs.reduce((s, l) => s + (l.args.total ?? 0n), 0n);
  if (chainTotal > ledgerTotal) doublePayments++;
  if (chainTotal < ledgerTotal) missingPayments++;
  return { doublePayments, missingPayments };
}

async function exitWithin(worker: WorkerProcess, ms: number): Promise<"exited" | "timeout"> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), ms)));
  const result = await Promise.race([worker.exited.then(() => "exited" as const), timeout]);
  clearTimeout(timer);
  if (result === "timeout") worker.kill();
  return result;
}

/** Waits until the worker printed `lines` lines (or exits, or the timeout passes). */
async function untilLines(worker: WorkerProcess, lines: number, timeoutMs: number): Promise<void> {
  const pattern = new RegExp(`(?:[^\\n]*\\n){${lines}}`);
  await worker.waitForOutput(pattern, timeoutMs).catch(() => undefined);
}

/** Every run must end by SIGKILL: a worker that exits by itself is the crash loop this test exists to catch. */
async function expectKilled(worker: WorkerProcess): Promise<void> {
  const exit = await worker.exited;
  if (exit.signal !== "SIGKILL") throw new Error(`the worker exited by itself (${exit.code ?? exit.signal}):\n${worker.output()}`);
}
