// file-type does not recognise HTML (it has no magic number), so markup is sniffed here, the way browsers do it
// (WHATWG MIME Sniffing, "identifying a resource with an unknown MIME type"): skip a BOM and leading whitespace,
// then look for a known tag, case-insensitively. A blob that a browser would sniff as HTML or SVG could run script
// if it were ever served without `nosniff`, so markup is refused before it is stored.

export type MarkupKind = "HTML" | "XML" | "SVG";
export type MarkupSniff = { markup: MarkupKind; startsWith: string };

type Pattern = { prefix: string; markup: MarkupKind; needsTagEnd: boolean };

const HTML_TAGS = ["!doctype html", "html", "head", "script", "iframe", "h1", "div", "font", "table", "a", "style", "title", "b", "body", "br", "p"];

const PATTERNS: readonly Pattern[] = [
  ...HTML_TAGS.map((tag) => ({ prefix: `<${tag}`, markup: "HTML" as const, needsTagEnd: true })),
  { prefix: "<!--", markup: "HTML", needsTagEnd: false },
  { prefix: "<?xml", markup: "XML", needsTagEnd: false },
  { prefix: "<svg", markup: "SVG", needsTagEnd: true },
];

const UTF8_BOM = [0xef, 0xbb, 0xbf] as const;
// WHATWG's whitespace bytes: tab, line feed, form feed, carriage return, space.
const LEADING_WHITESPACE = new Set([0x09, 0x0a, 0x0c, 0x0d, 0x20]);
// WHATWG ends a tag name with a space or ">"; a tab, line break or "/" ("<br/>") ends it just as well.
const TAG_END = new Set([0x09, 0x0a, 0x0c, 0x0d, 0x20, 0x3e, 0x2f]);

export function sniffMarkup(bytes: Uint8Array): MarkupSniff | null {
  let start = 0;
  if (UTF8_BOM.every((b, i) => bytes[i] === b)) start = UTF8_BOM.length;
  while (start < bytes.length && LEADING_WHITESPACE.has(bytes[start]!)) start++;
  if (bytes[start] !== 0x3c /* < */) return null;

  for (const pattern of PATTERNS) {
    const end = start + pattern.prefix.length;
    if (!matchesCaseInsensitive(bytes, start, pattern.prefix)) continue;
    if (pattern.needsTagEnd && !TAG_END.has(bytes[end] ?? -1)) continue;
    return { markup: pattern.markup, startsWith: asciiText(bytes.subarray(start, end)) };
  }
  return null;
}

/** `prefix` is lowercase ASCII; bytes are folded with `| 0x20`, which only touches letters in these patterns. */
function matchesCaseInsensitive(bytes: Uint8Array, at: number, prefix: string): boolean {
  if (at + prefix.length > bytes.length) return false;
  for (let i = 0; i < prefix.length; i++) {
    const expected = prefix.charCodeAt(i);
    const actual = bytes[at + i]!;
    const isLetter = expected >= 0x61 && expected <= 0x7a;
    if ((isLetter ? actual | 0x20 : actual) !== expected) return false;
  }
  return true;
}

function asciiText(bytes: Uint8Array): string {
  return String.fromCharCode(...bytes);
}
