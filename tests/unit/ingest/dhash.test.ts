import { describe, expect, it } from "vitest";
import { bandSizes, DHASH_PARAMETERS, dHashBandKeys, dHashFromGreyscale, hammingDistance, isNearDuplicateImage } from "@/lib/domain/ingest/dhash";
import { mulberry32 } from "../../fixtures/ingest/fixtures";

const image = (pixel: (x: number, y: number) => number) => Array.from({ length: 72 }, (_, i) => pixel(i % 9, Math.floor(i / 9)));

/** Flips the given bit positions (0 = most significant) of a 64-bit hex hash. */
function flipBits(hash: string, positions: number[]): string {
  let value = BigInt(`0x${hash}`);
  for (const p of positions) value ^= 1n << BigInt(63 - p);
  return value.toString(16).padStart(16, "0");
}

describe("dHashFromGreyscale", () => {
  it.each([
    ["brighter to the left everywhere", image((x) => 255 - x * 10), "ffffffffffffffff"],
    ["brighter to the right everywhere", image((x) => x * 10), "0000000000000000"],
    ["flat", image(() => 128), "0000000000000000"],
    ["only the top row falls", image((x, y) => (y === 0 ? 255 - x : x)), "ff00000000000000"],
    ["only the last pair of the last row falls", image((x, y) => (y === 7 && x === 7 ? 200 : 0)), "0000000000000001"],
    ["alternating rows", image((x, y) => (y % 2 === 0 ? -x : x)), "ff00ff00ff00ff00"],
  ])("%s -> %s", (_name, pixels, hash) => {
    expect(dHashFromGreyscale(pixels)).toBe(hash);
  });

  it("refuses anything but a 9 × 8 image", () => {
    expect(() => dHashFromGreyscale(new Array(64).fill(0))).toThrow(RangeError);
    expect(() => dHashFromGreyscale(new Array(72).fill(0), 8, 9)).toThrow(RangeError);
  });
});

describe("hammingDistance", () => {
  it.each([
    ["0000000000000000", "0000000000000000", 0],
    ["0000000000000000", "ffffffffffffffff", 64],
    ["8000000000000001", "0000000000000000", 2],
    ["0123456789abcdef", "0123456789abcdee", 1],
  ])("%s vs %s = %i", (a, b, distance) => {
    expect(hammingDistance(a, b)).toBe(distance);
  });

  it.each(["", "123", "0123456789ABCDEF", "0123456789abcdeg"])("refuses the malformed hash %j", (bad) => {
    expect(() => hammingDistance(bad, "0000000000000000")).toThrow(RangeError);
  });

  it("calls distance 5 a near duplicate and 6 not", () => {
    const base = "0f0f0f0f0f0f0f0f";
    expect(DHASH_PARAMETERS.nearDuplicateDistance).toBe(5);
    expect(isNearDuplicateImage(base, flipBits(base, [0, 10, 20, 30, 40]))).toBe(true);
    expect(isNearDuplicateImage(base, flipBits(base, [0, 10, 20, 30, 40, 50]))).toBe(false);
  });
});

describe("dHashBandKeys", () => {
  it("splits 64 bits into d + 1 = 6 bands of 11, 11, 11, 11, 10, 10 bits", () => {
    expect(bandSizes(6)).toEqual([11, 11, 11, 11, 10, 10]);
    expect(dHashBandKeys("ffffffffffffffff")).toEqual(["dh1:d5:0:7ff", "dh1:d5:1:7ff", "dh1:d5:2:7ff", "dh1:d5:3:7ff", "dh1:d5:4:3ff", "dh1:d5:5:3ff"]);
    expect(dHashBandKeys("8000000000000000")).toEqual(["dh1:d5:0:400", "dh1:d5:1:0", "dh1:d5:2:0", "dh1:d5:3:0", "dh1:d5:4:0", "dh1:d5:5:0"]);
  });

  // The guarantee the index relies on: every pair within the threshold shares a band key (no false negatives).
  it("always shares a band between hashes within distance 5 (10,000 random pairs)", () => {
    const random = mulberry32(42);
    const randomHash = () => Array.from({ length: 16 }, () => Math.floor(random() * 16).toString(16)).join("");
    for (let trial = 0; trial < 10_000; trial++) {
      const a = randomHash();
      const distance = Math.floor(random() * 6);
      const positions = new Set<number>();
      while (positions.size < distance) positions.add(Math.floor(random() * 64));
      const b = flipBits(a, [...positions]);
      expect(hammingDistance(a, b)).toBe(distance);
      const keysOfB = new Set(dHashBandKeys(b));
      expect(dHashBandKeys(a).some((key) => keysOfB.has(key))).toBe(true);
    }
  });

  it("cannot promise more: one flip in each of the 6 bands (distance 6) shares none", () => {
    const a = "0000000000000000";
    const b = flipBits(a, [0, 11, 22, 33, 44, 54]);
    expect(hammingDistance(a, b)).toBe(6);
    const keysOfB = new Set(dHashBandKeys(b));
    expect(dHashBandKeys(a).filter((key) => keysOfB.has(key))).toEqual([]);
  });

  it("puts the threshold in the key, so layouts for other thresholds never mix", () => {
    expect(dHashBandKeys("0000000000000000", 3)).toEqual(["dh1:d3:0:0", "dh1:d3:1:0", "dh1:d3:2:0", "dh1:d3:3:0"]);
    expect(() => dHashBandKeys("0000000000000000", 16)).toThrow(RangeError);
  });
});
