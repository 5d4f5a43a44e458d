import { describe, expect, it } from "vitest";
import { collectionWindow, consensusLabels, matchesFilters, type FilterableSample } from "@/lib/domain/datasets/version-filter";
import { ZVersionFilters, type TVersionFilters } from "@/lib/schemas/dataset";

const filters = (over: Partial<TVersionFilters> = {}): TVersionFilters => ZVersionFilters.parse(over);
const sample = (over: Partial<FilterableSample> = {}): FilterableSample => ({ posterior: 0.95, createdAt: new Date("2026-11-10T12:00:00Z"), labels: "cat", ...over });

describe("matchesFilters", () => {
  it.each<[string, Partial<FilterableSample>, Partial<TVersionFilters>, boolean]>([
    ["no filters take everything", {}, {}, true],
    ["posterior at the minimum passes", { posterior: 0.9 }, { minPosterior: 0.9 }, true],
    ["posterior below the minimum fails", { posterior: 0.89 }, { minPosterior: 0.9 }, false],
    ["no posterior fails a minimum", { posterior: null }, { minPosterior: 0.5 }, false],
    ["no posterior passes a minimum of 0", { posterior: null }, {}, true],
    ["a listed label passes", {}, { labels: ["dog", "cat"] }, true],
    ["an unlisted label fails", {}, { labels: ["dog"] }, false],
    ["a multi-label sample with one listed label passes", { labels: ["dog", "bird"] }, { labels: ["bird"] }, true],
    ["collected on the first day passes", { createdAt: new Date("2026-11-10T00:00:00Z") }, { from: "2026-11-10" }, true],
    ["collected the day before fails", { createdAt: new Date("2026-11-09T23:59:59Z") }, { from: "2026-11-10" }, false],
    ["collected late on the last day passes", { createdAt: new Date("2026-11-10T23:59:59Z") }, { to: "2026-11-10" }, true],
    ["collected the day after fails", { createdAt: new Date("2026-11-11T00:00:00Z") }, { to: "2026-11-10" }, false],
  ])("%s", (_name, s, f, expected) => expect(matchesFilters(sample(s), filters(f))).toBe(expected));
});

describe("ZVersionFilters", () => {
  it.each([
    [{ minPosterior: 1.5 }, "Between 0 and 1"],
    [{ from: "2026-12-02", to: "2026-12-01" }, "The end date must not be before the start date"],
    [{ from: "yesterday" }, "Use a date like 2026-12-01"],
  ])("refuses %j", (input, message) => {
    const result = ZVersionFilters.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe(message);
  });
});

describe("collectionWindow", () => {
  it("turns inclusive days into a half-open window", () => {
    expect(collectionWindow(filters({ from: "2026-01-01", to: "2026-01-31" }))).toEqual({ from: new Date("2026-01-01T00:00:00Z"), until: new Date("2026-02-01T00:00:00Z") });
  });
});

describe("consensusLabels", () => {
  it.each([
    [{ consensusLabel: "dog", labels: "cat" }, "dog"],
    [{ consensusLabel: null, labels: "cat" }, "cat"],
    [{ consensusLabel: null, labels: ["a", "b"] }, ["a", "b"]],
  ])("%j -> %j", (s, labels) => expect(consensusLabels(s)).toEqual(labels));

  it("refuses labels of another shape", () => {
    expect(() => consensusLabels({ consensusLabel: null, labels: 3 })).toThrow(/string or a list/);
  });
});
