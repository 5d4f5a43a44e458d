// The dataset card of a version: what a buyer reads before paying, and the README.md of every download.

export type DatasetCard = {
  name: string;
  slug: string;
  version: string;
  description: string;
  licence: string;
  dataType: "TEXT" | "IMAGE";
  task: "single_label" | "multi_label" | "free_text";
  labels: string[];
  sampleCount: number;
  labelCounts: Record<string, number>;
  merkleRoot: string | null;
  publishTxHash: string | null;
  publishedAt: string | null;
};

const HF_TASK: Record<DatasetCard["task"], Record<DatasetCard["dataType"], string>> = {
  single_label: { TEXT: "text-classification", IMAGE: "image-classification" },
  multi_label: { TEXT: "text-classification", IMAGE: "image-classification" },
  free_text: { TEXT: "text-generation", IMAGE: "image-to-text" },
};

function sizeCategory(n: number): string {
  if (n < 1_000) return "n<1K";
  if (n < 10_000) return "1K<n<10K";
  if (n < 100_000) return "10K<n<100K";
  if (n < 1_000_000) return "100K<n<1M";
  return "1M<n<10M";
}

const yamlString = (s: string) => JSON.stringify(s);

/** The card as a Hugging Face README.md: YAML metadata first, then the human part. */
export function renderHfReadme(card: DatasetCard): string {
  const yaml = [
    "---",
    `pretty_name: ${yamlString(card.name)}`,
    `license: ${yamlString(card.licence.toLowerCase())}`,
    "task_categories:",
    `- ${HF_TASK[card.task][card.dataType]}`,
    "size_categories:",
    `- ${sizeCategory(card.sampleCount)}`,
    "configs:",
    "- config_name: default",
    "  data_files:",
    "  - split: train",
    '    path: "data/train-*"',
    "---",
  ];
  const counts = Object.entries(card.labelCounts)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([label, n]) => `| ${label} | ${n} |`);
  return [
    ...yaml,
    "",
    `# ${card.name} (${card.version})`,
    "",
    card.description,
    "",
    `- Samples: ${card.sampleCount}`,
    `- Licence: ${card.licence}`,
    `- Labels: ${card.labels.join(", ") || "(free text)"}`,
    `- Merkle root: ${card.merkleRoot ?? "(not published)"}`,
    ...(card.publishTxHash ? [`- Published in transaction: ${card.publishTxHash}`] : []),
    "",
    ...(counts.length > 0 ? ["| label | samples |", "|---|---|", ...counts, ""] : []),
    "Verify this download with `npm run verify -- <zip>` in the Tessera repository.",
    "",
  ].join("\n");
}
