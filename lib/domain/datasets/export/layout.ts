// Where every file of a download lives inside the zip: a Hugging Face compatible layout that `datasets.load_dataset`
// reads in one line (data/train-00000-of-00003.parquet ...), media beside it, README.md and manifest.json at the top.

export const EXPORT_FORMATS = ["parquet", "jsonl", "csv"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/**
 * Bumped whenever the bytes of an export change for the same version and format (layout, columns, encodings), so
 * that an ETag or a cached zip from an older layout is never served as if it were the current one.
 */
export const EXPORT_LAYOUT_VERSION = 2;

export type ShardPlan = { name: string; firstPosition: number; rowCount: number };

/** Bytes a row adds besides its text: ids, hashes, address, label, posterior, separators. */
export const ROW_OVERHEAD_BYTES = 220;

/**
 * Splits `rowCount` rows (positions 0..rowCount-1) into contiguous, nearly equal shards of about `targetBytes` each.
 * The count is decided from an estimate before anything is written, because every file name carries it
 * ("-of-0000N"); shards of equal row counts are what the Hugging Face layout expects, not equal bytes.
 */
export function planShards(format: ExportFormat, rowCount: number, estimatedBytes: number, targetBytes: number): ShardPlan[] {
  if (!Number.isInteger(rowCount) || rowCount < 1) throw new Error("an export needs at least one row");
  if (!(targetBytes > 0)) throw new Error("the shard target must be positive");
  const count = Math.min(rowCount, Math.max(1, Math.ceil(estimatedBytes / targetBytes)));
  const base = Math.floor(rowCount / count);
  const extra = rowCount % count;
  const shards: ShardPlan[] = [];
  let first = 0;
  for (let i = 0; i < count; i++) {
    const rows = base + (i < extra ? 1 : 0);
    shards.push({ name: shardName(format, i, count), firstPosition: first, rowCount: rows });
    first += rows;
  }
  return shards;
}

export function shardName(format: ExportFormat, index: number, count: number): string {
  const pad = (n: number) => String(n).padStart(5, "0");
  return `data/train-${pad(index)}-of-${pad(count)}.${format}`;
}

const SHARD_NAME = /^data\/train-(\d{5})-of-(\d{5})\.(parquet|jsonl|csv)$/;

/** The shard index, count and format a data file name encodes, or null for any other name. */
export function parseShardName(name: string): { index: number; count: number; format: ExportFormat } | null {
  const m = SHARD_NAME.exec(name);
  if (!m) return null;
  return { index: Number(m[1]), count: Number(m[2]), format: m[3] as ExportFormat };
}

const MEDIA_EXTENSIONS: Record<string, string> = {
  "image/png": "png",
  "image/jpeg": "jpg",
  "image/webp": "webp",
  "image/gif": "gif",
  "image/avif": "avif",
  "image/tiff": "tiff",
};

/** A media file is named by its sha256, so its name alone says what its bytes must hash to. */
export function mediaPath(contentSha256: string, mimeType: string): string {
  return `images/${contentSha256}.${MEDIA_EXTENSIONS[mimeType] ?? "bin"}`;
}

const MEDIA_PATH = /^images\/([0-9a-f]{64})\.[a-z]+$/;

export function mediaSha256(path: string): string | null {
  return MEDIA_PATH.exec(path)?.[1] ?? null;
}

export const README_PATH = "README.md";
export const MANIFEST_PATH = "manifest.json";

/** The download's file name: the dataset's slug, its version and the format, safe in a Content-Disposition. */
export function exportFileName(datasetSlug: string, version: string, format: ExportFormat): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^-+|-+$/g, "") || "dataset";
  return `${safe(datasetSlug)}-${safe(version)}-${format}.zip`;
}
