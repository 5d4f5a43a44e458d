import { fmix32, hashString32, hashWords32, hex32, splitMix32 } from "./hash32";
import { textFingerprint } from "./text-fingerprint";

/**
 * Near-duplicate text by MinHash + LSH banding.
 *
 * Texts become sets of 5-character shingles (over the fingerprint form, see textFingerprint). Five characters
 * is the usual choice for short documents: long enough that unrelated reviews share few shingles (English
 * trigrams are common to everything), short enough that changing one word only disturbs the ~5 + word-length
 * shingles around it.
 *
 * A signature is the minimum of 128 seeded hash functions over the shingle hashes; the fraction of equal
 * positions in two signatures estimates their Jaccard similarity (standard error sqrt(J(1−J)/128) ≈ 0.035 at 0.8).
 *
 * LSH cuts the signature into b = 16 bands of r = 8 rows. Two texts become candidates when any band is equal,
 * with probability P(s) = 1 − (1 − s^r)^b, an S-curve whose steepest point is near (1/b)^(1/r) = (1/16)^(1/8)
 * ≈ 0.71: P(0.9) ≈ 0.9999, P(0.8) ≈ 0.947, P(0.75) ≈ 0.82, P(0.7) ≈ 0.61, while unrelated texts rarely cost a
 * lookup: P(0.5) ≈ 0.061, P(0.3) ≈ 0.001. Candidates are then confirmed with estimatedJaccard >= 0.75.
 *
 * The confirmation threshold is a recall/precision trade-off, measured by `npm run bench:ingest` against 100,000
 * generated reviews (whose "unrelated" texts share sentence templates, so some really are 0.7 alike):
 *   0.80: recall 34.5% (94, 35, 7, 1% at 5, 10, 15, 20% of words edited), precision 98.3%;
 *   0.75: recall 48.8% (99, 68, 23, 6%), precision 96.9% (chosen: two thirds of the recall gain of 0.70 at less
 *         than half its precision cost);
 *   0.70: recall 59.1% (99, 82, 40, 15%), precision 94.5%.
 * Lower thresholds, or more bands (21 × 6: P(0.7) ≈ 0.93), find more heavy edits but cost precision or ingest speed
 * (21 band rows per text instead of 16, and about 12 times the candidates). The threshold is not part of any stored
 * value, so it can change without a new KEY_VERSION. (The other splits of 128: 11 × 11 puts the S-curve at 0.80;
 * 8 × 16 at 0.88.)
 *
 * Each band becomes one string key, so a table indexed on (campaignId, bandKey) finds the candidates of a new
 * sample with b equality lookups, never a scan of the campaign.
 */
export const MINHASH_PARAMETERS = {
  shingleSize: 5,
  permutations: 128,
  bands: 16,
  rows: 8,
  /** Fixed forever for stored signatures: changing it (or any number above) needs a new KEY_VERSION. */
  seed: 0x7e55e7a,
  /** Decision only, never stored: may change freely (see above for why 0.75). */
  nearDuplicateJaccard: 0.75,
} as const;

/** Prefix of every band key: keys made with other parameters must never meet these in the index. */
const KEY_VERSION = "mh1";

const { shingleSize, permutations, bands, rows, seed } = MINHASH_PARAMETERS;

// h_i(x) = fmix32(a_i·x + b_i mod 2^32) with a_i odd: each h_i is a bijection of the 32-bit shingle hashes,
// i.e. a pseudo-random permutation, drawn deterministically from the seed.
const PERMUTATION_A = new Uint32Array(permutations);
const PERMUTATION_B = new Uint32Array(permutations);
{
  const next = splitMix32(seed);
  for (let i = 0; i < permutations; i++) {
    PERMUTATION_A[i] = next() | 1;
    PERMUTATION_B[i] = next();
  }
}
// The same bits read as signed integers, for minHashOfShingleHashes.
const PERMUTATION_A_SIGNED = new Int32Array(PERMUTATION_A.buffer);
const PERMUTATION_B_SIGNED = new Int32Array(PERMUTATION_B.buffer);

/** The distinct shingles of a text's fingerprint, over code points; a text shorter than `size` is one shingle. */
export function textShingles(text: string, size: number = shingleSize): string[] {
  const fingerprint = textFingerprint(text);
  // Without surrogate pairs every code point is one UTF-16 unit, and plain slices are the same shingles, faster.
  if (!/[\uD800-\uDFFF]/.test(fingerprint)) {
    if (fingerprint.length === 0) return [];
    if (fingerprint.length <= size) return [fingerprint];
    const shingles = new Set<string>();
    for (let i = 0; i + size <= fingerprint.length; i++) shingles.add(fingerprint.slice(i, i + size));
    return [...shingles];
  }
  const chars = Array.from(fingerprint);
  if (chars.length <= size) return [chars.join("")];
  const shingles = new Set<string>();
  for (let i = 0; i + size <= chars.length; i++) shingles.add(chars.slice(i, i + size).join(""));
  return [...shingles];
}

