// The dataset card of a version: everything a buyer reads before paying, as data. The card page renders it as
// HTML and the export puts renderHfReadme(card) in every zip as README.md, so both always say the same thing.
import type { TLabelSchema } from "@/lib/schemas/label-schema";
import type { VersionChangelog } from "./changelog";
import type { VersionStats } from "./version-stats";

export type DatasetCardSample = {
  sampleId: string;
  /** The text for text samples; null for files (shown by type and size). */
  text: string | null;
  mimeType: string;
  sizeBytes: number;
  /** Canonical JSON of the consensus labels, exactly as committed in the Merkle leaf. */
  labelJson: string;
};

export type DatasetCardInput = {
  dataset: { id: string; slug: string; name: string; description: string };
  campaign: { title: string; dataType: "TEXT" | "IMAGE"; labelSchema: TLabelSchema };
  version: {
    id: string;
    version: string;
    status: "DRAFT" | "PUBLISHED";
    licence: string;
    priceWei: bigint;
    onChainId: string | null;
    merkleRoot: string | null;
    publishTxHash: string | null;
    publishBlock: number | null;
    publishedAt: Date | null;
    stats: VersionStats | null;
    changelog: VersionChangelog | null;
  };
  chain: { chainId: number; registryAddress: string | null };
  preview: readonly DatasetCardSample[];
};

export type LabelBar = { label: string; count: number; share: number; agreement: number | null };

export type DatasetCard = {
  datasetId: string;
  slug: string;
  name: string;
  description: string;
  campaignTitle: string;
  versionId: string;
  version: string;
  status: "DRAFT" | "PUBLISHED";
  licence: string;
  priceWei: bigint;
  dataType: "TEXT" | "IMAGE";
  /** Hugging Face task category, e.g. text-classification. */
  task: string;
  /** Hugging Face task id, e.g. multi-label-classification; null when the category says it all. */
  taskId: string | null;
  labelSchema: TLabelSchema;
  sampleCount: number;
  totalBytes: number;
  /** Hugging Face size category, e.g. "1K<n<10K". */
  sizeCategory: string;
  labels: LabelBar[];
  meanPosterior: number | null;
  contributors: number;
  reviewers: number;
  collectedFrom: string | null;
  collectedTo: string | null;
  provenance: {
    chainId: number;
    registryAddress: string | null;
    onChainId: string | null;
    merkleRoot: string | null;
    publishTxHash: string | null;
    publishBlock: number | null;
    publishedAt: string | null;
  };
  changelog: VersionChangelog | null;
  preview: DatasetCardSample[];
};

export function datasetCard(input: DatasetCardInput): DatasetCard {
  const { dataset, campaign, version, chain } = input;
  const stats = version.stats;
  const sampleCount = stats?.sampleCount ?? 0;
  const { task, taskId } = hfTask(campaign.dataType, campaign.labelSchema);
  return {
    datasetId: dataset.id,
    slug: dataset.slug,
    name: dataset.name,
    description: dataset.description,
    campaignTitle: campaign.title,
    versionId: version.id,
    version: version.version,
    status: version.status,
    licence: version.licence,
    priceWei: version.priceWei,
    dataType: campaign.dataType,
    task,
    taskId,
    labelSchema: campaign.labelSchema,
    sampleCount,
    totalBytes: stats?.totalBytes ?? 0,
    sizeCategory: sizeCategory(sampleCount),
    labels: (stats?.labels ?? []).map((l) => ({ ...l, share: sampleCount > 0 ? l.count / sampleCount : 0 })),
    meanPosterior: stats?.meanPosterior ?? null,
    contributors: stats?.contributors ?? 0,
    reviewers: stats?.reviewers ?? 0,
    collectedFrom: stats?.collectedFrom ?? null,
    collectedTo: stats?.collectedTo ?? null,
    provenance: {
      chainId: chain.chainId,
      registryAddress: chain.registryAddress,
      onChainId: version.onChainId,
      merkleRoot: version.merkleRoot,
      publishTxHash: version.publishTxHash,
      publishBlock: version.publishBlock,
      publishedAt: version.publishedAt?.toISOString() ?? null,
    },
    changelog: version.changelog,
    preview: [...input.preview],
  };
}

function hfTask(dataType: "TEXT" | "IMAGE", schema: TLabelSchema): { task: string; taskId: string | null } {
  if (schema.kind === "free_text") return { task: dataType === "TEXT" ? "text-generation" : "image-to-text", taskId: null };
  const task = dataType === "TEXT" ? "text-classification" : "image-classification";
  return { task, taskId: schema.kind === "multi_label" ? "multi-label-classification" : "multi-class-classification" };
}

/** Hugging Face's size_categories buckets. */
export function sizeCategory(n: number): string {
  const buckets: [number, string][] = [
    [1_000, "n<1K"],
    [10_000, "1K<n<10K"],
    [100_000, "10K<n<100K"],
    [1_000_000, "100K<n<1M"],
    [10_000_000, "1M<n<10M"],
  ];
  for (const [limit, name] of buckets) if (n < limit) return name;
  return "n>10M";
}

