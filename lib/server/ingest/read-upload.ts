import "server-only";
import { Readable } from "node:stream";
import busboy from "busboy";
import { AppError } from "@/lib/errors";
import { MAX_ITEMS_PER_UPLOAD, MAX_MANIFEST_BYTES } from "@/lib/domain/ingest/limits";
import { formatBytes } from "@/lib/domain/ingest/format-quantities";
import type { ManifestFormat } from "@/lib/domain/manifest/parse-manifest";

export type UploadedFile = { name: string; bytes: Buffer; tooLarge: boolean; size: number };
/** `manifest` is the bytes as sent: decoding them (strictly, as UTF-8) is the caller's business. */
export type UploadBody = { manifest: Uint8Array; format: ManifestFormat; files: Map<string, UploadedFile> };

export const MAX_UPLOAD_BODY_BYTES = 256 * 1024 * 1024;

const manifestTooLarge = () =>
  new AppError("PAYLOAD_TOO_LARGE", `The manifest is larger than ${formatBytes(MAX_MANIFEST_BYTES)}; split the upload into several requests.`, {
    details: { maxManifestBytes: MAX_MANIFEST_BYTES },
  });

/**
 * Streams a multipart upload (a `manifest` field or file, plus files) with limits enforced while reading: the body as
 * a whole (413 before anything is buffered when Content-Length says so), the manifest (413: a manifest is never
 * cut short, since a cut at a line break would look like a smaller, valid one), and each file (an oversized file is
 * cut off at the limit and marked, so that its item is refused without holding its bytes).
 */
export async function readUpload(request: Request, maxFileBytes: number): Promise<UploadBody> {
  const contentType = request.headers.get("content-type") ?? "";
  if (!contentType.toLowerCase().startsWith("multipart/form-data")) {
    throw new AppError("UNSUPPORTED_MEDIA_TYPE", "Send the upload as multipart/form-data: a manifest plus the files it names.");
  }
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_UPLOAD_BODY_BYTES) {
    throw new AppError("PAYLOAD_TOO_LARGE", `One upload may carry at most ${MAX_UPLOAD_BODY_BYTES / 1024 / 1024} MiB; split it into several requests.`);
  }
  if (!request.body) throw new AppError("BAD_REQUEST", "The upload is empty.");

  return new Promise<UploadBody>((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: { "content-type": contentType },
        // Fields decoded as latin1 are their bytes one for one, so the manifest's UTF-8 is checked, not patched.
        defCharset: "latin1",
        // busboy's own file limit is the largest part we ever keep; each part's own limit is applied below.
        limits: { fileSize: Math.max(maxFileBytes, MAX_MANIFEST_BYTES), files: MAX_ITEMS_PER_UPLOAD + 1, fieldSize: MAX_MANIFEST_BYTES },
      });
    } catch (cause) {
      reject(new AppError("BAD_REQUEST", "The multipart body is malformed.", { cause }));
      return;
    }
    const files = new Map<string, UploadedFile>();
    let manifest: Uint8Array | null = null;
    let format: ManifestFormat | null = null;
    let total = 0;
    let failed: AppError | null = null;
    const source = Readable.fromWeb(request.body as import("node:stream/web").ReadableStream<Uint8Array>);

    const abort = (error: AppError) => {
      if (failed) return;
      failed = error;
      source.unpipe(parser);
      source.destroy();
      reject(error);
    };

    parser.on("field", (name, value, info) => {
      if (name === "manifest") {
        if (info.valueTruncated) return abort(manifestTooLarge());
        manifest = Buffer.from(value, "latin1");
      } else if (name === "manifestFormat") format = value === "csv" ? "csv" : "jsonl";
    });
    parser.on("file", (name, stream, info) => {
      const isManifest = name === "manifest";
      const limit = isManifest ? MAX_MANIFEST_BYTES : maxFileBytes;
      const chunks: Buffer[] = [];
      let size = 0;
      let tooLarge = false;
      const overLimit = () => {
        tooLarge = true;
        chunks.length = 0;
        if (isManifest) abort(manifestTooLarge());
      };
      stream.on("data", (chunk: Buffer) => {
        total += chunk.length;
        if (total > MAX_UPLOAD_BODY_BYTES) abort(new AppError("PAYLOAD_TOO_LARGE", "The upload is larger than one request may carry; split it."));
        size += chunk.length;
        if (tooLarge) return;
        if (size > limit) overLimit();
        else chunks.push(chunk);
      });
      stream.on("limit", () => {
        if (!tooLarge) overLimit();
      });
      stream.on("end", () => {
        if (failed) return;
        const bytes = Buffer.concat(chunks);
        if (isManifest) {
          manifest = bytes;
          format ??= info.filename?.toLowerCase().endsWith(".csv") ? "csv" : "jsonl";
          return;
        }
        const fileName = info.filename ?? "";
        if (files.has(fileName)) abort(new AppError("BAD_REQUEST", `Two uploaded files are both named "${fileName}"; file names must be unique.`));
        files.set(fileName, { name: fileName, bytes: tooLarge ? Buffer.alloc(0) : bytes, tooLarge, size });
      });
    });
    parser.on("filesLimit", () => abort(new AppError("PAYLOAD_TOO_LARGE", `One upload may carry at most ${MAX_ITEMS_PER_UPLOAD} files; split it into several requests.`)));
    parser.on("error", (cause) => abort(new AppError("BAD_REQUEST", "The multipart body is malformed.", { cause })));
    parser.on("close", () => {
      if (failed) return;
      if (manifest === null) return reject(new AppError("BAD_REQUEST", 'The upload has no manifest: send a "manifest" field (JSONL or CSV).'));
      resolve({ manifest, format: format ?? "jsonl", files });
    });
    source.on("error", (cause) => abort(new AppError("BAD_REQUEST", "The upload was interrupted.", { cause })));
    source.pipe(parser);
  });
}
