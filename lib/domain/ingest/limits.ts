// Every ingest limit in one table-like file, with the reason for each number. Plain data with no imports, so the
// browser can use it too (file input `accept`, size hints before uploading).
import type { IngestDataType } from "./data-type";

// Byte limits per data type. They guard memory and bandwidth; they are not the content rules (text length is
// counted in characters per campaign, image size in pixels). The HTTP layer enforces them while streaming
// (busboy's `limits.fileSize`), so an oversized upload is cut off, not buffered; checkSize is the same rule for
// bytes already in hand.
// TEXT: a campaign may ask for up to TEXT_MAX_LENGTH_CEILING = 100,000 characters; at most 4 UTF-8 bytes each,
// that is 400,000 bytes, so 512 KiB never refuses a text that the length rule would accept.
// IMAGE: a high-quality JPEG at the 40-megapixel limit below is about 12–20 MB.
export const UPLOAD_SIZE_LIMITS: Record<IngestDataType, { maxBytes: number }> = {
  TEXT: { maxBytes: 512 * 1024 },
  IMAGE: { maxBytes: 20 * 1024 * 1024 },
};

export function maxUploadBytes(dataType: IngestDataType): number {
  return UPLOAD_SIZE_LIMITS[dataType].maxBytes;
}

/** The image formats campaigns accept, with the media type a blob is served as. */
export const ACCEPTED_IMAGE_FORMATS = {
  png: "image/png",
  jpeg: "image/jpeg",
  webp: "image/webp",
  gif: "image/gif",
} as const;
export type ImageFormat = keyof typeof ACCEPTED_IMAGE_FORMATS;
export const ACCEPTED_IMAGE_MIME_TYPES: readonly string[] = Object.values(ACCEPTED_IMAGE_FORMATS);

export type ImageLimits = { maxPixels: number; maxSide: number; minSide: number };

// maxPixels bounds the memory of a decode (40 MP × 4 bytes RGBA ≈ 160 MB at worst, and the probe streams) and
// still admits 8K frames (33 MP) and most camera photos. It is checked against the dimensions in the header,
// before any pixel is decoded, so that a decompression bomb (a few KB declaring 20000 × 20000) costs nothing.
// maxSide keeps absurd aspect ratios out (WebP cannot exceed 16383 anyway); minSide refuses thumbnails and
// tracking pixels, which are no use as training data.
export const IMAGE_LIMITS: ImageLimits = { maxPixels: 40_000_000, maxSide: 16_384, minSide: 16 };

// A budget over the pixels one request may make the server decode, counted from the headers over distinct contents
// (exact copies are decoded once). Ten images at the per-image limit: a few seconds of decoding at most, whatever
// the request's size in bytes, since a flat 40 MP PNG weighs only a few KB.
export const IMAGE_PIXEL_BUDGET_PER_UPLOAD = 10 * IMAGE_LIMITS.maxPixels;

export type TextLengthBounds = { minLength: number; maxLength: number };

/** Same defaults as Campaign.textMinLength / textMaxLength in prisma/schema.prisma. */
export const DEFAULT_TEXT_LENGTH_BOUNDS: TextLengthBounds = { minLength: 1, maxLength: 5000 };
/** The largest textMaxLength a campaign may set (lib/schemas/campaign.ts); UPLOAD_SIZE_LIMITS.TEXT is sized for it. */
export const TEXT_MAX_LENGTH_CEILING = 100_000;

// Items (samples) one request may carry: a script splits a bulk upload into requests of this size; one request's
// checks then stay a bounded piece of work, and a refusal of the whole request costs the client little.
export const MAX_ITEMS_PER_UPLOAD = 1_000;

// A manifest's own byte limit, separate from the per-item limits above: 1,000 items of long text fit well inside.
export const MAX_MANIFEST_BYTES = 32 * 1024 * 1024;

/** Samples one wallet may upload per window, across campaigns, counted in the database (UploadQuota). */
export type UploadRateLimit = { maxItems: number; windowMs: number };

/** Generous for a person labelling by hand (one request per item), a brake for a script. */
export const DEFAULT_UPLOAD_RATE_LIMIT: UploadRateLimit = { maxItems: 6_000, windowMs: 10 * 60_000 };
