import { describe, expect, it } from "vitest";
import { contentHash, textContentHashOfFingerprint } from "@/lib/domain/ingest/content-hash";
import { textSimilarityFingerprint, textSimilarityOfFingerprint } from "@/lib/domain/ingest/duplicates";
import { minHashOfFingerprint, minHashSignature } from "@/lib/domain/ingest/minhash";
import { checkTextItem, type TextItemRules } from "@/lib/domain/ingest/text-item";
import { textFingerprint } from "@/lib/domain/ingest/text-fingerprint";
import { HTML_PAGE, INVALID_UTF8, REVIEW, UNRELATED_REVIEW, elfExecutable, utf16le, utf8 } from "../../fixtures/ingest/fixtures";

const rules: TextItemRules = { labelSchema: { kind: "single_label", labels: ["positive", "negative"] }, textMinLength: 10, textMaxLength: 500 };

describe("hashes of a fingerprint in hand", () => {
  it.each([
    ["a review", REVIEW],
    ["shouted, with odd spaces", `  ${REVIEW.toUpperCase().replaceAll(" ", " \n ")} `],
    ["shorter than a shingle", "ok"],
    ["astral characters", "great 😀 phone 𝒳 yes"],
    ["empty", ""],
  ])("are the same values as from the text: %s", (_name, text) => {
    const fingerprint = textFingerprint(text);
    expect(textContentHashOfFingerprint(fingerprint)).toBe(contentHash({ dataType: "TEXT", text }));
    expect(minHashOfFingerprint(fingerprint)).toEqual(minHashSignature(text));
    expect(textSimilarityOfFingerprint(fingerprint)).toEqual(textSimilarityFingerprint(text));
  });
});

describe("checkTextItem", () => {
  it("passes a typed text with its hashes, fingerprint and checks", async () => {
    const text = `  ${REVIEW}\n`;
    const outcome = await checkTextItem(rules, { text, labels: " positive " });
    expect(outcome).toEqual({
      ok: true,
      value: {
        contentHash: contentHash({ dataType: "TEXT", text: REVIEW }),
        mimeType: "text/plain; charset=utf-8",
        sizeBytes: utf8(text).length,
        textContent: REVIEW,
        labels: "positive",
        originalName: null,
        ...textSimilarityFingerprint(REVIEW),
        checks: { contentType: "text/plain; charset=utf-8", sizeBytes: utf8(text).length, characters: [...REVIEW].length },
      },
    });
  });

  it("passes an uploaded text file under its name", async () => {
    const bytes = utf8(UNRELATED_REVIEW);
    const outcome = await checkTextItem(rules, { file: { name: "r.txt", bytes, tooLarge: false, size: bytes.length }, labels: "negative" });
    expect(outcome).toMatchObject({ ok: true, value: { originalName: "r.txt", textContent: UNRELATED_REVIEW, sizeBytes: bytes.length } });
  });

  it.each([
    ["an empty text", { text: "" }, "FILE_EMPTY"],
    ["a file cut off at the limit", { file: { name: "big.txt", bytes: new Uint8Array(0), tooLarge: true, size: 600_000 } }, "FILE_TOO_LARGE"],
    ["an HTML page", { file: { name: "a.txt", bytes: HTML_PAGE, tooLarge: false, size: HTML_PAGE.length } }, "MARKUP_NOT_ACCEPTED"],
    ["a program", { file: { name: "a.txt", bytes: elfExecutable(), tooLarge: false, size: elfExecutable().length } }, "EXECUTABLE_NOT_ACCEPTED"],
    ["invalid UTF-8", { file: { name: "a.txt", bytes: INVALID_UTF8, tooLarge: false, size: INVALID_UTF8.length } }, "TEXT_NOT_UTF8"],
    ["UTF-16", { file: { name: "a.txt", bytes: utf16le(REVIEW), tooLarge: false, size: utf16le(REVIEW).length } }, "TEXT_NOT_UTF8"],
    ["a control character", { text: `${REVIEW}\u0007` }, "TEXT_CONTROL_CHARACTER"],
    ["a text under the campaign's minimum", { text: "too short" }, "TEXT_TOO_SHORT"],
    ["a text over the campaign's maximum", { text: "long ".repeat(200) }, "TEXT_TOO_LONG"],
  ])("refuses %s", async (_name, item, code) => {
    const outcome = await checkTextItem(rules, { labels: "positive", ...item });
    expect(outcome).toMatchObject({ ok: false, refusal: { code } });
  });

  it("refuses labels outside the schema, after the type checks and before the text rules", async () => {
    expect(await checkTextItem(rules, { text: "short", labels: "neutral" })).toMatchObject({ ok: false, refusal: { code: "LABELS_INVALID" } });
    expect(await checkTextItem(rules, { text: "<html><body>", labels: "neutral" })).toMatchObject({ ok: false, refusal: { code: "MARKUP_NOT_ACCEPTED" } });
  });
});
