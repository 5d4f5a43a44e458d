import { describe, expect, it } from "vitest";
import { exportFileName, mediaPath, mediaSha256, parseShardName, planShards, shardName } from "@/lib/domain/datasets/export/layout";

describe("planShards", () => {
  it.each([
    // rows, estimated bytes, target, expected rows per shard
    [10, 100, 1000, [10]],
    [10, 3000, 1000, [4, 3, 3]],
    [3, 10_000, 1000, [1, 1, 1]], // never more shards than rows
    [100_000, 250 << 20, 256 << 20, [100_000]],
    [7, 7000, 1000, [1, 1, 1, 1, 1, 1, 1]],
  ])("%i rows of %i bytes at %i per shard -> %j", (rows, bytes, target, expected) => {
    const plan = planShards("parquet", rows, bytes, target);
    expect(plan.map((s) => s.rowCount)).toEqual(expected);
    expect(plan.map((s) => s.firstPosition)).toEqual(expected.map((_, i) => expected.slice(0, i).reduce((a, b) => a + b, 0)));
    expect(plan.every((s, i) => s.name === shardName("parquet", i, expected.length))).toBe(true);
  });

  it.each([[0, 1, 1], [1, 1, 0]])("refuses %i rows / target %i", (rows, bytes, target) => {
    expect(() => planShards("csv", rows, bytes, target)).toThrow();
  });
});

describe("shard and media names", () => {
  it.each([
    ["jsonl", 0, 1, "data/train-00000-of-00001.jsonl"],
    ["csv", 12, 345, "data/train-00012-of-00345.csv"],
  ] as const)("%s shard %i of %i is %s and parses back", (format, index, count, name) => {
    expect(shardName(format, index, count)).toBe(name);
    expect(parseShardName(name)).toEqual({ index, count, format });
  });

  it.each(["data/train-1-of-2.csv", "data/test-00000-of-00001.csv", "data/train-00000-of-00001.xlsx", "README.md"])("%s is not a shard", (name) => {
    expect(parseShardName(name)).toBeNull();
  });

  const sha = "ab".repeat(32);
  it.each([
    ["image/png", `images/${sha}.png`],
    ["image/jpeg", `images/${sha}.jpg`],
    ["application/x-unknown", `images/${sha}.bin`],
  ])("%s media is named %s by its hash", (mime, expected) => {
    expect(mediaPath(sha, mime)).toBe(expected);
    expect(mediaSha256(expected)).toBe(sha);
  });

  it.each([
    ["reviews", "v1", "jsonl", "reviews-v1-jsonl.zip"],
    ['we"ird/../slug', "v 2", "csv", "we-ird-..-slug-v-2-csv.zip"],
  ] as const)("download of %s %s as %s is %s", (slug, version, format, name) => {
    expect(exportFileName(slug, version, format)).toBe(name);
  });
});
