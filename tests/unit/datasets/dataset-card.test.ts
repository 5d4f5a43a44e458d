import { describe, expect, it } from "vitest";
import { datasetCard, renderHfReadme, sizeCategory, type DatasetCardInput } from "@/lib/domain/datasets/dataset-card";
import { computeVersionStats } from "@/lib/domain/datasets/version-stats";
import { versionChangelog } from "@/lib/domain/datasets/changelog";
import type { TLabelSchema } from "@/lib/schemas/label-schema";

const ROOT = `0x${"ab".repeat(32)}`;

function input(over: Partial<DatasetCardInput["version"]> = {}, schema: DatasetCardInput["campaign"]["labelSchema"] = { kind: "single_label", labels: ["positive", "negative"] }): DatasetCardInput {
  const stats = computeVersionStats(
    [
      { labels: "positive", posterior: 0.9, sizeBytes: 10, contributorId: "u1", createdAt: new Date("2026-11-01T10:00:00Z"), reviews: [{ reviewerId: "r1", verdict: "ACCEPT", label: "positive" }] },
      { labels: "negative", posterior: 0.7, sizeBytes: 5, contributorId: "u2", createdAt: new Date("2026-11-03T10:00:00Z"), reviews: [{ reviewerId: "r1", verdict: "ACCEPT", label: "positive" }, { reviewerId: "r2", verdict: "ACCEPT", label: "negative" }] },
    ],
    schema.kind,
    schema.kind === "free_text" ? [] : schema.labels,
  );
  return {
    dataset: { id: "d1", slug: "reviews", name: "Product reviews", description: 'Short "reviews" | with a pipe\nand: a colon' },
    campaign: { title: "Sentiment", dataType: "TEXT", labelSchema: schema },
    version: {
      id: "v1id",
      version: "v2",
      status: "PUBLISHED",
      licence: "CC-BY-4.0",
      priceWei: 10n ** 18n,
      onChainId: `0x${"01".repeat(32)}`,
      merkleRoot: ROOT,
      publishTxHash: `0x${"02".repeat(32)}`,
      publishBlock: 12,
      publishedAt: new Date("2026-11-05T00:00:00Z"),
      stats,
      changelog: versionChangelog({ version: "v1", members: [{ sampleId: "a", labelJson: '"positive"' }] }, [
        { sampleId: "a", labelJson: '"negative"' },
        { sampleId: "b", labelJson: '"positive"' },
      ]),
      ...over,
    },
    chain: { chainId: 31337, registryAddress: "0x5fbdb2315678afecb367f032d93f642f64180aa3" },
    preview: [{ sampleId: "a", text: "great", mimeType: "text/plain", sizeBytes: 5, labelJson: '"positive"' }],
  };
}

describe("datasetCard", () => {
  it("derives the task, size bucket and label shares from the stats", () => {
    const card = datasetCard(input());
    expect(card).toMatchObject({ task: "text-classification", taskId: "multi-class-classification", sampleCount: 2, totalBytes: 15, sizeCategory: "n<1K", contributors: 2, reviewers: 2 });
    expect(card.labels).toEqual([
      { label: "positive", count: 1, share: 0.5, agreement: 1 },
      { label: "negative", count: 1, share: 0.5, agreement: 0.5 },
    ]);
    expect(card.meanPosterior).toBeCloseTo(0.8);
    expect(card.provenance).toMatchObject({ merkleRoot: ROOT, publishBlock: 12, publishedAt: "2026-11-05T00:00:00.000Z" });
  });

  it.each([
    [{ kind: "multi_label", labels: ["a", "b"] }, "text-classification", "multi-label-classification"],
    [{ kind: "free_text", prompt: "Describe", minLength: 1, maxLength: 10 }, "text-generation", null],
  ] satisfies [TLabelSchema, string, string | null][])("maps %j to %s", (schema, task, taskId) => {
    expect(datasetCard(input({}, schema))).toMatchObject({ task, taskId });
  });

  it("is empty-safe for a draft without stats", () => {
    const card = datasetCard(input({ status: "DRAFT", stats: null, merkleRoot: null, changelog: null }));
    expect(card).toMatchObject({ sampleCount: 0, labels: [], meanPosterior: null });
  });
});

describe("sizeCategory", () => {
  it.each([
    [0, "n<1K"],
    [999, "n<1K"],
    [1_000, "1K<n<10K"],
    [99_999, "10K<n<100K"],
    [100_000, "100K<n<1M"],
    [20_000_000, "n>10M"],
  ])("%i -> %s", (n, bucket) => expect(sizeCategory(n)).toBe(bucket));
});

describe("renderHfReadme", () => {
  const readme = renderHfReadme(datasetCard(input()));
  const [, frontMatter, body] = readme.split(/^---$/m);

  it("opens with YAML front matter holding the Hugging Face metadata", () => {
    expect(readme.startsWith("---\n")).toBe(true);
    expect(frontMatter).toContain('license: "cc-by-4.0"');
    expect(frontMatter).toContain("task_categories:\n- text-classification");
    expect(frontMatter).toContain('size_categories:\n- "n<1K"');
    expect(frontMatter).toContain('label_names:\n- "positive"\n- "negative"');
    expect(frontMatter).toContain('path: "data/train-*"');
    expect(frontMatter).toContain(`merkle_root: "${ROOT}"`);
  });

  it("keeps user text out of the header and escapes table cells", () => {
    expect(frontMatter).not.toContain("with a pipe");
    expect(body).toContain("| positive | 1 | 50.0% | 100.0% |");
    const pipey = renderHfReadme(datasetCard(input({}, { kind: "single_label", labels: ["a|b", "c"] })));
    expect(pipey).toContain("| a\\|b | 0 |");
    expect(pipey).toContain('- "a|b"');
  });

  it("states the changelog and the provenance", () => {
    expect(body).toContain("Against v1: 1 added, 0 removed, 1 relabelled, 0 unchanged.");
    expect(body).toContain(`**Merkle root:** \`${ROOT}\``);
    expect(body).toContain("block 12");
  });

  it("says a first version is the first", () => {
    const first = renderHfReadme(datasetCard(input({ changelog: versionChangelog(null, [{ sampleId: "a", labelJson: '"x"' }]) })));
    expect(first).toContain("First published version.");
  });
});
