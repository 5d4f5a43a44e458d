// A manifest arrives as bytes (a form field or a file) and must be valid UTF-8, like every uploaded text: decoding
// it leniently would store U+FFFD where the same bytes sent as a file are refused.
import { decodeUtf8 } from "@/lib/domain/ingest/utf8";

export type ManifestText = { ok: true; text: string } | { ok: false; line: number | null; message: string };

export function decodeManifestText(bytes: Uint8Array): ManifestText {
  const decoded = decodeUtf8(bytes);
  if (decoded.ok) return decoded;
  if (decoded.looksLikeUtf16) return { ok: false, line: null, message: "the manifest is encoded as UTF-16; save it as UTF-8 and upload it again" };
  const offset = decoded.byteOffset;
  const line = offset === undefined ? null : lineAt(bytes, offset);
  const where = line === null ? "the manifest" : `line ${line} of the manifest`;
  const at = offset === undefined ? "" : ` (the first bad byte is at offset ${offset})`;
  return { ok: false, line, message: `${where} is not valid UTF-8${at}; save it as UTF-8 and upload it again` };
}

function lineAt(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
  return line;
}
