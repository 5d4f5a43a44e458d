// Exponential back-off with a cap and jitter, for RPC and database errors: the worker slows down instead of
// crash-looping, and several workers that failed together do not retry in lockstep.

export type BackoffOptions = { baseMs: number; capMs: number };

/** Delay before retry number `failures` (1 = first retry): base * 2^(failures-1), capped, then 80-100 % of that. */
export function backoffDelay(failures: number, { baseMs, capMs }: BackoffOptions, random: () => number = Math.random): number {
  if (failures < 1) return 0;
  const exponent = Math.min(failures - 1, 30);
  const ceiling = Math.min(capMs, baseMs * 2 ** exponent);
  return Math.round(ceiling * (0.8 + 0.2 * random()));
}
