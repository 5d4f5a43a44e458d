import { describe, expect, it } from "vitest";
import { parseCsv } from "@/lib/domain/manifest/csv";
import { isSafeFileName, parseManifest } from "@/lib/domain/manifest/parse-manifest";

const jsonl = (...rows: unknown[]) => rows.map((r) => (typeof r === "string" ? r : JSON.stringify(r))).join("\n");

describe("parseManifest (JSONL)", () => {
  it("reads text and file items with their lines", () => {
    const result = parseManifest(jsonl({ text: "great", labels: "positive" }, "", { file: "a.png", labels: ["stop"] }), "jsonl", ["a.png"]);
    expect(result).toEqual({
      ok: true,
      items: [
        { line: 1, text: "great", labels: "positive" },
        { line: 3, file: "a.png", labels: ["stop"] },
      ],
    });
  });

  const bad: { name: string; source: string; files?: string[]; line: number | null; message: RegExp }[] = [
    { name: "a malformed JSON line", source: jsonl({ text: "a", labels: "x" }, "{oops", { text: "b", labels: "x" }), line: 2, message: /line 2 of the manifest is not valid JSON/ },
    { name: "a missing file", source: jsonl({ file: "photo.png", labels: "stop" }), line: 1, message: /names "photo.png", but no file of that name was uploaded/ },
    { name: "a duplicate row", source: jsonl({ text: "same", labels: "x" }, { text: "b", labels: "x" }, { text: "same", labels: "y" }), line: 3, message: /lines 1 and 3 of the manifest are the same item/ },
    { name: "a path traversal", source: jsonl({ file: "../../etc/passwd", labels: "x" }), files: ["passwd"], line: 1, message: /not a plain file name/ },
    { name: "a nested path", source: jsonl({ file: "dir/a.png", labels: "x" }), files: ["a.png"], line: 1, message: /not a plain file name/ },
    { name: "both file and text", source: jsonl({ file: "a.png", text: "t", labels: "x" }), files: ["a.png"], line: 1, message: /either "file" or "text"/ },
    { name: "neither file nor text", source: jsonl({ labels: "x" }), line: 1, message: /either "file" or "text"/ },
    { name: "labels of the wrong type", source: jsonl({ text: "t", labels: 3 }), line: 1, message: /"labels" must be a string or an array/ },
    { name: "a line that is not an object", source: jsonl([1, 2]), line: 1, message: /must be a JSON object/ },
    { name: "an empty manifest", source: "\n\n", line: null, message: /names no items/ },
    { name: "an uploaded file the manifest ignores", source: jsonl({ text: "t", labels: "x" }), files: ["extra.png"], line: null, message: /"extra.png" was uploaded but the manifest does not name it/ },
  ];

  it.each(bad)("refuses $name, naming the line", ({ source, files, line, message }) => {
    const result = parseManifest(source, "jsonl", files ?? []);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problem.line).toBe(line);
      expect(result.problem.message).toMatch(message);
    }
  });

  it("refuses more than 1,000 items, saying so as its own problem", () => {
    const source = Array.from({ length: 1_001 }, (_, i) => JSON.stringify({ text: `t${i}`, labels: "x" })).join("\n");
    const result = parseManifest(source, "jsonl", []);
    expect(result.ok || result.problem).toEqual({ line: null, message: "This upload holds 1001 items; one request may carry at most 1000. Split it into several requests.", tooManyItems: true });
  });
});

describe("parseManifest (CSV)", () => {
  it("reads quoted fields, multi-labels separated by |, and keeps line numbers", () => {
    const source = 'text,labels\n"Great, really ""great""",positive\n"two\nlines",a|b\n';
    const result = parseManifest(source, "csv", []);
    expect(result).toEqual({
      ok: true,
      items: [
        { line: 2, text: 'Great, really "great"', labels: "positive" },
        { line: 3, text: "two\nlines", labels: ["a", "b"] },
      ],
    });
  });

  it.each([
    ["a header without labels", "text\nhello\n", /must name a "labels" column/],
    ["a row with too many fields", "text,labels\na,b,c\n", /line 2 of the manifest has 3 fields/],
    ["an unclosed quote", 'text,labels\n"oops,x\n', /quoted field is never closed/],
  ])("refuses %s", (_name, source, message) => {
    const result = parseManifest(source, "csv", []);
    expect(result.ok ? "ok" : result.problem.message).toMatch(message);
  });
});

describe("isSafeFileName / parseCsv", () => {
  it.each([
    ["photo.png", true],
    ["my photo (1).JPG", true],
    ["..", false],
    ["../x", false],
    ["a/b", false],
    ["a\\b", false],
    ["", false],
    ["a\u0000b", false],
  ])("%j is safe: %s", (name, safe) => expect(isSafeFileName(name)).toBe(safe));

  it("handles CRLF and a final line without newline", () => {
    expect(parseCsv("a,b\r\n1,2")).toEqual([
      { line: 1, fields: ["a", "b"] },
      { line: 2, fields: ["1", "2"] },
    ]);
  });
});
