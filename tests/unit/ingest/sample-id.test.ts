import { describe, expect, it } from "vitest";
import { bandRowId, sampleIdAt } from "@/lib/domain/ingest/sample-id";

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
