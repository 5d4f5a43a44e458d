import { describe, expect, it } from "vitest";
import { bandRowId, monotonicUuidV7, sampleIdAt } from "@/lib/domain/ingest/sample-id";

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const bytes = (fill: number) => new Uint8Array(10).fill(fill);

describe("sampleIdAt: UUIDv7", () => {
  it.each([
    { name: "the epoch, zero bytes", ms: 0, random: bytes(0), id: "00000000-0000-7000-8000-000000000000" },
    { name: "all ones in the random part", ms: 0, random: bytes(0xff), id: "00000000-0000-7fff-bfff-ffffffffffff" },
    { name: "RFC 9562's example time", ms: 0x017f22e279b0, random: Uint8Array.from([0x0c, 0xc3, 0x18, 0xc4, 0xdc, 0x0c, 0x0c, 0x07, 0x39, 0x8f]), id: "017f22e2-79b0-7cc3-98c4-dc0c0c07398f" },
  ])("$name", ({ ms, random, id }) => {
    expect(sampleIdAt(ms, random)).toBe(id);
    expect(id).toMatch(UUID_V7);
  });

  it("sorts by time, as text", () => {
    const times = [1, 255, 65_535, 65_536, 1_700_000_000_000, 1_800_000_000_123];
    const ids = times.map((ms) => sampleIdAt(ms, bytes(0xab)));
    expect([...ids].sort()).toEqual(ids);
  });

  it.each([
    { name: "a negative time", ms: -1, random: bytes(0) },
    { name: "a time past 48 bits", ms: 2 ** 48, random: bytes(0) },
    { name: "a fractional time", ms: 1.5, random: bytes(0) },
    { name: "too few random bytes", ms: 0, random: new Uint8Array(9) },
  ])("refuses $name", ({ ms, random }) => {
    expect(() => sampleIdAt(ms, random)).toThrow(RangeError);
  });
});

describe("bandRowId", () => {
  it.each([
    { sampleId: "s", band: 0, id: "s.00" },
    { sampleId: "s", band: 15, id: "s.15" },
    { sampleId: "017f22e2-79b0-7cc3-98c4-dc0c0c07398f", band: 31, id: "017f22e2-79b0-7cc3-98c4-dc0c0c07398f.31" },
  ])("$sampleId band $band → $id", ({ sampleId, band, id }) => {
    expect(bandRowId(sampleId, band)).toBe(id);
  });
});

describe("monotonicUuidV7", () => {
  const bytes = (fill: number) => () => new Uint8Array(10).fill(fill);

  it.each([
    ["one millisecond", [5, 5, 5, 5]],
    ["a clock that steps back", [9, 8, 7, 9]],
    ["rising time", [1, 2, 3, 4]],
  ])("sorts in the order made: %s", (_name, times) => {
    const next = monotonicUuidV7(bytes(0xff));
    const ids = times.map((t) => next(1_700_000_000_000 + t));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("moves to the next millisecond when the counter is spent, and stays a valid UUIDv7", () => {
    const next = monotonicUuidV7(bytes(0));
    const ids = Array.from({ length: 0x1001 }, () => next(1_700_000_000_000));
    expect([...ids].sort()).toEqual(ids);
    expect(ids.at(-1)!.slice(0, 13)).not.toBe(ids[0]!.slice(0, 13));
    for (const id of [ids[0]!, ids.at(-1)!]) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
