import { passed, refused, type CheckOutcome } from "./check-outcome";
import { DEFAULT_TEXT_LENGTH_BOUNDS, TEXT_MAX_LENGTH_CEILING, type TextLengthBounds } from "./limits";
import { decodeUtf8, looksLikeUtf16 } from "./utf8";

/** Text as stored: NFC-normalised and trimmed, with its length in characters (Unicode code points). */
export type CheckedText = { text: string; length: number };

/** For uploaded files: bytes must be UTF-8 (not UTF-16, not Latin-1) before any other text rule applies. */
export function checkTextBytes(bytes: Uint8Array, bounds: TextLengthBounds = DEFAULT_TEXT_LENGTH_BOUNDS): CheckOutcome<CheckedText> {
  const decoded = decodeUtf8(bytes);
  if (!decoded.ok) return refused("TEXT_NOT_UTF8", { byteOffset: decoded.byteOffset, looksLikeUtf16: decoded.looksLikeUtf16 });
  if (looksLikeUtf16(bytes)) return refused("TEXT_NOT_UTF8", { looksLikeUtf16: true });
  return checkText(decoded.text, bounds);
}

/**
 * For text typed into a form or already decoded. Normalises to NFC first, so that the same words typed on two
 * keyboards (precomposed "é" or "e" + combining accent) are stored, counted and deduplicated alike.
 */
export function checkText(raw: string, bounds: TextLengthBounds = DEFAULT_TEXT_LENGTH_BOUNDS): CheckOutcome<CheckedText> {
  assertBounds(bounds);
  // Lone surrogates can arrive from JSON or a broken client; they are not text and cannot be stored as UTF-8.
  if (!raw.isWellFormed()) return refused("TEXT_NOT_UTF8", {});
  const normalised = raw.normalize("NFC");

  const control = findForbiddenControl(normalised);
  if (control) return refused("TEXT_CONTROL_CHARACTER", control);

  const text = normalised.trim();
  // Zero-width and other format characters (\p{Cf}) are invisible: "\u200B" alone is as empty as "   ".
  if (text.replace(/[\p{White_Space}\p{Cf}]/gu, "") === "") return refused("TEXT_EMPTY", {});

  const length = countCharacters(text);
  if (length < bounds.minLength) return refused("TEXT_TOO_SHORT", { length, minLength: bounds.minLength });
  if (length > bounds.maxLength) return refused("TEXT_TOO_LONG", { length, maxLength: bounds.maxLength });
  return passed({ text, length });
}

/**
 * Lengths are in code points, so an emoji or a CJK character counts as one, as a person would count it
 * (UTF-16 `.length` would count some as two). Grapheme clusters would be closer still, but cost a segmenter
 * for little gain at the bounds campaigns set.
 */
export function countCharacters(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    count++;
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) i++; // a high surrogate and its pair are one code point
  }
  return count;
}

const CONTROL_NAMES: Record<number, string> = { 0x00: "NUL", 0x07: "BEL", 0x08: "BS", 0x0b: "VT", 0x0c: "FF", 0x1b: "ESC", 0x7f: "DEL" };

/**
 * The first control character (Unicode category Cc: C0, DEL, C1) other than tab, line feed and carriage
 * return. They have no place in a text sample, and NUL in particular breaks C-string tooling downstream.
 * `position` is 1-based, in code points.
 */
export function findForbiddenControl(text: string): { codePoint: string; position: number } | null {
  let position = 0;
  for (const char of text) {
    position++;
    const cp = char.codePointAt(0)!;
    const isControl = cp <= 0x1f || (cp >= 0x7f && cp <= 0x9f);
    if (isControl && cp !== 0x09 && cp !== 0x0a && cp !== 0x0d) {
      const name = CONTROL_NAMES[cp];
      return { codePoint: `U+${cp.toString(16).toUpperCase().padStart(4, "0")}${name ? ` (${name})` : ""}`, position };
    }
  }
  return null;
}

/** True when the text would pass the control-character rule: what "looks like plain text" means here. */
export function isPlainText(text: string): boolean {
  return findForbiddenControl(text) === null;
}

function assertBounds({ minLength, maxLength }: TextLengthBounds): void {
  if (!Number.isInteger(minLength) || !Number.isInteger(maxLength) || minLength < 1 || maxLength < minLength || maxLength > TEXT_MAX_LENGTH_CEILING) {
    throw new RangeError(`Invalid text length bounds ${minLength}..${maxLength} (need 1 <= min <= max <= ${TEXT_MAX_LENGTH_CEILING}).`);
  }
}
