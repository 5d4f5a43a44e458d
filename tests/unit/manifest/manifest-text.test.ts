import { describe, expect, it } from "vitest";
import { decodeManifestText } from "@/lib/domain/manifest/manifest-text";

const bytes = (...parts: (string | number[])[]) => new Uint8Array(parts.flatMap((p) => (typeof p === "string" ? [...new TextEncoder().encode(p)] : p)));

describe("decodeManifestText", () => {
  it("decodes valid UTF-8, non-ASCII included, and drops a UTF-8 byte order mark", () => {
    expect(decodeManifestText(bytes([0xef, 0xbb, 0xbf], '{"text": "café ✓"}'))).toEqual({ ok: true, text: '{"text": "café ✓"}' });
  });

  it.each([
    ["a lone continuation byte on line 2", bytes("line one\n", '{"text": "caf', [0xa9], '"}'), 2, 22],
    ["an overlong form on line 1", bytes("ab", [0xc0, 0xaf]), 1, 2],
    ["a truncated sequence at the very end", bytes("x\ny\nz", [0xe2, 0x82]), 3, 5],
  ])("refuses %s, naming the line and the byte", (_name, input, line, offset) => {
    expect(decodeManifestText(input)).toEqual({
      ok: false,
      line,
      message: `line ${line} of the manifest is not valid UTF-8 (the first bad byte is at offset ${offset}); save it as UTF-8 and upload it again`,
    });
  });

  it("says so when the manifest is UTF-16", () => {
    expect(decodeManifestText(new Uint8Array([0xff, 0xfe, 0x7b, 0x00]))).toMatchObject({ ok: false, message: expect.stringMatching(/encoded as UTF-16/) });
  });
});
