// sha256 from node:crypto: a pure computation (no I/O), but Node-only, so client components must not import
// this file; they have no reason to.
import { createHash } from "node:crypto";
import { textFingerprint } from "./text-fingerprint";

export type HashableContent = { dataType: "TEXT"; text: string } | { dataType: "IMAGE"; bytes: Uint8Array };

/**
 * Sample.contentHash: 64 lowercase hex digits, unique per campaign, so an exact duplicate is one indexed lookup.
 * Text is hashed in its fingerprint form (see textFingerprint: NFKC, no invisible characters, lowercase, one
 * space between words), so trivial variants of the same text collide on purpose. Images are hashed as bytes:
 * the same hash is then also the blob's storage key, and re-encoded copies are the near-duplicate check's job.
 */
export function contentHash(content: HashableContent): string {
  return content.dataType === "TEXT" ? textContentHashOfFingerprint(textFingerprint(content.text)) : sha256Hex(content.bytes);
}

/** contentHash of a text whose textFingerprint is already in hand: sha256 of the fingerprint's UTF-8 bytes. */
export function textContentHashOfFingerprint(fingerprint: string): string {
  return createHash("sha256").update(fingerprint, "utf8").digest("hex");
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}
