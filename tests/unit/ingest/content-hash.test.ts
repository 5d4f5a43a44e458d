import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { contentHash } from "@/lib/domain/ingest/content-hash";
import { textFingerprint } from "@/lib/domain/ingest/text-fingerprint";
import { REVIEW } from "../../fixtures/ingest/fixtures";

const textHash = (text: string) => contentHash({ dataType: "TEXT", text });

describe("contentHash", () => {
  it("is sha256 in lowercase hex: of the fingerprint for text, of the bytes for images", () => {
    expect(textHash("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    expect(contentHash({ dataType: "IMAGE", bytes })).toBe(createHash("sha256").update(bytes).digest("hex"));
  });

  it.each([
    ["different case", REVIEW.toUpperCase()],
    ["extra and different whitespace", `  ${REVIEW.replaceAll(" ", " \n\t ")}  `],
    ["decomposed accents", "Cafe\u0301 au lait"],
    ["fullwidth letters", "ｃａｆé au lait"],
    ["zero-width spaces inserted", "caf\u200bé au\u200d lait"],
  ])("treats %s as the same text", (_name, variant) => {
    const original = variant.includes("lait") ? "café au lait" : REVIEW;
    expect(textHash(variant)).toBe(textHash(original));
  });

  it.each([
    ["a changed word", REVIEW.replace("great", "good")],
    ["different punctuation", REVIEW.replace(/\.$/, "!")],
    ["a removed space between words", REVIEW.replace("this blender", "thisblender")],
  ])("tells %s apart", (_name, variant) => {
    expect(textHash(variant)).not.toBe(textHash(REVIEW));
  });

  it("fingerprints as NFKC, without format characters, lowercase, single-spaced and trimmed", () => {
    expect(textFingerprint("  Ｈｅｌｌｏ,\u00ad\n\n  WORLD\u200b!  ")).toBe("hello, world!");
  });
});
