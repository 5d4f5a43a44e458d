import { createHash } from "node:crypto";
import { MANIFEST_PATH, mediaSha256, parseShardName } from "@/lib/domain/datasets/export/layout";
import { rowLabelJson, type ExportRow } from "@/lib/domain/datasets/export/rows";
import { datasetMerkleRoot, leafValues, type DatasetLeaf } from "@/lib/domain/datasets/merkle-leaf";
import { ZExportManifest, type TExportManifest } from "@/lib/schemas/export-manifest";
import { readExportRows } from "./export-row-readers";
import { unSpreadsheetSafeRow } from "./spreadsheet-cells";
import type { ZipArchive } from "./zip-archive";

/** One thing that differs, named by the file (and sample) it is about. */
export type Finding = { file: string; sampleId?: string; problem: string };

/**
 * Where the published root came from: the trusted DatasetRegistry contract, or (without one) the platform's database;
 * `problem` when the manifest points somewhere no root can be trusted from (another registry, another chain).
 */
export type PublishedRoot = { root: string | null; source: string; problem?: string };

export type VerifyReport = {
  ok: boolean;
  findings: Finding[];
  manifest: TExportManifest | null;
  computedRoot: string | null;
  published: PublishedRoot | null;
};

/**
 * Checks a download end to end: every file against manifest.json (hash and size, nothing missing, nothing extra),
 * every row's content against its content_sha256 (text bytes or the media file), the Merkle root rebuilt from the
 * rows against the manifest's, and that root against the published one (read from a registry the caller trusts, never
 * from the one the manifest names).
 */
export async function verifyExportArchive(archive: ZipArchive, publishedRoot: (manifest: TExportManifest) => Promise<PublishedRoot>): Promise<VerifyReport> {
  const findings: Finding[] = [];
  const report = (file: string, problem: string, sampleId?: string) => findings.push({ file, problem, ...(sampleId ? { sampleId } : {}) });
  for (const name of archive.duplicates) report(name, "appears more than once in the zip");

  if (!archive.names.includes(MANIFEST_PATH)) {
    report(MANIFEST_PATH, "is missing, so nothing can be checked");
    return { ok: false, findings, manifest: null, computedRoot: null, published: null };
  }
  const parsed = ZExportManifest.safeParse(await readJson(archive, MANIFEST_PATH));
  if (!parsed.success) {
    report(MANIFEST_PATH, `is not a valid manifest (${parsed.error.issues[0]?.path.join(".")}: ${parsed.error.issues[0]?.message})`);
    return { ok: false, findings, manifest: null, computedRoot: null, published: null };
  }
  const manifest = parsed.data;

  // 1. Files: every listed file present and unchanged, and no file the manifest does not list.
  const listed = new Map(manifest.files.map((f) => [f.path, f]));
  const actualSha = new Map<string, string>();
  for (const file of manifest.files) {
    if (!archive.names.includes(file.path)) {
      report(file.path, "is listed in manifest.json but missing from the zip");
      continue;
    }
    const { sha256, size } = await hashEntry(archive, file.path);
    actualSha.set(file.path, sha256);
    if (sha256 !== file.sha256 || size !== file.size) report(file.path, `differs from manifest.json: sha256 ${sha256} (${size} bytes), expected ${file.sha256} (${file.size} bytes)`);
  }
  for (const name of archive.names) if (name !== MANIFEST_PATH && !listed.has(name)) report(name, "is in the zip but not listed in manifest.json");

  // 2. Rows: the leaves, rebuilt from the data files in shard order.
  const shards = manifest.files
    .map((f) => ({ path: f.path, shard: parseShardName(f.path) }))
    .filter((s): s is { path: string; shard: NonNullable<ReturnType<typeof parseShardName>> } => s.shard !== null)
    .sort((a, b) => a.shard.index - b.shard.index);
  if (shards.length === 0) report("data/", "holds no data file");
  shards.forEach((s, i) => {
    if (s.shard.index !== i || s.shard.count !== shards.length || s.shard.format !== manifest.format) report(s.path, `does not fit the layout (shard ${i} of ${shards.length} in ${manifest.format} expected)`);
  });
  const leaves: DatasetLeaf[] = [];
  const seen = new Set<string>();
  for (const { path } of shards) {
    if (!archive.names.includes(path)) continue;
    for await (const read of readExportRows(manifest.format, await archive.read(path))) {
      if ("error" in read) {
        report(path, `line ${read.line} ${read.error}`);
        continue;
      }
      const row = manifest.cells === "spreadsheet-safe" ? unSpreadsheetSafeRow(read.row) : read.row;
      const leaf = checkRow(row, path, actualSha, report);
      if (!leaf) continue;
      if (seen.has(leaf.sampleId)) report(path, "appears more than once", leaf.sampleId);
      seen.add(leaf.sampleId);
      leaves.push(leaf);
    }
  }
  if (leaves.length !== manifest.merkle.leafCount) report("data/", `holds ${leaves.length} readable rows, the manifest says ${manifest.merkle.leafCount}`);

  // 3. Roots: rebuilt from the rows = the manifest's = the published one.
  const computedRoot = leaves.length > 0 ? datasetMerkleRoot(leaves) : null;
  if (computedRoot !== manifest.merkle.root) report("data/", `the rows give Merkle root ${computedRoot ?? "(none)"}, manifest.json says ${manifest.merkle.root}`);
  const published = await publishedRoot(manifest);
  if (published.problem !== undefined) report(MANIFEST_PATH, published.problem);
  else if (published.root === null) report(MANIFEST_PATH, `version ${manifest.dataset.versionId} has no published root (${published.source})`);
  else if (published.root.toLowerCase() !== manifest.merkle.root.toLowerCase()) report(MANIFEST_PATH, `Merkle root ${manifest.merkle.root} is not the published one, ${published.root} (${published.source})`);

  return { ok: findings.length === 0, findings, manifest, computedRoot, published };
}

