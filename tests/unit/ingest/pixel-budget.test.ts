import { describe, expect, it } from "vitest";
import { IMAGE_LIMITS, IMAGE_PIXEL_BUDGET_PER_UPLOAD } from "@/lib/domain/ingest/limits";
import { checkPixelBudget } from "@/lib/domain/ingest/pixel-budget";

describe("checkPixelBudget", () => {
  it("is ten images at the per-image limit", () => {
    expect(IMAGE_PIXEL_BUDGET_PER_UPLOAD).toBe(10 * IMAGE_LIMITS.maxPixels);
  });

  it.each([[[]], [[1_000, 2_000]], [Array.from({ length: 10 }, () => IMAGE_LIMITS.maxPixels)]])("allows %j", (pixels) => {
    expect(() => checkPixelBudget(pixels)).not.toThrow();
  });

  it("refuses the whole request with 413 past the budget, in megapixels", () => {
    expect(() => checkPixelBudget([30_000_000, 25_000_000], 50_000_000)).toThrow(
      expect.objectContaining({
        code: "PAYLOAD_TOO_LARGE",
        message: "The images of this upload hold 55 megapixels in all; one request may hold at most 50 megapixels. Split it into several requests.",
      }),
    );
  });
});
