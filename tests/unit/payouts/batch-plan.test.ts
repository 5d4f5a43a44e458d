import { describe, expect, it } from "vitest";
import { isBatchDue, planBatch, type PendingRow } from "@/lib/domain/payouts/batch-plan";

const addr = (n: number) => `0x${n.toString(16).padStart(40, "0")}`;
const t0 = new Date("2026-01-01T00:00:00Z");
const row = (id: string, who: number, amount: bigint, msAfter = 0): PendingRow => ({
  id,
  recipient: addr(who),
  amountWei: amount,
  round: 0,
  createdAt: new Date(t0.getTime() + msAfter),
});

describe("planBatch", () => {
  it("returns null when nothing is pending", () => {
    expect(planBatch([], 10)).toBeNull();
  });

  const cases: {
    name: string;
    rows: PendingRow[];
    max: number;
    maxRows?: number;
    transfers: [string, bigint, string[]][];
    full: boolean;
  }[] = [
    { name: "one row, one transfer", rows: [row("r1", 1, 5n)], max: 3, transfers: [[addr(1), 5n, ["r1"]]], full: false },
    {
      name: "rows of one recipient merge into one transfer",
      rows: [row("r1", 1, 5n), row("r2", 2, 1n), row("r3", 1, 7n)],
      max: 3,
      transfers: [[addr(1), 12n, ["r1", "r3"]], [addr(2), 1n, ["r2"]]],
      full: false,
    },
    {
      name: "stops at the first row needing one transfer too many, even if later rows would merge",
      rows: [row("r1", 1, 1n), row("r2", 2, 1n), row("r3", 3, 1n), row("r4", 1, 1n)],
      max: 2,
      transfers: [[addr(1), 1n, ["r1"]], [addr(2), 1n, ["r2"]]],
      full: true,
    },
    {
      name: "a batch with max transfers is full",
      rows: [row("r1", 1, 1n), row("r2", 2, 1n)],
      max: 2,
      transfers: [[addr(1), 1n, ["r1"]], [addr(2), 1n, ["r2"]]],
      full: true,
    },
    {
      name: "the row cap bounds a batch of one busy recipient",
      rows: [row("r1", 1, 1n), row("r2", 1, 1n), row("r3", 1, 1n)],
      max: 5,
      maxRows: 2,
      transfers: [[addr(1), 2n, ["r1", "r2"]]],
      full: true,
    },
  ];
  it.each(cases)("$name", (c) => {
    const plan = planBatch(c.rows, c.max, c.maxRows);
    expect(plan?.transfers.map((t) => [t.recipient, t.amountWei, t.rowIds])).toEqual(c.transfers);
    expect(plan?.full).toBe(c.full);
    expect(plan?.totalWei).toBe(c.transfers.reduce((s, t) => s + t[1], 0n));
  });

  it("treats address spellings of one wallet as one recipient", () => {
    const upper = { ...row("r2", 0xab, 1n), recipient: addr(0xab).toUpperCase().replace("0X", "0x") };
    expect(planBatch([row("r1", 0xab, 1n), upper], 5)?.transfers).toHaveLength(1);
  });

  const invalid: { name: string; bad: PendingRow }[] = [
    { name: "a zero amount", bad: row("r1", 1, 0n) },
    { name: "the zero address", bad: row("r1", 0, 1n) },
    { name: "a malformed address", bad: { ...row("r1", 1, 1n), recipient: "0x1234" } },
  ];
  it.each(invalid)("refuses $name", ({ bad }) => {
    expect(() => planBatch([bad], 5)).toThrow();
  });
});

describe("isBatchDue", () => {
  const cases: { name: string; rows: PendingRow[]; max: number; nowMs: number; waitMs: number; due: boolean }[] = [
    { name: "a full batch goes at once", rows: [row("r1", 1, 1n), row("r2", 2, 1n)], max: 2, nowMs: 0, waitMs: 60_000, due: true },
    { name: "a partial batch waits", rows: [row("r1", 1, 1n)], max: 2, nowMs: 999, waitMs: 1_000, due: false },
    { name: "until its oldest row waited max wait", rows: [row("r1", 1, 1n, 0), row("r2", 1, 1n, 900)], max: 2, nowMs: 1_000, waitMs: 1_000, due: true },
    { name: "a zero max wait sends at once", rows: [row("r1", 1, 1n)], max: 100, nowMs: 0, waitMs: 0, due: true },
  ];
  it.each(cases)("$name", (c) => {
    const plan = planBatch(c.rows, c.max)!;
    expect(isBatchDue(plan, new Date(t0.getTime() + c.nowMs), c.waitMs)).toBe(c.due);
  });
});
