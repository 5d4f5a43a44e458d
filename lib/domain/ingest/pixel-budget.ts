import { AppError } from "@/lib/errors";
import { formatMegapixels } from "./format-quantities";
import { IMAGE_PIXEL_BUDGET_PER_UPLOAD } from "./limits";

/**
 * The whole request is refused (413) when the distinct images it would make the server decode hold more pixels
 * than the budget: judged on their headers, before any decode, so a flood of tiny files declaring huge flat images
 * costs a header read each.
 */
export function checkPixelBudget(pixelsPerDistinctImage: readonly number[], budget: number = IMAGE_PIXEL_BUDGET_PER_UPLOAD): void {
  const total = pixelsPerDistinctImage.reduce((sum, pixels) => sum + pixels, 0);
  if (total <= budget) return;
  throw new AppError(
    "PAYLOAD_TOO_LARGE",
    `The images of this upload hold ${formatMegapixels(total)} in all; one request may hold at most ${formatMegapixels(budget)}. ` +
      "Split it into several requests.",
    { details: { totalPixels: total, maxPixels: budget } },
  );
}
