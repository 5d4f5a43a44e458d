// The forged-archive attack of issue 15 in the shapes dataset-verify-registry.test.ts does not cover: a forger who
// cannot name their own registry may name none (so that the verifier falls back to the platform database), point at
// a version that was never published, or claim another chain. Each must still be refused, never printed OK.
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Address } from "viem";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { GET as downloadRoute } from "@/app/api/datasets/[versionId]/download/route";
import { rowLabelJson, type ExportRow } from "@/lib/domain/datasets/export/rows";
import { datasetMerkleRoot, type DatasetLeaf } from "@/lib/domain/datasets/merkle-leaf";
import { getEnv } from "@/lib/env";
import { openZipArchive } from "@/lib/jobs/export/zip-archive";
import { verifyExportArchive, type VerifyReport } from "@/lib/jobs/export/verify-export";
import { publishedRootFrom, trustedRegistry } from "@/lib/server/datasets/published-root";
import { ensureDeployments } from "@/lib/server/ensure-deployment";
import { publishedVersion, publishOnRegistry, purchase, textSamples, type PublishedVersion } from "../support/datasets";
import { resetDb } from "../support/db-reset";
import { INTEGRATION } from "../support/ports";
import { requestAs, userWithSession } from "../support/sessions";
import { rewriteZip, zipEntries } from "../support/zips";

const scratch = mkdtempSync(path.join(tmpdir(), "tessera-verify-variants-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

type Manifest = {
  chain: { chainId: number; registryAddress: string | null };
  dataset: { versionId: string; onChainId: string | null };
  merkle: { root: string };
  files: { path: string; sha256: string; size: number }[];
};
const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

let registry: Address;
let version: PublishedVersion;
let genuine: string;

beforeEach(async () => {
  await resetDb();
  rmSync(path.resolve(getEnv().exportCacheDir), { recursive: true, force: true });
  const contributor = await userWithSession({ name: "Ada" });
  const buyer = await userWithSession({ name: "Claude" });
  registry = (await ensureDeployments())[2]!.address;
  version = await publishedVersion({ contributors: [contributor], samples: textSamples(30) });
  await publishOnRegistry(version.versionId, registry);
  await purchase(version.versionId, buyer.id);
  const url = `${INTEGRATION.appUrl}/api/datasets/${version.versionId}/download?format=jsonl`;
  const response = await downloadRoute(requestAs(buyer, url), { params: Promise.resolve({ versionId: version.versionId }) });
  expect(response.status).toBe(200);
  genuine = path.join(scratch, "genuine.zip");
  writeFileSync(genuine, Buffer.from(await response.arrayBuffer()));
});

/**
 * A self-consistent forgery: the first row's label flipped, its shard's hash and size and the Merkle root recomputed
 * in manifest.json, which `edit` then changes further. Only a trusted published root can tell.
 */
async function forge(edit: (manifest: Manifest) => void): Promise<string> {
  const entries = await zipEntries(genuine);
  const shards = [...entries.keys()].filter((n) => n.startsWith("data/")).sort();
  const edited = new Map<string, Buffer>();
  const leaves: DatasetLeaf[] = [];
  for (const shard of shards) {
    const rows = entries.get(shard)!.toString("utf8").trim().split("\n").map((l) => JSON.parse(l) as ExportRow & { label: string });
    if (edited.size === 0) rows[0]!.label = rows[0]!.label === "positive" ? "negative" : "positive";
    for (const row of rows) leaves.push({ sampleId: row.sample_id, contentSha256: row.content_sha256, labelJson: rowLabelJson(row), contributor: row.contributor });
    const bytes = Buffer.from(rows.map((r) => JSON.stringify(r)).join("\n") + "\n");
    if (edited.size === 0) {
      expect(bytes.equals(entries.get(shard)!), "the forgery changed no byte").toBe(false);
      edited.set(shard, bytes);
    }
  }
  const manifest = JSON.parse(entries.get("manifest.json")!.toString("utf8")) as Manifest;
  const forgedRoot = datasetMerkleRoot(leaves);
  expect(forgedRoot).not.toBe(manifest.merkle.root);
  manifest.merkle.root = forgedRoot;
  for (const file of manifest.files) {
    const bytes = edited.get(file.path);
    if (bytes) Object.assign(file, { sha256: sha256(bytes), size: bytes.byteLength });
  }
  edit(manifest);
  const target = path.join(scratch, `forged-${Math.random().toString(36).slice(2)}.zip`);
  await rewriteZip(genuine, target, (name, bytes) => (name === "manifest.json" ? Buffer.from(JSON.stringify(manifest)) : (edited.get(name) ?? bytes)));
  return target;
}

async function verify(file: string, options: { registry?: string } = {}): Promise<VerifyReport> {
  const archive = await openZipArchive(file);
  try {
    return await verifyExportArchive(archive, publishedRootFrom(await trustedRegistry(options)));
  } finally {
    archive.close();
  }
}

describe("verifier: forgeries that do not name a registry of their own", () => {
  it("passes the genuine download (the baseline every forgery below differs from only by its edit)", async () => {
    for (const options of [{}, { registry }]) expect((await verify(genuine, options)).findings).toEqual([]);
  });

  it("refuses a forgery whose manifest names no registry: the platform's root is not the forged one", async () => {
    const forged = await forge((m) => (m.chain.registryAddress = null));
    for (const options of [{}, { registry }]) {
      const report = await verify(forged, options);
      expect(report.ok).toBe(false);
      // Everything inside the archive agrees with itself: the only finding is the published root.
      expect(report.findings).toEqual([{ file: "manifest.json", problem: expect.stringMatching(/^Merkle root 0x[0-9a-f]{64} is not the published one, 0x[0-9a-f]{64} \(the platform database/) }]);
    }
  });

  it("refuses a forgery that names no registry and a version that was never published", async () => {
    const forged = await forge((m) => {
      m.chain.registryAddress = null;
      m.dataset.versionId = "never-published";
      m.dataset.onChainId = null;
    });
    const report = await verify(forged, { registry });
    expect(report.ok).toBe(false);
    expect(report.findings).toEqual([{ file: "manifest.json", problem: expect.stringMatching(/^version never-published has no published root/) }]);
  });

  it("refuses a forgery that claims another chain, whatever registry it names", async () => {
    for (const registryAddress of [registry, null]) {
      const forged = await forge((m) => Object.assign(m.chain, { chainId: 1, registryAddress }));
      const report = await verify(forged, { registry });
      expect(report.ok).toBe(false);
      expect(report.findings).toEqual([{ file: "manifest.json", problem: "is for chain 1, but the trusted DatasetRegistry is on chain 31337 (--registry)" }]);
    }
  });
});
