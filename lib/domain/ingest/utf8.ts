// UTF-8 decoding for uploaded text. The WHATWG decoder in fatal mode is the authority on validity (it refuses
// overlong forms, surrogates and truncated sequences, where the default mode would silently insert U+FFFD);
// the small scanner below only locates the first bad byte so that the message can point at it.

export type Utf8Decoding = { ok: true; text: string } | { ok: false; byteOffset: number | undefined; looksLikeUtf16: boolean };

export function decodeUtf8(bytes: Uint8Array): Utf8Decoding {
  // A UTF-16 byte order mark is not valid UTF-8 either, but "save it as UTF-8" is the useful answer.
  if (hasUtf16Bom(bytes)) return { ok: false, byteOffset: 0, looksLikeUtf16: true };
  try {
    // Strips a UTF-8 BOM (ignoreBOM defaults to false).
    return { ok: true, text: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
  } catch {
    const offset = firstInvalidUtf8Offset(bytes);
    return { ok: false, byteOffset: offset < 0 ? undefined : offset, looksLikeUtf16: false };
  }
}

/** UTF-16 without a BOM is valid UTF-8 when it is mostly ASCII (every other byte is NUL): spot that pattern. */
export function looksLikeUtf16(bytes: Uint8Array): boolean {
  if (hasUtf16Bom(bytes)) return true;
  const n = Math.min(bytes.length, 256) & ~1;
  if (n < 4) return false;
  let zerosAtEven = 0;
  let zerosAtOdd = 0;
  for (let i = 0; i < n; i++) {
    if (bytes[i] !== 0) continue;
    if (i % 2 === 0) zerosAtEven++;
    else zerosAtOdd++;
  }
  return Math.max(zerosAtEven, zerosAtOdd) >= 0.4 * (n / 2) && Math.min(zerosAtEven, zerosAtOdd) === 0;
}

function hasUtf16Bom(bytes: Uint8Array): boolean {
  return (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
}

/** Offset of the first byte that starts an invalid sequence (RFC 3629, table 3-7 of Unicode), or -1. */
export function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b0 = bytes[i]!;
    if (b0 < 0x80) {
      i++;
      continue;
    }
    // [length, lowest and highest allowed second byte] by lead byte; the rest are plain 0x80..0xBF.
    let length: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b0 >= 0xc2 && b0 <= 0xdf) length = 2;
    else if (b0 >= 0xe0 && b0 <= 0xef) {
      length = 3;
      if (b0 === 0xe0) lo = 0xa0; // no overlong forms
      if (b0 === 0xed) hi = 0x9f; // no surrogates
    } else if (b0 >= 0xf0 && b0 <= 0xf4) {
      length = 4;
      if (b0 === 0xf0) lo = 0x90; // no overlong forms
      if (b0 === 0xf4) hi = 0x8f; // nothing above U+10FFFF
    } else return i;
    if (i + length > bytes.length) return i;
    const b1 = bytes[i + 1]!;
    if (b1 < lo || b1 > hi) return i;
    for (let k = 2; k < length; k++) {
      const b = bytes[i + k]!;
      if (b < 0x80 || b > 0xbf) return i;
    }
    i += length;
  }
  return -1;
}
