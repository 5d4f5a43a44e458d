import { describe, expect, it } from "vitest";
import { columnNames, csvHeader, csvLine, exportRow, jsonlLine, rowFromCsv, rowLabelJson, type ExportSource, type RowShape } from "@/lib/domain/datasets/export/rows";
import { parseCsv } from "@/lib/domain/manifest/csv";

const sha = "cd".repeat(32);
const source = (over: Partial<ExportSource> = {}): ExportSource => ({
  sampleId: "s1",
  labelJson: '"positive"',
  contentSha256: sha,
  contributor: "0x" + "12".repeat(20),
  posterior: 0.93,
  text: 'He said "fine, thanks"\nand left.',
  mimeType: "text/plain; charset=utf-8",
  ...over,
});

describe("exportRow", () => {
  it.each<[string, RowShape, Partial<ExportSource>, Record<string, unknown>]>([
    ["text, one label", { media: false, multiLabel: false }, {}, { text: 'He said "fine, thanks"\nand left.', label: "positive" }],
    ["image, label list", { media: true, multiLabel: true }, { text: null, mimeType: "image/png", labelJson: '["a","b"]' }, { file: `images/${sha}.png`, labels: ["a", "b"] }],
  ])("%s", (_name, shape, over, expected) => {
    const row = exportRow(source(over), shape);
    expect(row).toMatchObject({ sample_id: "s1", contributor: "0x" + "12".repeat(20), posterior: 0.93, content_sha256: sha, ...expected });
    expect(Object.keys(row)).toEqual(columnNames(shape));
  });

  it.each<[string, RowShape, Partial<ExportSource>]>([
    ["a list in a single-label dataset", { media: false, multiLabel: false }, { labelJson: '["a"]' }],
    ["one label in a multi-label dataset", { media: false, multiLabel: true }, {}],
    ["a text sample without text", { media: false, multiLabel: false }, { text: null }],
  ])("refuses %s", (_name, shape, over) => {
    expect(() => exportRow(source(over), shape)).toThrow();
  });
});

describe("formats carry the same row", () => {
  it.each<[string, RowShape, Partial<ExportSource>]>([
    ["text with quotes, commas and a newline", { media: false, multiLabel: false }, {}],
    ["multi-label image", { media: true, multiLabel: true }, { text: null, mimeType: "image/png", labelJson: '["cat","outdoor"]' }],
    ["no posterior", { media: false, multiLabel: false }, { posterior: null }],
  ])("%s survives CSV and JSONL", (_name, shape, over) => {
    const row = exportRow(source(over), shape);
    const [header, record] = parseCsv(csvHeader(shape) + csvLine(row, shape));
    expect(rowFromCsv(header!.fields, record!.fields)).toEqual(row);
    expect(JSON.parse(jsonlLine(row))).toEqual(row);
    expect(rowLabelJson(row)).toBe(source(over).labelJson);
  });

  it("gives the canonical label JSON of a re-ordered list", () => {
    expect(rowLabelJson({ labels: ["outdoor", "cat", "cat"] })).toBe('["cat","outdoor"]');
  });
});