/** YAML scalar: a JSON string is a valid double-quoted YAML scalar, so nothing a user typed can break the header. */
const q = (value: string) => JSON.stringify(value);

const pct = (x: number | null) => (x === null ? "n/a" : `${(x * 100).toFixed(1)}%`);

/** Markdown table cell: pipes and newlines would end the cell or the row. */
const cell = (value: string) => value.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");

/**
 * The card as a Hugging Face dataset README.md: YAML metadata (licence, task, size, label names, data files under
 * data/) then the card in Markdown, the provenance needed to verify a download included.
 */
export function renderHfReadme(card: DatasetCard): string {
  const yaml: string[] = ["---", `pretty_name: ${q(`${card.name} ${card.version}`)}`, `license: ${q(card.licence.toLowerCase())}`];
  yaml.push("task_categories:", `- ${card.task}`);
  if (card.taskId) yaml.push("task_ids:", `- ${card.taskId}`);
  yaml.push("size_categories:", `- ${q(card.sizeCategory)}`);
  yaml.push("tags:", "- tessera", "- merkle-verified");
  yaml.push("configs:", "- config_name: default", "  data_files:", "  - split: train", '    path: "data/train-*"');
  if (card.labelSchema.kind !== "free_text") {
    yaml.push("label_names:", ...card.labelSchema.labels.map((label) => `- ${q(label)}`));
  }
  yaml.push("tessera:", `  dataset: ${q(card.slug)}`, `  version: ${q(card.version)}`, `  version_id: ${q(card.versionId)}`);
  yaml.push(`  chain_id: ${card.provenance.chainId}`);
  for (const [key, value] of [
    ["registry", card.provenance.registryAddress],
    ["on_chain_id", card.provenance.onChainId],
    ["merkle_root", card.provenance.merkleRoot],
    ["publish_tx", card.provenance.publishTxHash],
  ] as const) {
    if (value) yaml.push(`  ${key}: ${q(value)}`);
  }
  yaml.push("---", "");

  const md: string[] = [`# ${card.name} (${card.version})`, "", card.description, ""];
  md.push("## Dataset summary", "");
  md.push(`- **Source campaign:** ${card.campaignTitle}`);
  md.push(`- **Task:** ${card.task}${card.taskId ? ` (${card.taskId})` : ""}`);
  md.push(`- **Label schema:** ${describeSchema(card.labelSchema)}`);
  md.push(`- **Licence:** ${card.licence}`);
  md.push(`- **Samples:** ${card.sampleCount} (${card.totalBytes} bytes of content)`);
  md.push(`- **Contributors:** ${card.contributors}; **reviewers:** ${card.reviewers}`);
  md.push(`- **Mean consensus posterior:** ${card.meanPosterior === null ? "n/a" : card.meanPosterior.toFixed(3)}`);
  md.push(`- **Collected:** ${card.collectedFrom?.slice(0, 10) ?? "n/a"} to ${card.collectedTo?.slice(0, 10) ?? "n/a"}`, "");

  md.push("## Labels", "", "| label | samples | share | reviewer agreement |", "|---|---:|---:|---:|");
  for (const bar of card.labels) md.push(`| ${cell(bar.label)} | ${bar.count} | ${pct(bar.share)} | ${pct(bar.agreement)} |`);
  md.push("");

  md.push("## Changes", "");
  const log = card.changelog;
  if (!log || log.previousVersion === null) md.push("First published version.");
  else md.push(`Against ${log.previousVersion}: ${log.added} added, ${log.removed} removed, ${log.relabelled} relabelled, ${log.unchanged} unchanged.`);
  md.push("");

  md.push("## Provenance", "");
  md.push("Every sample is a leaf of an OpenZeppelin StandardMerkleTree over (sample id, sha256 of the content, keccak256");
  md.push("of the canonical label JSON, contributor address); the root was published on-chain in the DatasetRegistry.");
  md.push("`npm run verify -- <zip>` recomputes it from a download and checks it on-chain.", "");
  md.push(`- **Merkle root:** \`${card.provenance.merkleRoot ?? "not published"}\``);
  md.push(`- **Chain id:** ${card.provenance.chainId}`);
  if (card.provenance.registryAddress) md.push(`- **Registry:** \`${card.provenance.registryAddress}\``);
  if (card.provenance.onChainId) md.push(`- **On-chain version id:** \`${card.provenance.onChainId}\``);
  if (card.provenance.publishTxHash) md.push(`- **Published in:** \`${card.provenance.publishTxHash}\` (block ${card.provenance.publishBlock ?? "?"})`);
  md.push("");
  return [...yaml, ...md].join("\n");
}

export function describeSchema(schema: TLabelSchema): string {
  switch (schema.kind) {
    case "single_label":
      return `one of ${schema.labels.join(", ")}`;
    case "multi_label":
      return `any of ${schema.labels.join(", ")}${schema.maxLabels ? ` (at most ${schema.maxLabels})` : ""}`;
    case "free_text":
      return `free text answering "${schema.prompt}"`;
  }
}
