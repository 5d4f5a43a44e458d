import { describe, expect, it } from "vitest";
import { freePreviewRows } from "@/lib/domain/datasets/free-preview";

describe("the free preview of a dataset card", () => {
  it.each([
    [0, 0],
    [1, 0],
    [9, 0], // the 9-row dataset that used to show 5 rows for free
    [19, 0],
    [20, 2],
    [29, 2],
    [30, 3],
    [49, 4],
    [50, 5],
    [51, 5],
    [1_000_000, 5],
  ])("%i rows preview %i", (rows, preview) => {
    expect(freePreviewRows(rows)).toBe(preview);
  });

  it("never shows more than a tenth of the rows", () => {
    for (let rows = 0; rows <= 500; rows++) expect(freePreviewRows(rows)).toBeLessThanOrEqual(rows / 10);
  });

  it.each([-1, 1.5, Number.NaN])("refuses %s rows", (rows) => {
    expect(() => freePreviewRows(rows)).toThrow(RangeError);
  });
});