function checkRow(row: ExportRow, path: string, actualSha: Map<string, string>, report: (file: string, problem: string, sampleId?: string) => void): DatasetLeaf | null {
  const id = typeof row.sample_id === "string" ? row.sample_id : "";
  if (!id) {
    report(path, "has a row without sample_id");
    return null;
  }
  if (typeof row.text === "string") {
    const sha = createHash("sha256").update(row.text, "utf8").digest("hex");
    if (sha !== row.content_sha256) report(path, `text hashes to ${sha}, not its content_sha256 ${row.content_sha256}`, id);
  } else if (typeof row.file === "string") {
    if (mediaSha256(row.file) !== row.content_sha256) report(path, `names file ${row.file}, which is not the file of content_sha256 ${row.content_sha256}`, id);
    const sha = actualSha.get(row.file);
    if (sha === undefined) report(row.file, "is missing (named by a row)", id);
    else if (sha !== row.content_sha256) report(row.file, `hashes to ${sha}, not its content_sha256 ${row.content_sha256}`, id);
  } else report(path, "has neither text nor file", id);
  try {
    const leaf = { sampleId: id, contentSha256: row.content_sha256, labelJson: rowLabelJson(row), contributor: row.contributor };
    leafValues(leaf); // throws on a malformed hash or address
    return leaf;
  } catch (error) {
    report(path, `cannot be a Merkle leaf: ${(error as Error).message}`, id);
    return null;
  }
}

async function hashEntry(archive: ZipArchive, name: string): Promise<{ sha256: string; size: number }> {
  const hash = createHash("sha256");
  let size = 0;
  for await (const chunk of await archive.read(name)) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).byteLength;
  }
  return { sha256: hash.digest("hex"), size };
}

async function readJson(archive: ZipArchive, name: string): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of await archive.read(name)) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    return null;
  }
}
