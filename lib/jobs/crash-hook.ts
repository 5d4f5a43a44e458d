// Fault injection for tests (PAYOUT_CRASH_AT=<step>:<n>): the worker SIGKILLs itself the n-th time it reaches a step,
// the hardest way a process can die (no finally blocks, no flushing), to prove recovery from exactly that point.
import { writeSync } from "node:fs";
import type { CrashPoint } from "@/lib/domain/payouts/crash-points";

export type CrashHook = (point: CrashPoint) => void;

export function createCrashHook(
  crashAt: { step: CrashPoint; count: number } | null,
  kill: () => void = () => process.kill(process.pid, "SIGKILL"),
): CrashHook {
  if (!crashAt) return () => undefined;
  let seen = 0;
  return (point) => {
    if (point !== crashAt.step || ++seen !== crashAt.count) return;
    // Synchronous: an asynchronous write would die with the process.
    writeSync(1, `crash point ${point}:${seen} reached: SIGKILL\n`);
    kill();
  };
}
