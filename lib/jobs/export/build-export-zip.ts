import type { Readable } from "node:stream";
import { setImmediate as nextTurn } from "node:timers/promises";
import { ZipFile } from "yazl";
import { EXPORT_LAYOUT_VERSION, MANIFEST_PATH, README_PATH, planShards, type ExportFormat } from "@/lib/domain/datasets/export/layout";
import { csvHeader, csvLine, exportRow, jsonlLine, type ExportRow, type ExportSource, type RowShape } from "@/lib/domain/datasets/export/rows";
import type { TExportManifest } from "@/lib/schemas/export-manifest";
import { ParquetShardWriter } from "./parquet-shard";
import { spreadsheetSafeRow } from "./spreadsheet-cells";
import { TextChunker, ZipEntrySink, type WrittenFile } from "./zip-entry-sink";

export type ExportInput = {
  format: ExportFormat;
  shape: RowShape;
  rowCount: number;
  /** Bytes the data files will take, about: plans the shard count before the first name is written. */
  estimatedBytes: number;
  shardTargetBytes: number;
  /** Rows per Parquet row group and per read from the source; bounds memory. */
  rowsPerGroup: number;
  /** Every entry's timestamp: the version's publication, so the same version always zips to the same bytes. */
  mtime: Date;
  readme: string;
  manifest: Omit<TExportManifest, "files" | "format" | "layoutVersion">;
};

export interface ExportRowSource {
  /** Every row of the version in position order; a new pass on every call. Reads in pages, never all at once. */
  rows(): AsyncIterable<ExportSource>;
  /** The bytes of a media sample, streamed. */
  openMedia(contentSha256: string): Promise<Readable>;
}

/**
 * The whole download as one zip stream: README.md, the data shards, the media files, then manifest.json with the
 * sha256 and size of every file before it. Entries are produced one after the other and every write waits for the
 * reader, so memory stays at about one row group whatever the size of the version. The bytes are a function of the
 * version, the format and the layout version only (fixed timestamps, fixed order, deterministic encoders), which is
 * what lets a cached copy answer Range requests for a download that was started from a fresh stream.
 */
export function buildExportZip(input: ExportInput, source: ExportRowSource, signal: AbortSignal = new AbortController().signal): Readable {
  const zip = new ZipFile();
  const output = zip.outputStream as Readable;
  writeEntries(zip, input, source, signal).catch((error: unknown) => output.destroy(error instanceof Error ? error : new Error(String(error))));
  return output;
}

async function writeEntries(zip: ZipFile, input: ExportInput, source: ExportRowSource, signal: AbortSignal): Promise<void> {
  const files: WrittenFile[] = [];
  const entry = (path: string, compress: boolean) => new ZipEntrySink(zip, path, { compress, mtime: input.mtime }, signal);

  const readme = entry(README_PATH, true);
  await readme.write(Buffer.from(input.readme, "utf8"));
  files.push(readme.end());

  const shards = planShards(input.format, input.rowCount, input.estimatedBytes, input.shardTargetBytes);
  const rows = source.rows()[Symbol.asyncIterator]();
  for (const shard of shards) {
    // Parquet is compressed already (Snappy pages); deflating it again costs time and saves little.
    const sink = entry(shard.name, input.format !== "parquet");
    await writeShard(input, sink, rows, shard.rowCount);
    files.push(sink.end());
  }
  if (!(await rows.next()).done) throw new Error(`the version has more rows than its sample count (${input.rowCount})`);

  if (input.shape.media) {
    for await (const { sample, media } of withMediaOpened(source, MEDIA_OPEN_AHEAD)) {
      const row = exportRow(sample, input.shape);
      const sink = entry(row.file!, false);
      for await (const chunk of await media) await sink.write(chunk as Uint8Array);
      const written = sink.end();
      await nextTurn();
      if (written.sha256 !== sample.contentSha256) throw new Error(`the stored file of sample ${sample.sampleId} does not match its content hash`);
      files.push(written);
    }
  }

  const manifest: TExportManifest = { layoutVersion: EXPORT_LAYOUT_VERSION, format: input.format, ...input.manifest, files };
  zip.addBuffer(Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, "utf8"), MANIFEST_PATH, { compress: true, mtime: input.mtime, mode: 0o100644 });
  zip.end();
}

/**
 * Media files opened ahead of the one being written. Each open is a few round trips to the file system (open, stat,
 * the first read); one after the other they left an image export mostly waiting. An opened stream buffers at most
 * its high-water mark, so memory stays bounded.
 */
const MEDIA_OPEN_AHEAD = 8;

/** The rows with their media opened `ahead` rows in advance, in order. A failed open surfaces at its own row. */
async function* withMediaOpened(source: ExportRowSource, ahead: number): AsyncGenerator<{ sample: ExportSource; media: Promise<Readable> }> {
  const queue: { sample: ExportSource; media: Promise<Readable> }[] = [];
  const open = (sample: ExportSource) => {
    const media = source.openMedia(sample.contentSha256);
    media.catch(() => undefined); // observed when its row is written; never an unhandled rejection meanwhile
    queue.push({ sample, media });
  };
  try {
    for await (const sample of source.rows()) {
      open(sample);
      if (queue.length > ahead) yield queue.shift()!;
    }
    while (queue.length > 0) yield queue.shift()!;
  } finally {
    // Streams opened ahead of a failure: close them so no file handle is left open.
    for (const { media } of queue) void media.then((stream) => stream.destroy(), () => undefined);
  }
}

const FIRST_GROUP_ROWS = 200;

async function writeShard(input: ExportInput, sink: ZipEntrySink, rows: AsyncIterator<ExportSource>, count: number): Promise<void> {
  const take = async function* (): AsyncGenerator<ExportRow[]> {
    let group: ExportRow[] = [];
    // The first group is small, so the first bytes leave before a whole group is read and encoded.
    let groupSize = Math.min(FIRST_GROUP_ROWS, input.rowsPerGroup);
    // The database driver and the encoders are synchronous: without a turn of the event loop between row groups,
    // file writes, the HTTP response and the first reader would only see bytes once the whole zip was encoded.
    await nextTurn();
    for (let i = 0; i < count; i++) {
      const next = await rows.next();
      if (next.done) throw new Error(`the version has fewer rows than its sample count (${input.rowCount})`);
      group.push(exportRow(next.value, input.shape));
      if (group.length === groupSize) {
        yield group;
        group = [];
        groupSize = input.rowsPerGroup;
        await nextTurn();
      }
    }
    if (group.length > 0) yield group;
  };

  if (input.format === "parquet") {
    const writer = new ParquetShardWriter(input.shape, (bytes) => sink.write(bytes));
    for await (const group of take()) await writer.writeRows(group);
    await writer.finish();
    return;
  }
  const text = new TextChunker(sink);
  if (input.format === "csv") await text.push(csvHeader(input.shape));
  const safe = input.manifest.cells === "spreadsheet-safe";
  for await (const group of take()) {
    for (const row of group) await text.push(input.format === "csv" ? csvLine(safe ? spreadsheetSafeRow(row) : row, input.shape) : jsonlLine(row));
  }
  await text.flush();
}
