import { describe, expect, it } from "vitest";
import { clampPage, listHref, parseListQuery, searchPieces } from "@/lib/schemas/list-query";

const options = { sorts: ["newest", "oldest"] as const, defaultSize: 20, maxSize: 100 } as unknown as { sorts: readonly ["newest", "oldest"]; defaultSize: number; maxSize: number };

describe("list queries from the URL", () => {
  it.each([
    [{}, { q: "", sort: "newest", page: 1, size: 20 }, 0],
    [{ q: "  battery ", sort: "oldest", page: "3", size: "50" }, { q: "battery", sort: "oldest", page: 3, size: 50 }, 0],
    [{ sort: "loudest" }, { sort: "newest" }, 1],
    [{ page: "0" }, { page: 1 }, 1],
    [{ page: "-4" }, { page: 1 }, 1],
    [{ page: "abc" }, { page: 1 }, 1],
    [{ page: "2.5" }, { page: 1 }, 1],
    [{ size: "1000" }, { size: 100 }, 1],
    [{ size: "0" }, { size: 1 }, 1],
    [{ q: "x".repeat(150) }, { q: "x".repeat(100) }, 1],
    [{ page: ["2", "5"] }, { page: 2 }, 0],
  ])("%j → %j with %i notes", (raw, expected, notes) => {
    const parsed = parseListQuery(raw, options);
    expect(parsed.query).toMatchObject(expected);
    expect(parsed.notes).toHaveLength(notes);
  });

  it("clamps a page past the end to the last page, saying so", () => {
    const parsed = clampPage(parseListQuery({ page: "9" }, options), 45);
    expect(parsed.query.page).toBe(3);
    expect(parsed.notes).toEqual(["There are only 3 pages; showing the last."]);
    expect(clampPage(parseListQuery({ page: "2" }, options), 45).notes).toEqual([]);
  });

  it("writes short links, leaving defaults out", () => {
    const { query } = parseListQuery({ q: "cat", page: "2" }, options);
    expect(listHref("/x", query, options)).toBe("/x?q=cat&page=2");
    expect(listHref("/x", query, options, { page: 1, q: "" })).toBe("/x");
    expect(listHref("/x", query, options, { sort: "oldest" }, { status: "ACCEPTED" })).toBe("/x?status=ACCEPTED&q=cat&sort=oldest&page=2");
  });
});

describe("search pieces for LIKE", () => {
  it.each([
    ["", []],
    ["battery", ["battery"]],
    ["50%", ["50"]],
    ["%", []],
    ["IMG_0001.jpg", ["IMG", "0001.jpg"]],
    ["a \\ b", ["a", "b"]],
  ])("%j → %j", (q, pieces) => expect(searchPieces(q)).toEqual(pieces));
});