export function minHashSignature(text: string): Uint32Array {
  const fingerprint = textFingerprint(text);
  if (/[\uD800-\uDFFF]/.test(fingerprint) || fingerprint.length <= shingleSize) {
    return minHashOfShingleHashes(textShingles(text).map((shingle) => hashString32(shingle)));
  }
  // The common case, without making a string per shingle: hashString32 of each window, computed in place.
  const hashes = new Int32Array(fingerprint.length - shingleSize + 1);
  for (let i = 0; i < hashes.length; i++) {
    let h = 0x811c9dc5;
    for (let k = i; k < i + shingleSize; k++) h = Math.imul(h ^ fingerprint.charCodeAt(k), 0x01000193);
    hashes[i] = fmix32(h ^ shingleSize);
  }
  return minHashOfShingleHashes(hashes);
}

/**
 * The MinHash of any set of 32-bit element hashes; an empty set gives all-ones (no element was seen).
 *
 * This is the ingest hot path (128 permutations × ~200 shingles per short text), so it is written for V8: one
 * permutation at a time with its running minimum in a local, fmix32 inlined, and everything in signed 32-bit
 * integers, which stay unboxed (a uint32 above 2^31 becomes a heap double). Unsigned order is kept by comparing
 * h ^ 0x80000000. The values are exactly those of min over x of fmix32((a·x + b) mod 2^32), as before this
 * rewrite (stored signatures must never change), at a third to a fifth of the time.
 */
export function minHashOfShingleHashes(elementHashes: Iterable<number>): Uint32Array {
  const elements = Int32Array.from(new Set(elementHashes));
  const signature = new Uint32Array(permutations);
  for (let i = 0; i < permutations; i++) {
    const a = PERMUTATION_A_SIGNED[i]!;
    const b = PERMUTATION_B_SIGNED[i]!;
    let min = 0x7fffffff; // the largest value in the flipped order, i.e. 0xffffffff
    for (let k = 0; k < elements.length; k++) {
      let h = (Math.imul(a, elements[k]!) + b) | 0;
      h ^= h >>> 16;
      h = Math.imul(h, 0x85ebca6b);
      h ^= h >>> 13;
      h = Math.imul(h, 0xc2b2ae35);
      h ^= h >>> 16;
      h ^= 0x80000000;
      if (h < min) min = h;
    }
    signature[i] = (min ^ 0x80000000) >>> 0;
  }
  return signature;
}

/** One key per band, e.g. "mh1:07:9f3c…" (16 hex digits: a 64-bit hash of the band's 8 rows). */
export function minHashBandKeys(signature: Uint32Array): string[] {
  assertSignature(signature);
  const keys: string[] = [];
  for (let band = 0; band < bands; band++) {
    const rowsOfBand = signature.subarray(band * rows, (band + 1) * rows);
    // Two independent 32-bit hashes: a false match of a band would need both to collide.
    const digest = hex32(hashWords32(rowsOfBand, 0x9e3779b9)) + hex32(hashWords32(rowsOfBand, 0x85ebca6b));
    keys.push(`${KEY_VERSION}:${String(band).padStart(2, "0")}:${digest}`);
  }
  return keys;
}

/** The fraction of positions where the signatures agree: an unbiased estimate of the Jaccard similarity. */
export function estimatedJaccard(a: Uint32Array, b: Uint32Array): number {
  assertSignature(a);
  assertSignature(b);
  let equal = 0;
  for (let i = 0; i < permutations; i++) if (a[i] === b[i]) equal++;
  return equal / permutations;
}

/** Sample.similarityHash for text: 128 values as 1024 hex digits. */
export function encodeMinHashSignature(signature: Uint32Array): string {
  assertSignature(signature);
  let hex = "";
  for (let i = 0; i < signature.length; i++) hex += hex32(signature[i]!);
  return hex;
}

export function decodeMinHashSignature(encoded: string): Uint32Array {
  if (encoded.length !== permutations * 8) throw new RangeError(`A MinHash signature is ${permutations * 8} lowercase hex digits.`);
  // By character code, not parseInt of slices: every candidate of every upload is decoded, and this is ~20x faster.
  const signature = new Uint32Array(permutations);
  for (let i = 0; i < permutations; i++) {
    let value = 0;
    for (let k = i * 8; k < i * 8 + 8; k++) {
      const digit = HEX_DIGIT_VALUE[encoded.charCodeAt(k)] ?? -1;
      if (digit < 0) throw new RangeError(`A MinHash signature is ${permutations * 8} lowercase hex digits.`);
      value = (value << 4) | digit;
    }
    signature[i] = value >>> 0;
  }
  return signature;
}

/** Value of each lowercase hex digit by character code, -1 for every other character below 128. */
const HEX_DIGIT_VALUE = Int8Array.from({ length: 128 }, (_, code) => {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 102) return code - 87;
  return -1;
});

/** The LSH S-curve: the probability that two texts of Jaccard similarity `s` share at least one band. */
export function lshCandidateProbability(s: number, bandCount: number = bands, rowCount: number = rows): number {
  return 1 - (1 - s ** rowCount) ** bandCount;
}

/** Where the S-curve is steepest, approximately: (1/b)^(1/r). */
export function lshThreshold(bandCount: number = bands, rowCount: number = rows): number {
  return (1 / bandCount) ** (1 / rowCount);
}

function assertSignature(signature: Uint32Array): void {
  if (signature.length !== permutations) throw new RangeError(`A MinHash signature has ${permutations} values, got ${signature.length}.`);
}
