import { describe, expect, it } from "vitest";
import { backoffDelay } from "@/lib/domain/payouts/backoff";

describe("backoffDelay", () => {
  const opts = { baseMs: 100, capMs: 5_000 };
  const cases: { failures: number; random: number; ms: number }[] = [
    { failures: 0, random: 1, ms: 0 },
    { failures: 1, random: 1, ms: 100 },
    { failures: 2, random: 1, ms: 200 },
    { failures: 4, random: 1, ms: 800 },
    { failures: 7, random: 1, ms: 5_000 },
    { failures: 1_000, random: 1, ms: 5_000 },
    { failures: 3, random: 0, ms: 320 },
  ];
  it.each(cases)("failure $failures (random $random) waits $ms ms", ({ failures, random, ms }) => {
    expect(backoffDelay(failures, opts, () => random)).toBe(ms);
  });

  it("never exceeds the cap", () => {
    for (let f = 1; f < 100; f++) expect(backoffDelay(f, opts)).toBeLessThanOrEqual(5_000);
  });
});
