import { describe, expect, it } from "vitest";
import { checkContentType, detectContentType, sniffContent, TEXT_MIME_TYPE } from "@/lib/domain/ingest/content-type";
import { sniffMarkup } from "@/lib/domain/ingest/markup-sniff";
import { checkTextBytes } from "@/lib/domain/ingest/text-content";
import {
  elfExecutable,
  HTML_PAGE,
  INVALID_UTF8,
  machOExecutable,
  peExecutable,
  REVIEW,
  syntheticPhoto,
  utf16le,
  utf8,
} from "../../fixtures/ingest/fixtures";

describe("detectContentType: images", () => {
  it.each([
    ["png", "png", "image/png"],
    ["jpeg", "jpeg", "image/jpeg"],
    ["webp", "webp", "image/webp"],
    ["gif", "gif", "image/gif"],
  ] as const)("accepts %s by its magic bytes", async (encoding, format, mimeType) => {
    const outcome = await detectContentType("IMAGE", await syntheticPhoto(encoding), { fileName: "whatever.bin" });
    expect(outcome).toEqual({ ok: true, value: { dataType: "IMAGE", format, mimeType } });
  });

  it("refuses a text file renamed .png, saying it is text", async () => {
    const outcome = await detectContentType("IMAGE", utf8(REVIEW), { fileName: "review.png" });
    expect(outcome).toMatchObject({
      ok: false,
      refusal: {
        code: "CONTENT_TYPE_NOT_ACCEPTED",
        status: 415,
        message: "This file is plain text (even though its name ends in .png), but this campaign accepts PNG, JPEG, WebP or GIF images.",
      },
    });
  });

  it("refuses an image format outside the allow-list, naming it", async () => {
    const outcome = await detectContentType("IMAGE", await syntheticPhoto("tiff"));
    expect(outcome).toMatchObject({ ok: false, refusal: { code: "CONTENT_TYPE_NOT_ACCEPTED", message: expect.stringContaining("This file is a TIFF image") } });
  });

  it("refuses bytes nobody recognises", async () => {
    const outcome = await detectContentType("IMAGE", new Uint8Array([0, 1, 2, 3, 250, 251, 252, 253]));
    expect(outcome).toMatchObject({ ok: false, refusal: { code: "CONTENT_TYPE_NOT_ACCEPTED", message: expect.stringContaining("of a type we do not recognise") } });
  });
});

describe("detectContentType: text", () => {
  it("accepts plain UTF-8 text, whatever it is called", async () => {
    expect(await detectContentType("TEXT", utf8(REVIEW), { fileName: "review.png" })).toEqual({ ok: true, value: { dataType: "TEXT", mimeType: TEXT_MIME_TYPE } });
  });

  it("refuses a PNG renamed .txt with a specific message", async () => {
    const outcome = await detectContentType("TEXT", await syntheticPhoto("png"), { fileName: "notes.txt" });
    expect(outcome).toMatchObject({
      ok: false,
      refusal: {
        code: "CONTENT_TYPE_NOT_ACCEPTED",
        status: 415,
        message: "This file is a PNG image (even though its name ends in .txt), but this campaign accepts plain text.",
      },
    });
  });

  it("mentions the name only when it disguises the content", async () => {
    const png = await syntheticPhoto("png");
    const honest = await detectContentType("TEXT", png, { fileName: "cat.PNG" });
    expect(honest.ok ? "" : honest.refusal.message).toBe("This file is a PNG image, but this campaign accepts plain text.");
    const textAsText = await detectContentType("IMAGE", utf8(REVIEW), { fileName: "review.txt" });
    expect(textAsText.ok ? "" : textAsText.refusal.message).toBe("This file is plain text, but this campaign accepts PNG, JPEG, WebP or GIF images.");
  });

  it("refuses a PDF sent to a text campaign", async () => {
    const pdf = utf8("%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n1 0 obj\n<<>>\nendobj\n");
    const withBinaryMarker = new Uint8Array([...pdf.subarray(0, 9), 0xe2, 0xe3, 0xcf, 0xd3, 0x0a]);
    expect(await detectContentType("TEXT", withBinaryMarker)).toMatchObject({ ok: false, refusal: { message: expect.stringContaining("a PDF document") } });
  });

  // file-type recognises some formats by printable signatures; ordinary sentences may start with them.
  it.each(["ID3 tags are how MP3 players know the title of a song, and this editor handles them well.", "%! is how PostScript files begin."])(
    "accepts plain text that merely starts like a binary signature: %s",
    async (text) => {
      const sniff = await sniffContent(utf8(text));
      expect(sniff.detected).not.toBeNull(); // file-type is fooled...
      expect(checkContentType("TEXT", sniff)).toMatchObject({ ok: true }); // ...the verdict is not
    },
  );

  it("lets undetected non-text bytes through to the text checks, which explain them precisely", async () => {
    expect(await detectContentType("TEXT", INVALID_UTF8)).toMatchObject({ ok: true });
  });

  it("does not call UTF-16 text MPEG audio (file-type does), leaving it to the text checks", async () => {
    const bytes = utf16le("Great product, works fine.");
    expect((await sniffContent(bytes)).detected?.mime).toBe("audio/mpeg");
    expect(await detectContentType("TEXT", bytes)).toMatchObject({ ok: true });
    expect(checkTextBytes(bytes)).toMatchObject({ ok: false, refusal: { code: "TEXT_NOT_UTF8", details: { looksLikeUtf16: true } } });
    expect(await detectContentType("IMAGE", bytes)).toMatchObject({ ok: false, refusal: { message: expect.stringContaining("This file is UTF-16 text") } });
  });
});

