import { describe, expect, it } from "vitest";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { canonicalLabelJson, datasetMerkleRoot, datasetMerkleTree, labelHash, LEAF_ENCODING, type DatasetLeaf } from "@/lib/domain/datasets/merkle-leaf";

const leaf = (i: number, over: Partial<DatasetLeaf> = {}): DatasetLeaf => ({
  sampleId: `s${i}`,
  contentSha256: i.toString(16).padStart(64, "0"),
  labelJson: canonicalLabelJson("cat"),
  contributor: `0x${(i + 1).toString(16).padStart(40, "0")}`,
  ...over,
});

describe("canonicalLabelJson", () => {
  it.each([
    ["cat", '"cat"'],
    [["b", "a", "b"], '["a","b"]'],
    [[], "[]"],
  ] as const)("%j -> %s", (labels, json) => expect(canonicalLabelJson(labels)).toBe(json));
});

describe("datasetMerkleRoot", () => {
  const [a, b, c] = [leaf(1), leaf(2), leaf(3)];
  const leaves = [a, b, c];

  it("is independent of leaf order and address case", () => {
    const shuffled = [c, a, { ...b, contributor: b.contributor.toUpperCase().replace("0X", "0x") }];
    expect(datasetMerkleRoot(shuffled)).toBe(datasetMerkleRoot(leaves));
  });

  it.each([
    ["sample id", { sampleId: "other" }],
    ["content", { contentSha256: "f".repeat(64) }],
    ["label", { labelJson: canonicalLabelJson("dog") }],
    ["contributor", { contributor: `0x${"9".repeat(40)}` }],
  ])("changes when the %s of one leaf changes", (_name, change) => {
    expect(datasetMerkleRoot([a, leaf(2, change), c])).not.toBe(datasetMerkleRoot(leaves));
  });

  it("matches OpenZeppelin's tree built from the documented encoding, and its proofs verify", () => {
    const values = leaves.map((l) => [l.sampleId, `0x${l.contentSha256}`, labelHash(l.labelJson), l.contributor]);
    const reference = StandardMerkleTree.of(values, [...LEAF_ENCODING]);
    const tree = datasetMerkleTree(leaves);
    expect(tree.root).toBe(reference.root);
    for (const [i, v] of tree.entries()) expect(StandardMerkleTree.verify(tree.root, [...LEAF_ENCODING], v, tree.getProof(i))).toBe(true);
  });

  it.each([
    ["an empty version", [], /at least one sample/],
    ["a malformed content hash", [leaf(1, { contentSha256: "xyz" })], /64 lowercase hex/],
    ["a malformed contributor", [leaf(1, { contributor: "0x12" })], /not an address/],
  ])("refuses %s", (_name, bad, message) => {
    expect(() => datasetMerkleRoot(bad as DatasetLeaf[])).toThrow(message);
  });
});
