import "server-only";
import { createHash } from "node:crypto";
import { AppError } from "@/lib/errors";

// A blob key is exactly 64 lowercase hex digits. Checking that before any use is what keeps a key from ever
// naming something else: no "/", no "..", no NUL, nothing a filesystem or an object store would interpret.
const BLOB_KEY = /^[0-9a-f]{64}$/;

export function isBlobKey(value: unknown): value is string {
  return typeof value === "string" && BLOB_KEY.test(value);
}

export function assertBlobKey(value: unknown): asserts value is string {
  if (!isBlobKey(value)) throw new AppError("BAD_REQUEST", "This is not a valid blob key (64 lowercase hex digits).");
}

/** The key of some bytes: their sha256 in lowercase hex. */
export function blobKeyOf(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}
