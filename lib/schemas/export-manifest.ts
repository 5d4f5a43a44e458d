import { z } from "zod";
import { EXPORT_FORMATS } from "@/lib/domain/datasets/export/layout";
import { LEAF_ENCODING } from "@/lib/domain/datasets/merkle-leaf";

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, "must be 64 lowercase hex digits");
const hex32 = z.string().regex(/^0x[0-9a-fA-F]{64}$/);

/** manifest.json of a download: every other file with its hash and size, and what the Merkle root commits to. */
export const ZExportManifest = z.object({
  layoutVersion: z.number().int().positive(),
  format: z.enum(EXPORT_FORMATS),
  dataset: z.object({ slug: z.string(), name: z.string(), version: z.string(), versionId: z.string(), onChainId: hex32.nullable() }),
  chain: z.object({ chainId: z.number().int().positive(), registryAddress: z.string().regex(/^0x[0-9a-fA-F]{40}$/).nullable() }),
  merkle: z.object({
    root: hex32,
    /** OpenZeppelin StandardMerkleTree leaf types. */
    leafEncoding: z.tuple([z.literal(LEAF_ENCODING[0]), z.literal(LEAF_ENCODING[1]), z.literal(LEAF_ENCODING[2]), z.literal(LEAF_ENCODING[3])]),
    /** How each leaf is rebuilt from a data row; the rows of data/ are the leaf list, one per row. */
    leafFrom: z.string(),
    leafCount: z.number().int().positive(),
  }),
  /** "spreadsheet-safe" in a csv-safe download: data cells quoted against formulas (lib/jobs/export/spreadsheet-cells.ts). */
  cells: z.literal("spreadsheet-safe").optional(),
  files: z.array(z.object({ path: z.string().min(1), sha256, size: z.number().int().nonnegative() })),
});
export type TExportManifest = z.infer<typeof ZExportManifest>;

export const LEAF_FROM = "[sample_id, 0x + content_sha256, keccak256(utf8(canonical JSON of label | labels)), contributor]";
