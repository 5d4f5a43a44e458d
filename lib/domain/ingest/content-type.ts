// The real type of an upload, from its bytes. The file name and the client's Content-Type are never trusted: both
// are chosen by the sender. file-type's core entry point only reads the buffer it is given (no I/O), so it
// belongs here with the other pure checks.
import { fileTypeFromBuffer } from "file-type/core";
import { passed, refused, type CheckOutcome } from "./check-outcome";
import type { IngestDataType } from "./data-type";
import { describeDetectedType, isExecutableType } from "./detected-type-names";
import { imageFormatOfDetectedType } from "./image-dimensions";
import { ACCEPTED_IMAGE_FORMATS, type ImageFormat } from "./limits";
import { sniffMarkup, type MarkupSniff } from "./markup-sniff";
import type { SentAs } from "./reasons";
import { isPlainText } from "./text-content";
import { decodeUtf8, looksLikeUtf16 } from "./utf8";

export const TEXT_MIME_TYPE = "text/plain; charset=utf-8";

/** Everything the verdict needs to know about the bytes; computed once by `sniffContent`. */
export type ContentSniff = {
  /** file-type's answer from magic numbers, or null when it recognises nothing. */
  detected: { ext: string; mime: string } | null;
  markup: MarkupSniff | null;
  /** Valid UTF-8 with no control characters other than tab and line breaks. */
  plainText: boolean;
  /** UTF-16 text, which file-type mistakes for MPEG audio (a little-endian BOM, FF FE, looks like a frame sync). */
  utf16: boolean;
};

export type AcceptedContentType =
  | { dataType: "TEXT"; mimeType: typeof TEXT_MIME_TYPE }
  | { dataType: "IMAGE"; format: ImageFormat; mimeType: (typeof ACCEPTED_IMAGE_FORMATS)[ImageFormat] };

export async function sniffContent(bytes: Uint8Array): Promise<ContentSniff> {
  const detected = await fileTypeFromBuffer(bytes);
  const decoded = decodeUtf8(bytes);
  return {
    detected: detected ? { ext: detected.ext, mime: detected.mime } : null,
    markup: sniffMarkup(bytes),
    plainText: decoded.ok && isPlainText(decoded.text),
    utf16: looksLikeUtf16(bytes),
  };
}

/** Sniffs and judges in one call; `claimed` (file name, line or file) only makes the message clearer, never the verdict. */
export async function detectContentType(
  dataType: IngestDataType,
  bytes: Uint8Array,
  claimed: { fileName?: string; sentAs?: SentAs } = {},
): Promise<CheckOutcome<AcceptedContentType>> {
  return checkContentType(dataType, await sniffContent(bytes), claimed);
}

/**
 * The verdict, pure and synchronous. Order matters: programs and markup are refused for every campaign with
 * their own message, before the question "is this the kind of data the campaign collects?".
 */
export function checkContentType(
  dataType: IngestDataType,
  sniff: ContentSniff,
  claimed: { fileName?: string; sentAs?: SentAs } = {},
): CheckOutcome<AcceptedContentType> {
  const { detected, markup } = sniff;
  const fileName = nameIfMisleading(claimed.fileName, detected && !sniff.plainText ? detected.ext : "txt");
  const sentAs = claimed.sentAs ? { sentAs: claimed.sentAs } : {};

  if (detected && isExecutableType(detected)) return refused("EXECUTABLE_NOT_ACCEPTED", { detected: describeDetectedType(detected), fileName, ...sentAs });
  if (markup) return refused("MARKUP_NOT_ACCEPTED", markup);
  if (detected?.ext === "xml") return refused("MARKUP_NOT_ACCEPTED", { markup: "XML", startsWith: "<?xml" });

  if (dataType === "IMAGE") {
    const format = detected ? imageFormatOfDetectedType(detected.ext) : null;
    if (format) return passed({ dataType, format, mimeType: ACCEPTED_IMAGE_FORMATS[format] });
    // Text first: file-type's guesses about text bytes are the false positives described below.
    const what = sniff.plainText ? "plain text" : sniff.utf16 ? "UTF-16 text" : detected ? describeDetectedType(detected) : "of a type we do not recognise";
    return refused("CONTENT_TYPE_NOT_ACCEPTED", { dataType, detected: what, fileName, ...sentAs });
  }

  // Text: anything file-type recognises is refused, unless the bytes are plain text all the same. Some signatures
  // are printable ASCII ("ID3", "%!", "WEBVTT", "BEGIN:VCARD"), so an ordinary sentence can start with one; a real
  // binary file always fails the plain-text test (a PNG's first byte, 0x89, is not even valid UTF-8). Bytes that
  // file-type does not know and that are not plain text, and UTF-16 text, go on to the text checks, which say
  // exactly what is wrong ("not valid UTF-8 at offset 3", "encoded as UTF-16").
  if (detected && !sniff.plainText && !sniff.utf16) return refused("CONTENT_TYPE_NOT_ACCEPTED", { dataType, detected: describeDetectedType(detected), fileName, ...sentAs });
  return passed({ dataType, mimeType: TEXT_MIME_TYPE });
}

// Extensions that honestly name each detected type, so that a message only says "even though its name ends in
// .txt" when the name and the content disagree (a PNG called cat.png sent to a text campaign is no disguise).
const HONEST_EXTENSIONS: Record<string, readonly string[]> = {
  txt: ["txt", "text", "csv", "tsv", "md", "json", "jsonl", "log"],
  jpg: ["jpg", "jpeg", "jpe", "jfif"],
  png: ["png"],
  apng: ["png", "apng"],
  tif: ["tif", "tiff"],
  exe: ["exe", "dll", "com", "scr", "sys"],
  elf: ["elf", "so", "bin", "o"],
  macho: ["dylib", "bin", "o"],
};

function nameIfMisleading(fileName: string | undefined, detectedExt: string): string | undefined {
  const extension = /\.([A-Za-z0-9]{1,10})$/.exec(fileName ?? "")?.[1]?.toLowerCase();
  if (!extension) return undefined;
  const honest = HONEST_EXTENSIONS[detectedExt] ?? [detectedExt];
  return honest.includes(extension) ? undefined : fileName;
}
