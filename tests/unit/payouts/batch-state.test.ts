import { describe, expect, it } from "vitest";
import { BATCH_STATES, assertTransition, canTransition, isFinalBatchState, type BatchState } from "@/lib/domain/payouts/batch-state";

const allowed: [BatchState, BatchState][] = [
  ["RECORDED", "SIGNED"],
  ["RECORDED", "MINED"],
  ["RECORDED", "FAILED"],
  ["SIGNED", "SENT"],
  ["SIGNED", "MINED"],
  ["SIGNED", "RECORDED"],
  ["SENT", "SIGNED"],
  ["SENT", "MINED"],
  ["SENT", "RECORDED"],
  ["MINED", "CONFIRMED"],
  ["MINED", "SENT"],
  ["MINED", "RECORDED"],
];

describe("batch state machine", () => {
  const every = BATCH_STATES.flatMap((from) => BATCH_STATES.map((to) => [from, to] as [BatchState, BatchState]));
  it.each(every)("%s -> %s", (from, to) => {
    const ok = allowed.some(([f, t]) => f === from && t === to);
    expect(canTransition(from, to)).toBe(ok);
    if (ok) expect(() => assertTransition(from, to)).not.toThrow();
    else expect(() => assertTransition(from, to)).toThrow(`cannot go from ${from} to ${to}`);
  });

  it("has exactly two final states, and no way from CONFIRMED back to unpaid", () => {
    expect(BATCH_STATES.filter(isFinalBatchState)).toEqual(["CONFIRMED", "FAILED"]);
  });

  it("marks nothing paid without passing through MINED", () => {
    expect(BATCH_STATES.filter((s) => canTransition(s, "CONFIRMED"))).toEqual(["MINED"]);
  });
});
