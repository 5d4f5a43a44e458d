import { describe, expect, it } from "vitest";
import { checkText, checkTextBytes, countCharacters } from "@/lib/domain/ingest/text-content";
import { firstInvalidUtf8Offset } from "@/lib/domain/ingest/utf8";
import { INVALID_UTF8, REVIEW, utf16le, utf8 } from "../../fixtures/ingest/fixtures";

const bytes = (...values: number[]) => new Uint8Array(values);
const codeOf = (outcome: ReturnType<typeof checkText>) => (outcome.ok ? null : outcome.refusal.code);

describe("checkTextBytes: UTF-8", () => {
  it.each([
    ["a lone continuation byte", INVALID_UTF8, 3],
    ["Latin-1 é", bytes(0x63, 0x61, 0x66, 0xe9), 3],
    ["an overlong slash (C0 AF)", bytes(0x61, 0xc0, 0xaf), 1],
    ["an overlong 3-byte form (E0 80 AF)", bytes(0xe0, 0x80, 0xaf), 0],
    ["an encoded surrogate (ED A0 80)", bytes(0x61, 0x62, 0xed, 0xa0, 0x80), 2],
    ["a code point above U+10FFFF (F4 90 80 80)", bytes(0xf4, 0x90, 0x80, 0x80), 0],
    ["a sequence cut short at the end", bytes(0x68, 0x69, 0xe2, 0x82), 2],
    ["0xFF", bytes(0x41, 0xff), 1],
  ])("refuses %s, pointing at the first bad byte", (_name, input, offset) => {
    const outcome = checkTextBytes(input);
    expect(outcome).toMatchObject({ ok: false, refusal: { code: "TEXT_NOT_UTF8", status: 422, details: { byteOffset: offset } } });
    expect(firstInvalidUtf8Offset(input)).toBe(offset);
  });

  it("says 'invalid UTF-8' in words", () => {
    const outcome = checkTextBytes(INVALID_UTF8);
    expect(outcome.ok ? "" : outcome.refusal.message).toBe(
      "This text is not valid UTF-8 (the first bad byte is at offset 3); save it as UTF-8 and upload it again.",
    );
  });

  it.each([
    ["with a BOM", utf16le("Great product, works fine.")],
    ["without a BOM", utf16le("Great product, works fine.", false)],
  ])("recognises UTF-16 %s and says so", (_name, input) => {
    expect(checkTextBytes(input)).toMatchObject({ ok: false, refusal: { code: "TEXT_NOT_UTF8", details: { looksLikeUtf16: true } } });
  });

  it("accepts UTF-8 with and without a BOM, and drops the BOM", () => {
    expect(checkTextBytes(utf8("héllo wörld ✓ 😀"))).toEqual({ ok: true, value: { text: "héllo wörld ✓ 😀", length: 15 } });
    expect(checkTextBytes(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8("hello")]))).toEqual({ ok: true, value: { text: "hello", length: 5 } });
  });

  it("agrees with the fatal decoder on valid text", () => {
    expect(firstInvalidUtf8Offset(utf8(REVIEW + "日本語 ¢ € 𐍈"))).toBe(-1);
  });
});

describe("checkText", () => {
  it.each([
    ["NUL", "abc\u0000def", "U+0000 (NUL)", 4],
    ["ESC", "\u001b[31mred", "U+001B (ESC)", 1],
    ["BEL", "ding\u0007", "U+0007 (BEL)", 5],
    ["DEL", "x\u007f", "U+007F (DEL)", 2],
    ["a C1 control", "x\u0085y", "U+0085", 2],
    ["form feed", "page\u000cbreak", "U+000C (FF)", 5],
  ])("refuses %s with its code point and position", (_name, text, codePoint, position) => {
    expect(checkText(text)).toMatchObject({ ok: false, refusal: { code: "TEXT_CONTROL_CHARACTER", status: 422, details: { codePoint, position } } });
  });

  it("allows tabs and line breaks (LF and CRLF)", () => {
    expect(checkText("a\tb\nc\r\nd")).toEqual({ ok: true, value: { text: "a\tb\nc\r\nd", length: 8 } });
  });

  it.each(["", "   ", "\n\t\r\n", "\u00a0\u3000", "\u200b\u200b", "\ufeff"])("refuses empty or invisible text %j", (text) => {
    expect(codeOf(checkText(text))).toBe("TEXT_EMPTY");
  });

  it("normalises to NFC and trims, then counts code points", () => {
    const decomposed = "  Cafe\u0301 cre\u0300me  ";
    const outcome = checkText(decomposed);
    expect(outcome).toEqual({ ok: true, value: { text: "Café crème", length: 10 } });
    expect(outcome.ok && outcome.value.text).toBe("Caf\u00e9 cr\u00e8me");
  });

  it.each([
    ["too short", "abcd", { minLength: 5, maxLength: 10 }, "TEXT_TOO_SHORT"],
    ["just long enough", "abcde", { minLength: 5, maxLength: 10 }, null],
    ["at the maximum", "abcdefghij", { minLength: 5, maxLength: 10 }, null],
    ["too long", "abcdefghijk", { minLength: 5, maxLength: 10 }, "TEXT_TOO_LONG"],
    ["ten emoji within 10 (20 UTF-16 units)", "😀".repeat(10), { minLength: 1, maxLength: 10 }, null],
    ["decomposed accents counted after NFC", "e\u0301".repeat(10), { minLength: 1, maxLength: 10 }, null],
    ["trimmed whitespace not counted", "   abcde   ", { minLength: 1, maxLength: 5 }, null],
    ["the default upper bound (5000)", "a".repeat(5001), undefined, "TEXT_TOO_LONG"],
  ])("length: %s", (_name, text, bounds, code) => {
    expect(codeOf(checkText(text, bounds))).toBe(code);
  });

  it("refuses lone surrogates from a broken client", () => {
    expect(codeOf(checkText("abc\ud800def"))).toBe("TEXT_NOT_UTF8");
  });

  it.each([
    { minLength: 0, maxLength: 10 },
    { minLength: 10, maxLength: 5 },
    { minLength: 1, maxLength: 100_001 },
    { minLength: 1.5, maxLength: 10 },
  ])("rejects invalid bounds %j as a programming error", (bounds) => {
    expect(() => checkText("hello", bounds)).toThrow(RangeError);
  });

  it("counts code points, not UTF-16 units", () => {
    expect(countCharacters("a😀b")).toBe(3);
    expect(countCharacters("")).toBe(0);
  });
});
