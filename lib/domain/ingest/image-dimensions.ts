import { passed, refused, type CheckOutcome } from "./check-outcome";
import { IMAGE_LIMITS, type ImageFormat, type ImageLimits } from "./limits";

export type ImageDimensions = { width: number; height: number };

// file-type's `ext` for each accepted format. An animated PNG is still a PNG (browsers show it from image/png).
const FORMAT_BY_DETECTED_EXT: Record<string, ImageFormat> = { png: "png", apng: "png", jpg: "jpeg", webp: "webp", gif: "gif" };

export function imageFormatOfDetectedType(ext: string): ImageFormat | null {
  return FORMAT_BY_DETECTED_EXT[ext] ?? null;
}

/** Judged on the dimensions in the image's header, before any pixel is decoded (see IMAGE_LIMITS). */
export function checkImageDimensions(dimensions: ImageDimensions, limits: ImageLimits = IMAGE_LIMITS): CheckOutcome<ImageDimensions> {
  const { width, height } = dimensions;
  if (!Number.isSafeInteger(width) || !Number.isSafeInteger(height) || width < 1 || height < 1) {
    return refused("IMAGE_CORRUPT", { problem: `its header declares impossible dimensions (${width} × ${height})` });
  }
  if (width * height > limits.maxPixels || width > limits.maxSide || height > limits.maxSide) {
    return refused("IMAGE_DIMENSIONS_TOO_LARGE", { width, height, maxPixels: limits.maxPixels, maxSide: limits.maxSide });
  }
  if (width < limits.minSide || height < limits.minSide) return refused("IMAGE_TOO_SMALL", { width, height, minSide: limits.minSide });
  return passed({ width, height });
}