describe("detectContentType: refused everywhere", () => {
  const executables = [
    ["ELF", elfExecutable(), "a Linux executable (ELF)"],
    ["PE", peExecutable(), "a Windows executable (PE)"],
    ["Mach-O", machOExecutable(), "a macOS executable (Mach-O)"],
  ] as const;

  it.each(executables.flatMap(([name, bytes, detected]) => (["TEXT", "IMAGE"] as const).map((dataType) => [name, dataType, bytes, detected] as const)))(
    "refuses a %s executable in a %s campaign",
    async (_name, dataType, bytes, detected) => {
      const outcome = await detectContentType(dataType, bytes, { fileName: "setup.txt" });
      expect(outcome).toMatchObject({
        ok: false,
        refusal: { code: "EXECUTABLE_NOT_ACCEPTED", status: 415, message: `This file is ${detected} (even though its name ends in .txt). Executables are not accepted.` },
      });
    },
  );

  it.each(["TEXT", "IMAGE"] as const)("refuses an HTML file in a %s campaign", async (dataType) => {
    const outcome = await detectContentType(dataType, HTML_PAGE);
    expect(outcome).toMatchObject({
      ok: false,
      refusal: { code: "MARKUP_NOT_ACCEPTED", status: 415, message: 'HTML is not accepted: this content starts with "<!DOCTYPE html". Send plain text or an image file instead.' },
    });
  });

  it("refuses XML that file-type recognises", async () => {
    const outcome = await detectContentType("TEXT", utf8('<?xml version="1.0"?><note>hi</note>'));
    expect(outcome).toMatchObject({ ok: false, refusal: { code: "MARKUP_NOT_ACCEPTED", details: { markup: "XML" } } });
  });
});

describe("sniffMarkup", () => {
  it.each([
    ["<!doctype html><p>hi", "HTML", "<!doctype html"],
    ["<HTML>", "HTML", "<HTML"],
    ["\uFEFF  \n\t<html lang=en>", "HTML", "<html"],
    ["<script>alert(1)</script>", "HTML", "<script"],
    ["<ScRiPt src=x>", "HTML", "<ScRiPt"],
    ["<iframe src=x>", "HTML", "<iframe"],
    ["<br/>", "HTML", "<br"],
    ["<b>bold</b> claims", "HTML", "<b"],
    ["<!-- a comment -->", "HTML", "<!--"],
    ["<svg xmlns='http://www.w3.org/2000/svg'>", "SVG", "<svg"],
    ["<?xml version='1.0'?>", "XML", "<?xml"],
  ])("sniffs %j as %s", (text, markup, startsWith) => {
    expect(sniffMarkup(utf8(text))).toEqual({ markup, startsWith });
  });

  it.each(["I love <html> tags", "<3 this product", "<bold claim>", "<htmlish>", "<scripted", "plain text", "", "   "])("leaves %j alone", (text) => {
    expect(sniffMarkup(utf8(text))).toBeNull();
  });
});
