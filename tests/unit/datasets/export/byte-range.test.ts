import { describe, expect, it } from "vitest";
import { parseRange, rangeApplies } from "@/lib/domain/datasets/export/byte-range";

describe("parseRange on a 1000-byte file", () => {
  it.each([
    [null, null],
    ["bytes=0-99", { start: 0, end: 99 }],
    ["bytes=900-", { start: 900, end: 999 }],
    ["bytes=-100", { start: 900, end: 999 }],
    ["bytes=-5000", { start: 0, end: 999 }],
    ["bytes=990-5000", { start: 990, end: 999 }],
    ["bytes=1000-", "unsatisfiable"],
    ["bytes=-0", "unsatisfiable"],
    ["bytes=50-10", null],
    ["bytes=0-1,5-6", null], // several ranges: the whole file
    ["items=0-1", null],
    ["bytes=-", null],
  ] as const)("%s -> %j", (header, expected) => {
    expect(parseRange(header, 1000)).toEqual(expected);
  });
});

describe("rangeApplies", () => {
  it.each([
    [null, true],
    ['"abc"', true],
    ['"def"', false],
    ["Tue, 01 Dec 2026 10:00:00 GMT", false],
  ])("If-Range %s against ETag \"abc\" -> %s", (ifRange, expected) => {
    expect(rangeApplies(ifRange, '"abc"')).toBe(expected);
  });
});
