// The Merkle commitment of a dataset version, shared by publication (root on-chain), export (manifest.json) and the
// verifier CLI. Changing anything here changes every root ever published: treat it as a wire format.
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { keccak256, stringToBytes } from "viem";

/** OpenZeppelin StandardMerkleTree leaf types: sample id, content sha256, label hash, contributor address. */
export const LEAF_ENCODING = ["string", "bytes32", "bytes32", "address"] as const;

export type DatasetLeaf = {
  sampleId: string;
  /**
   * sha256 of the exact bytes a buyer receives for the sample: the UTF-8 of the stored (NFC) text for text samples,
   * the blob's bytes for files. Not Sample.contentHash, which hashes a fingerprint form of text for duplicate checks.
   */
  contentSha256: string;
  /** Canonical JSON of the consensus labels (canonicalLabelJson). */
  labelJson: string;
  /** Contributor wallet, any case. */
  contributor: string;
};

/**
 * Labels as canonical JSON: a string stays a string; a multi-label array is de-duplicated and sorted, so the same
 * label set always hashes the same way.
 */
export function canonicalLabelJson(labels: string | readonly string[]): string {
  return JSON.stringify(typeof labels === "string" ? labels : [...new Set(labels)].sort());
}

export function labelHash(labelJson: string): `0x${string}` {
  return keccak256(stringToBytes(labelJson));
}

export function leafValues(leaf: DatasetLeaf): [string, `0x${string}`, `0x${string}`, `0x${string}`] {
  if (!/^[0-9a-f]{64}$/.test(leaf.contentSha256)) throw new Error(`contentSha256 of ${leaf.sampleId} is not 64 lowercase hex digits`);
  if (!/^0x[0-9a-fA-F]{40}$/.test(leaf.contributor)) throw new Error(`contributor of ${leaf.sampleId} is not an address`);
  return [leaf.sampleId, `0x${leaf.contentSha256}`, labelHash(leaf.labelJson), leaf.contributor.toLowerCase() as `0x${string}`];
}

/** Leaves in the given order (a version's position order); sortLeaves keeps the root independent of it anyway. */
export function datasetMerkleTree(leaves: readonly DatasetLeaf[]): StandardMerkleTree<ReturnType<typeof leafValues>> {
  if (leaves.length === 0) throw new Error("a dataset version needs at least one sample");
  return StandardMerkleTree.of(leaves.map(leafValues), [...LEAF_ENCODING]);
}

export function datasetMerkleRoot(leaves: readonly DatasetLeaf[]): `0x${string}` {
  return datasetMerkleTree(leaves).root as `0x${string}`;
}
