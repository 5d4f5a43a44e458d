/**
 * Near-duplicate images by difference hash (dHash). The image is shrunk to 9 × 8 grey pixels (done by the probe
 * in lib/server); each of the 8 rows gives 8 bits, one per pair of neighbours: 1 when the left pixel is brighter
 * than the right one. The 64 bits survive re-encoding, resizing and mild colour changes, so copies land within
 * a few bits of each other, while unrelated photos differ in about half of them.
 *
 * Two images are near duplicates when their hashes differ in at most d = 5 bits. Common practice puts re-encoded
 * and resized copies at 0–4 bits and calls 10 or more "different"; 5 leaves room for a light crop or filter
 * while keeping unrelated images well away.
 *
 * Index: the 64 bits are split into d + 1 = 6 bands (11, 11, 11, 11, 10, 10 bits). If two hashes differ in at
 * most d bits, those differences fall into at most d bands, so at least one of the d + 1 bands is equal in
 * both (pigeonhole): looking up a new image's 6 band keys in the (campaignId, bandKey) index is guaranteed to
 * find every stored image within distance d, with no false negatives. Four bands of 16 bits would only
 * guarantee distance 3. More, narrower bands would guarantee a larger d but return more chance candidates:
 * a 10–11 bit band matches an unrelated hash about once in a thousand.
 */
export const DHASH_PARAMETERS = {
  width: 9,
  height: 8,
  bits: 64,
  nearDuplicateDistance: 5,
} as const;

const KEY_VERSION = "dh1";
const HEX_64 = /^[0-9a-f]{16}$/;

/**
 * The dHash of a 9 × 8 greyscale image in row-major order (one value per pixel, any numeric scale), as 16
 * lowercase hex digits. Bit 63 (the first hex digit's high bit) compares the top-left pair.
 */
export function dHashFromGreyscale(pixels: ArrayLike<number>, width: number = DHASH_PARAMETERS.width, height: number = DHASH_PARAMETERS.height): string {
  if (width !== DHASH_PARAMETERS.width || height !== DHASH_PARAMETERS.height) {
    throw new RangeError(`dHash needs a ${DHASH_PARAMETERS.width} × ${DHASH_PARAMETERS.height} image, got ${width} × ${height}.`);
  }
  if (pixels.length !== width * height) throw new RangeError(`Expected ${width * height} greyscale values, got ${pixels.length}.`);
  let hex = "";
  let nibble = 0;
  let bitsInNibble = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width - 1; x++) {
      const left = pixels[y * width + x]!;
      const right = pixels[y * width + x + 1]!;
      nibble = (nibble << 1) | (left > right ? 1 : 0);
      if (++bitsInNibble === 4) {
        hex += nibble.toString(16);
        nibble = 0;
        bitsInNibble = 0;
      }
    }
  }
  return hex;
}

/** The number of differing bits between two dHashes. */
export function hammingDistance(a: string, b: string): number {
  assertDHash(a);
  assertDHash(b);
  let distance = 0;
  for (let i = 0; i < 16; i++) distance += popcount4(Number.parseInt(a[i]!, 16) ^ Number.parseInt(b[i]!, 16));
  return distance;
}

export function isNearDuplicateImage(a: string, b: string, maxDistance: number = DHASH_PARAMETERS.nearDuplicateDistance): boolean {
  return hammingDistance(a, b) <= maxDistance;
}

/**
 * The d + 1 band keys of a dHash (see above for why d + 1), e.g. "dh1:d5:0:3a1" (band 0 of the distance-5
 * layout). The distance is part of the key, so changing it never mixes layouts in the index.
 */
export function dHashBandKeys(hash: string, maxDistance: number = DHASH_PARAMETERS.nearDuplicateDistance): string[] {
  assertDHash(hash);
  if (!Number.isInteger(maxDistance) || maxDistance < 0 || maxDistance > 15) {
    throw new RangeError(`maxDistance must be an integer in 0..15 (bands of at least 4 bits), got ${maxDistance}.`);
  }
  const bits = hexToBits(hash);
  const keys: string[] = [];
  let start = 0;
  for (const [band, size] of bandSizes(maxDistance + 1).entries()) {
    const value = Number.parseInt(bits.slice(start, start + size), 2);
    keys.push(`${KEY_VERSION}:d${maxDistance}:${band}:${value.toString(16)}`);
    start += size;
  }
  return keys;
}

/** 64 bits into `count` contiguous bands, as equal as possible, wider ones first. */
export function bandSizes(count: number): number[] {
  const base = Math.floor(DHASH_PARAMETERS.bits / count);
  const wider = DHASH_PARAMETERS.bits % count;
  return Array.from({ length: count }, (_, i) => base + (i < wider ? 1 : 0));
}

export function isDHash(value: string): boolean {
  return HEX_64.test(value);
}

function assertDHash(value: string): void {
  if (!isDHash(value)) throw new RangeError(`A dHash is 16 lowercase hex digits, got "${value}".`);
}

function hexToBits(hash: string): string {
  return Array.from(hash, (digit) => Number.parseInt(digit, 16).toString(2).padStart(4, "0")).join("");
}

function popcount4(n: number): number {
  return (n & 1) + ((n >> 1) & 1) + ((n >> 2) & 1) + ((n >> 3) & 1);
}
