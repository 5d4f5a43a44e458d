import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { canonicalLabel, loadCrowdDataset, parseCsv } from "../../bench/crowd-data";

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

describe("loadCrowdDataset", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "crowd-"));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  const write = (answers: string, truth: string) => {
    writeFileSync(path.join(dir, "answer.csv"), answers);
    writeFileSync(path.join(dir, "truth.csv"), truth);
  };

  it("reads string answers, keeps a worker's last answer to a question and skips incomplete rows", () => {
    write(
      "question,worker,answer\nq1,w1,cat\nq1,w2,dog\nq1,w1,dog\nq2,w1,bird\nq2,,cat\nq3,w2,\n",
      "question,truth\nq1,dog\nq2,bird\n",
    );
    const data = loadCrowdDataset(dir);
    expect(data.classes).toEqual(["bird", "cat", "dog"]);
    expect(data.votes).toHaveLength(3);
    expect(data.votes.find((v) => v.itemId === "q1" && v.reviewerId === "w1")!.label).toBe(2);
    expect(data).toMatchObject({ items: 2, workers: 2, replacedAnswers: 1, skippedRows: 2 });
    expect(Object.fromEntries(data.truth)).toEqual({ q1: 2, q2: 0 });
  });

  it("accepts a truth file that covers only some questions, or questions nobody answered", () => {
    write("question,worker,answer\n1,a,1\n2,a,0\n3,b,1.0\n", "question,truth\n2,0\n9,1\n");
    const data = loadCrowdDataset(dir);
    expect(data.classes).toEqual(["0", "1"]);
    expect(Object.fromEntries(data.truth)).toEqual({ "2": 0, "9": 1 });
    expect(data.votes.map((v) => v.label)).toEqual([1, 0, 1]);
  });

  it("does not confuse two different (question, worker) pairs that concatenate alike", () => {
    write("question,worker,answer\na,bc,1\nab,c,0\n", "question,truth\na,1\n");
    expect(loadCrowdDataset(dir).votes).toHaveLength(2);
  });

  it("says which file is missing", () => {
    writeFileSync(path.join(dir, "answer.csv"), "question,worker,answer\n1,a,1\n");
    expect(() => loadCrowdDataset(dir)).toThrow(/truth\.csv does not exist/);
  });
});
