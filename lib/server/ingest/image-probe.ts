import "server-only";
import sharp, { type Metadata, type OutputInfo } from "sharp";
import { passed, refused, type CheckOutcome } from "@/lib/domain/ingest/check-outcome";
import { detectContentType } from "@/lib/domain/ingest/content-type";
import { DHASH_PARAMETERS, dHashFromGreyscale } from "@/lib/domain/ingest/dhash";
import { checkImageDimensions } from "@/lib/domain/ingest/image-dimensions";
import { ACCEPTED_IMAGE_FORMATS, IMAGE_LIMITS, type ImageFormat, type ImageLimits } from "@/lib/domain/ingest/limits";

export type ImageProbe = {
  format: ImageFormat;
  mimeType: (typeof ACCEPTED_IMAGE_FORMATS)[ImageFormat];
  /** As displayed, i.e. after EXIF orientation (a portrait photo stored sideways is reported as portrait). */
  width: number;
  height: number;
  /** 16 hex digits; see lib/domain/ingest/dhash.ts. */
  dHash: string;
};

/** A decode that takes longer than this is treated as hostile; a legitimate 40 MP image takes well under a second. */
const DECODE_TIMEOUT_SECONDS = 10;

/** What the header says, read without decoding a pixel. */
export type ImageHeader = Pick<ImageProbe, "format" | "mimeType" | "width" | "height">;

/** Decodes an image whose header passed: the seam through which tests count decodes. */
export type ImageDecoder = (bytes: Uint8Array, header: ImageHeader, limits?: ImageLimits) => Promise<CheckOutcome<ImageProbe>>;

/**
 * Reads an uploaded image in three steps, each cheaper than the next and each able to refuse:
 * 1. the type from magic bytes (again, so that sharp never parses anything but PNG, JPEG, WebP or GIF: libvips
 *    also reads SVG, PDF and more, which have no business here);
 * 2. the header only (`metadata()` decodes no pixels), so the dimensions are judged before any decode: a
 *    decompression bomb is refused here at the cost of reading a few bytes;
 * 3. one full decode, which proves the image is intact (`failOn: "error"` turns a truncated or damaged file into
 *    an error instead of a half-grey picture) and yields the 9 × 8 greyscale thumbnail for the dHash.
 *    `limitInputPixels` backs step 2 up inside libvips itself.
 * The upload path runs steps 1-2 (readImageHeader) for every item and step 3 (decodeImage) once per distinct
 * content, after exact duplicates are dropped and the request's pixel budget is checked.
 */
export async function probeImage(bytes: Uint8Array, limits: ImageLimits = IMAGE_LIMITS): Promise<CheckOutcome<ImageProbe>> {
  const header = await readImageHeader(bytes, limits);
  return header.ok ? decodeImage(bytes, header.value, limits) : header;
}

/** Steps 1 and 2: the real type and the dimensions from the header, judged against the limits. */
export async function readImageHeader(bytes: Uint8Array, limits: ImageLimits = IMAGE_LIMITS): Promise<CheckOutcome<ImageHeader>> {
  const type = await detectContentType("IMAGE", bytes);
  if (!type.ok) return type;
  if (type.value.dataType !== "IMAGE") throw new Error("unreachable: an IMAGE check accepted non-image content");
  const { format, mimeType } = type.value;

  let header: Metadata;
  try {
    // limitInputPixels: false here only, so that an oversized image reports its dimensions to our own rule
    // (with sharp's limit, metadata() fails with a bare "exceeds pixel limit"). No pixels are decoded.
    header = await sharp(bytes, { limitInputPixels: false, failOn: "error" }).metadata();
  } catch (error) {
    return refused("IMAGE_CORRUPT", { format, problem: describeSharpError(error, "its header is unreadable") });
  }
  // sharp names the four formats as we do.
  if (header.format !== format) {
    return refused("IMAGE_CORRUPT", { format, problem: `it starts like a ${format.toUpperCase()} file but is not one` });
  }
  const dimensions = checkImageDimensions({ width: header.autoOrient.width, height: header.autoOrient.height }, limits);
  if (!dimensions.ok) return dimensions;
  return passed({ format, mimeType, ...dimensions.value });
}

/** Step 3: one full decode, proving the file intact, down to the dHash thumbnail. */
export const decodeImage: ImageDecoder = async (bytes, header, limits = IMAGE_LIMITS) => {
  const { format, mimeType, width, height } = header;
  let thumbnail: { data: Buffer; info: OutputInfo };
  try {
    thumbnail = await sharp(bytes, { limitInputPixels: limits.maxPixels, failOn: "error", autoOrient: true, sequentialRead: true })
      .timeout({ seconds: DECODE_TIMEOUT_SECONDS })
      // Transparent pixels are judged as if on white, so that a PNG and its flattened JPEG copy hash alike.
      .flatten({ background: "#ffffff" })
      .greyscale()
      .resize(DHASH_PARAMETERS.width, DHASH_PARAMETERS.height, { fit: "fill" })
      .raw()
      .toBuffer({ resolveWithObject: true });
  } catch (error) {
    return refused("IMAGE_CORRUPT", { format, problem: describeSharpError(error, "its pixels cannot be decoded") });
  }
  const { info, data } = thumbnail;
  if (info.channels !== 1 || info.width !== DHASH_PARAMETERS.width || info.height !== DHASH_PARAMETERS.height) {
    throw new Error(`Unexpected dHash thumbnail ${info.width}×${info.height}×${info.channels} from sharp.`);
  }
  return passed({ format, mimeType, width, height, dHash: dHashFromGreyscale(data) });
};

/** Contributors see what went wrong in words, never libvips internals; the raw message goes nowhere else. */
function describeSharpError(error: unknown, fallback: string): string {
  const message = error instanceof Error ? error.message.toLowerCase() : "";
  if (message.includes("timeout")) return "it takes too long to decode";
  if (message.includes("premature end") || message.includes("truncat") || message.includes("unexpected end")) return "the file ends too early";
  return fallback;
}
