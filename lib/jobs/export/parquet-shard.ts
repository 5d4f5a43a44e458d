import { ByteWriter, ParquetWriter, type ColumnSource, type SchemaElement } from "hyparquet-writer";
import { columnNames, type ExportRow, type RowShape } from "@/lib/domain/datasets/export/rows";

const utf8 = (name: string): SchemaElement => ({ name, type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type: "REQUIRED" });

/** The Parquet schema of a version's rows: a LIST of strings for multi-label datasets, so pandas sees a list. */
export function parquetSchema(shape: RowShape): SchemaElement[] {
  const label: SchemaElement[] = shape.multiLabel
    ? [
        { name: "labels", repetition_type: "REQUIRED", converted_type: "LIST", num_children: 1 },
        { name: "list", repetition_type: "REPEATED", num_children: 1 },
        utf8("element"),
      ]
    : [utf8("label")];
  return [
    { name: "root", num_children: columnNames(shape).length },
    utf8("sample_id"),
    utf8(shape.media ? "file" : "text"),
    ...label,
    utf8("contributor"),
    { name: "posterior", type: "DOUBLE", repetition_type: "OPTIONAL" },
    utf8("content_sha256"),
  ];
}

/**
 * Columns whose values are unique per row skip the dictionary attempt (it could never pay off and cost a fifth of
 * the encoding), and free text skips min/max statistics, which no reader could prune on. Labels and contributors
 * repeat, so they keep dictionary encoding; every other column keeps its statistics.
 */
const COLUMN_OPTIONS: Record<string, Partial<ColumnSource>> = {
  sample_id: { encoding: "PLAIN" },
  text: { encoding: "PLAIN", statistics: false },
  file: { encoding: "PLAIN" },
  content_sha256: { encoding: "PLAIN" },
};

/**
 * A ByteWriter that hands its bytes on after every row group and starts again from an empty buffer, so a shard of
 * any size needs memory for one row group only. `offset` keeps counting the whole file, as Parquet's footer needs.
 */
class StreamingByteWriter extends ByteWriter {
  constructor(private readonly sink: (bytes: Uint8Array) => Promise<void>) {
    super(1 << 16);
  }

  flush(): Promise<void> {
    // A copy: the buffer is reused for the next row group while the sink may still hold these bytes.
    const bytes = new Uint8Array(this.buffer.slice(0, this.index));
    this.index = 0;
    return this.sink(bytes);
  }

  override finish(): Promise<void> {
    return this.flush();
  }
}

/** Writes one Parquet file a row group at a time; deterministic bytes for the same rows (fixed created_by). */
export class ParquetShardWriter {
  private readonly writer: ParquetWriter;

  constructor(
    private readonly shape: RowShape,
    sink: (bytes: Uint8Array) => Promise<void>,
  ) {
    this.writer = new ParquetWriter({ writer: new StreamingByteWriter(sink), schema: parquetSchema(shape), codec: "SNAPPY", createdBy: "tessera export" });
  }

  /** One row group. */
  async writeRows(rows: readonly ExportRow[]): Promise<void> {
    if (rows.length === 0) return;
    const columnData: ColumnSource[] = columnNames(this.shape).map((name) => ({ name, data: rows.map((r) => r[name as keyof ExportRow] ?? null), ...COLUMN_OPTIONS[name] }));
    await this.writer.write({ columnData, rowGroupSize: rows.length });
  }

  async finish(): Promise<void> {
    await this.writer.finish();
  }
}
