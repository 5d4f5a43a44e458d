import { describe, expect, it } from "vitest";
import {
  decodeMinHashSignature,
  encodeMinHashSignature,
  estimatedJaccard,
  lshCandidateProbability,
  lshThreshold,
  MINHASH_PARAMETERS,
  minHashBandKeys,
  minHashOfShingleHashes,
  minHashSignature,
  textShingles,
} from "@/lib/domain/ingest/minhash";
import { mulberry32, REVIEW, REVIEW_ONE_WORD_CHANGED, UNRELATED_REVIEW } from "../../fixtures/ingest/fixtures";

const shared = (a: string[], b: string[]) => a.filter((key) => b.includes(key)).length;
const trueJaccard = (a: string[], b: string[]) => {
  const sb = new Set(b);
  const intersection = a.filter((x) => sb.has(x)).length;
  return intersection / (a.length + b.length - intersection);
};

describe("MinHash + LSH on reviews", () => {
  const original = minHashSignature(REVIEW);
  const edited = minHashSignature(REVIEW_ONE_WORD_CHANGED);
  const unrelated = minHashSignature(UNRELATED_REVIEW);

  it("finds the same review with one word changed: a shared band, and similarity above 0.8", () => {
    expect(shared(minHashBandKeys(original), minHashBandKeys(edited))).toBeGreaterThan(0);
    expect(estimatedJaccard(original, edited)).toBeGreaterThanOrEqual(MINHASH_PARAMETERS.nearDuplicateJaccard);
  });

  it("does not pair an unrelated review: no shared band, low similarity", () => {
    expect(shared(minHashBandKeys(original), minHashBandKeys(unrelated))).toBe(0);
    expect(estimatedJaccard(original, unrelated)).toBeLessThan(0.2);
  });

  it("estimates the true shingle Jaccard closely", () => {
    const truth = trueJaccard(textShingles(REVIEW), textShingles(REVIEW_ONE_WORD_CHANGED));
    expect(truth).toBeGreaterThan(0.85);
    expect(Math.abs(estimatedJaccard(original, edited) - truth)).toBeLessThan(0.1);
  });

  it("gives identical texts (up to case and spacing) identical signatures", () => {
    expect(encodeMinHashSignature(minHashSignature(`  ${REVIEW.toUpperCase()}  `))).toBe(encodeMinHashSignature(original));
    expect(estimatedJaccard(original, minHashSignature(REVIEW))).toBe(1);
  });

  it("is deterministic across runs and machines (a stored signature must stay comparable)", () => {
    // Pinned values: if these change, every stored signature and band key is invalidated (bump KEY_VERSION).
    expect(encodeMinHashSignature(minHashSignature("hello world")).slice(0, 32)).toMatchInlineSnapshot(`"33266d2d33d298e835ce5704086f264c"`);
    expect(minHashBandKeys(minHashSignature("hello world"))[0]).toMatchInlineSnapshot(`"mh1:00:5754ed0681c6b54a"`);
  });
});

describe("MinHash accuracy on synthetic sets", () => {
  // Sets of integers with a known Jaccard similarity: |A ∩ B| = s, |A ∪ B| = total.
  it.each([0.2, 0.5, 0.8, 0.95])("estimates J = %f within 4 standard errors", (j) => {
    const random = mulberry32(Math.round(j * 1000));
    const errors: number[] = [];
    for (let trial = 0; trial < 20; trial++) {
      const total = 400;
      const common = Math.round(total * j);
      const ids = Array.from({ length: total }, () => Math.floor(random() * 2 ** 32));
      const a = ids.slice(0, common).concat(ids.slice(common, common + (total - common) / 2));
      const b = ids.slice(0, common).concat(ids.slice(common + (total - common) / 2));
      errors.push(estimatedJaccard(minHashOfShingleHashes(a), minHashOfShingleHashes(b)) - j);
    }
    const meanError = errors.reduce((x, y) => x + y, 0) / errors.length;
    const standardError = Math.sqrt((j * (1 - j)) / MINHASH_PARAMETERS.permutations);
    expect(Math.abs(meanError)).toBeLessThan(standardError); // unbiased: the mean of 20 is much tighter
    for (const e of errors) expect(Math.abs(e)).toBeLessThan(4 * standardError);
  });
});

describe("LSH banding parameters", () => {
  it("uses 16 bands of 8 rows covering 128 permutations, with its S-curve threshold below 0.8", () => {
    const { bands, rows, permutations } = MINHASH_PARAMETERS;
    expect(bands * rows).toBe(permutations);
    expect(lshThreshold()).toBeCloseTo(0.707, 3);
  });

  it.each([
    [0.9, 0.9998, 1],
    [0.8, 0.94, 0.95],
    [0.5, 0.05, 0.07],
    [0.3, 0, 0.002],
  ])("a pair at J = %f becomes a candidate with probability in [%f, %f]", (s, low, high) => {
    const p = lshCandidateProbability(s);
    expect(p).toBeGreaterThanOrEqual(low);
    expect(p).toBeLessThanOrEqual(high);
  });

  it("makes 16 distinct, versioned band keys", () => {
    const keys = minHashBandKeys(minHashSignature(REVIEW));
    expect(keys).toHaveLength(16);
    expect(new Set(keys).size).toBe(16);
    for (const [i, key] of keys.entries()) expect(key).toMatch(new RegExp(`^mh1:${String(i).padStart(2, "0")}:[0-9a-f]{16}$`));
  });
});

describe("shingles and encoding", () => {
  it("shingles the fingerprint in 5-character windows over code points", () => {
    expect(textShingles("Hello  World")).toEqual(["hello", "ello ", "llo w", "lo wo", "o wor", " worl", "world"]);
    expect(textShingles("Hi")).toEqual(["hi"]);
    expect(textShingles("😀😀😀😀😀😀")).toEqual(["😀😀😀😀😀"]);
    expect(textShingles("   ")).toEqual([]);
  });

  it("round-trips a signature through its 1024-hex-digit encoding", () => {
    const signature = minHashSignature(REVIEW);
    const encoded = encodeMinHashSignature(signature);
    expect(encoded).toMatch(/^[0-9a-f]{1024}$/);
    expect(decodeMinHashSignature(encoded)).toEqual(signature);
    expect(decodeMinHashSignature("0123456789abcdef".repeat(64)).subarray(0, 2)).toEqual(Uint32Array.of(0x01234567, 0x89abcdef));
  });

  it.each([
    ["empty", ""],
    ["too short", "abc"],
    ["not hex", "G".repeat(1024)],
    ["one digit short", "a".repeat(1023)],
    ["upper-case hex", `${"a".repeat(1023)}A`],
    ["a non-ASCII digit", `${"a".repeat(1023)}\u0660`],
    ["a space", `${"a".repeat(512)} ${"a".repeat(511)}`],
  ])("refuses to decode a string that is %s", (_name, encoded) => {
    expect(() => decodeMinHashSignature(encoded)).toThrow(RangeError);
  });

  it("refuses signatures of the wrong length", () => {
    expect(() => estimatedJaccard(new Uint32Array(128), new Uint32Array(64))).toThrow(RangeError);
  });
});
