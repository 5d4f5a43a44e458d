import { describe, expect, it } from "vitest";
import { canonicalLabel, parseCsv } from "../../bench/crowd-data";

describe("parseCsv (benchmark loader)", () => {
  it.each<[string, string, string[][]]>([
    ["plain rows", "question,worker,answer\n1,2,3\n", [["question", "worker", "answer"], ["1", "2", "3"]]],
    ["CRLF and no final newline", "a,b\r\n1,2", [["a", "b"], ["1", "2"]]],
    ["a byte-order mark", "\ufeffa,b\n1,2\n", [["a", "b"], ["1", "2"]]],
    ["quoted commas and doubled quotes", 'q,answer\n1,"cat, ""tabby"""\n', [["q", "answer"], ["1", 'cat, "tabby"']]],
    ["a line break inside quotes", 'q,answer\n1,"two\nlines"\n', [["q", "answer"], ["1", "two\nlines"]]],
    ["blank lines and empty fields", "a,b\n\n1,\n", [["a", "b"], ["1", ""]]],
  ])("%s", (_, text, rows) => {
    expect(parseCsv(text)).toEqual(rows);
  });
});

describe("canonicalLabel", () => {
  it.each([
    ["1", "1"],
    ["1.0", "1"],
    [" 2 ", "2"],
    ["-0.50", "-0.5"],
    [" Yes ", "Yes"],
    ["", ""],
  ])("%j -> %j", (raw, label) => {
    expect(canonicalLabel(raw)).toBe(label);
  });
});
