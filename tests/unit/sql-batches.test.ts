import { describe, expect, it } from "vitest";
import { inChunks, MAX_PARAMETERS_PER_STATEMENT, parameterList, rowsPerStatement, valueTuples } from "@/lib/server/sql-batches";

describe("inChunks", () => {
  it.each([
    { items: [], size: 3, chunks: [] },
    { items: [1, 2, 3], size: 3, chunks: [[1, 2, 3]] },
    { items: [1, 2, 3, 4, 5], size: 2, chunks: [[1, 2], [3, 4], [5]] },
    { items: [1, 2], size: 10, chunks: [[1, 2]] },
  ])("$items in chunks of $size", ({ items, size, chunks }) => {
    expect(inChunks(items, size)).toEqual(chunks);
  });

  it.each([0, -1, 1.5])("refuses a chunk size of %d", (size) => {
    expect(() => inChunks([1], size)).toThrow(RangeError);
  });
});

describe("rowsPerStatement", () => {
  it.each([
    { columns: 1, rows: 10_000 },
    { columns: 4, rows: 2_500 },
    { columns: 18, rows: 555 },
    { columns: 20_000, rows: 1 },
  ])("$columns columns → $rows rows", ({ columns, rows }) => {
    expect(rowsPerStatement(columns)).toBe(rows);
    expect(rows * columns <= MAX_PARAMETERS_PER_STATEMENT || rows === 1).toBe(true);
  });

  it("stays far below SQLite's 32,766 and PostgreSQL's 65,535 parameters", () => {
    expect(MAX_PARAMETERS_PER_STATEMENT).toBeLessThan(32_766);
  });
});

describe("value lists", () => {
  it("binds every value as a parameter, one tuple per row", () => {
    const sql = valueTuples([
      ["a", 1],
      ["b'; DROP TABLE x; --", null],
    ]);
    expect(sql.values).toEqual(["a", 1, "b'; DROP TABLE x; --", null]);
    expect(sql.sql).toBe("(?,?),(?,?)");
  });

  it("binds an IN list", () => {
    const sql = parameterList(["x", "y", "z"]);
    expect(sql.values).toEqual(["x", "y", "z"]);
    expect(sql.sql).toBe("?,?,?");
  });
});
