import "server-only";
import { Readable } from "node:stream";
import busboy from "busboy";
import { AppError } from "@/lib/errors";
import type { ManifestFormat } from "@/lib/domain/manifest/parse-manifest";

export type UploadedFile = { name: string; bytes: Buffer; tooLarge: boolean; size: number };
export type UploadBody = { manifest: string; format: ManifestFormat; files: Map<string, UploadedFile> };

export const MAX_UPLOAD_BODY_BYTES = 256 * 1024 * 1024;
const MAX_MANIFEST_BYTES = 32 * 1024 * 1024;
const MAX_FILES = 10_000;

/**
 * Streams a multipart upload (a `manifest` field or file, plus files) with limits enforced while reading: the body as
 * a whole (413 before anything is buffered when Content-Length says so), and each file (an oversized file is cut
 * off at the limit and marked, so that its item is refused without holding its bytes).
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
      parser = busboy({ headers: { "content-type": contentType }, limits: { fileSize: maxFileBytes, files: MAX_FILES + 1, fieldSize: MAX_MANIFEST_BYTES } });
    } catch (cause) {
      reject(new AppError("BAD_REQUEST", "The multipart body is malformed.", { cause }));
      return;
    }
    const files = new Map<string, UploadedFile>();
    let manifest: string | null = null;
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

    parser.on("field", (name, value) => {
      if (name === "manifest") manifest = value;
      else if (name === "manifestFormat") format = value === "csv" ? "csv" : "jsonl";
    });
    parser.on("file", (name, stream, info) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let tooLarge = false;
      stream.on("data", (chunk: Buffer) => {
        total += chunk.length;
        if (total > MAX_UPLOAD_BODY_BYTES) abort(new AppError("PAYLOAD_TOO_LARGE", "The upload is larger than one request may carry; split it."));
        size += chunk.length;
        if (!tooLarge) chunks.push(chunk);
      });
      stream.on("limit", () => {
        tooLarge = true;
        chunks.length = 0;
      });
      stream.on("end", () => {
        if (failed) return;
        const bytes = Buffer.concat(chunks);
        if (name === "manifest") {
          manifest = bytes.toString("utf8");
          format ??= info.filename?.toLowerCase().endsWith(".csv") ? "csv" : "jsonl";
          return;
        }
        const fileName = info.filename ?? "";
        if (files.has(fileName)) abort(new AppError("BAD_REQUEST", `Two uploaded files are both named "${fileName}"; file names must be unique.`));
        files.set(fileName, { name: fileName, bytes: tooLarge ? Buffer.alloc(0) : bytes, tooLarge, size });
      });
    });
    parser.on("filesLimit", () => abort(new AppError("PAYLOAD_TOO_LARGE", `One upload may carry at most ${MAX_FILES} files.`)));
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
