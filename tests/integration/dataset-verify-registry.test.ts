// The verifier must take the DatasetRegistry from a source the buyer trusts, never from the archive it checks: a
// forged zip (a flipped label, a replaced text, every hash and the Merkle root recomputed) that names a contract of
// the forger's own, which returns the forged root, must be refused by `npm run verify`.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { once } from "node:events";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { getAddress, type Address, type Hex } from "viem";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { GET as downloadRoute } from "@/app/api/datasets/[versionId]/download/route";
import { GET as registryRoute } from "@/app/api/datasets/registry/route";
import { createPayoutWalletClient, createTesseraPublicClient } from "@/lib/chain/clients";
import { rowLabelJson, type ExportRow } from "@/lib/domain/datasets/export/rows";
import { datasetMerkleRoot, type DatasetLeaf } from "@/lib/domain/datasets/merkle-leaf";
import { getEnv } from "@/lib/env";
import { openZipArchive } from "@/lib/jobs/export/zip-archive";
import { verifyExportArchive } from "@/lib/jobs/export/verify-export";
import { publishedRootFrom, trustedRegistry } from "@/lib/server/datasets/published-root";
import { ensureDeployments } from "@/lib/server/ensure-deployment";
import { publishedVersion, publishOnRegistry, purchase, textSamples, type PublishedVersion } from "../support/datasets";
import { resetDb } from "../support/db-reset";
import { INTEGRATION } from "../support/ports";
import { requestAs, userWithSession, type TestUser } from "../support/sessions";
import { rewriteZip, zipEntries } from "../support/zips";

const root = path.resolve(import.meta.dirname, "..", "..");
const scratch = mkdtempSync(path.join(tmpdir(), "tessera-verify-registry-"));
beforeAll(() => () => rmSync(scratch, { recursive: true, force: true }));

/** Six lines of Solidity anyone can deploy: a "registry" that says every version was published with `root`. */
const FORGED_REGISTRY = `// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;
contract ForgedRegistry {
    bytes32 private immutable root;
    constructor(bytes32 forgedRoot) { root = forgedRoot; }
    function version(bytes32) external view returns (bytes32, uint256, bytes32, uint256) { return (root, 1, bytes32(0), 1); }
}`;

function compileForgedRegistry(): { abi: unknown[]; bytecode: Hex } {
  const solc = createRequire(import.meta.url)("solc") as { compile: (input: string) => string };
  const output = JSON.parse(
    solc.compile(
      JSON.stringify({
        language: "Solidity",
        sources: { "ForgedRegistry.sol": { content: FORGED_REGISTRY } },
        settings: { outputSelection: { "*": { "*": ["abi", "evm.bytecode.object"] } } },
      }),
    ),
  ) as { errors?: { severity: string; formattedMessage: string }[]; contracts: Record<string, Record<string, { abi: unknown[]; evm: { bytecode: { object: string } } }>> };
  const errors = (output.errors ?? []).filter((e) => e.severity === "error");
  if (errors.length > 0) throw new Error(errors.map((e) => e.formattedMessage).join("\n"));
  const contract = output.contracts["ForgedRegistry.sol"]!.ForgedRegistry!;
  return { abi: contract.abi, bytecode: `0x${contract.evm.bytecode.object}` };
}

async function deployForgedRegistry(forgedRoot: Hex): Promise<Address> {
  const { abi, bytecode } = compileForgedRegistry();
  const hash = await createPayoutWalletClient().deployContract({ abi, bytecode, args: [forgedRoot] } as never);
  const receipt = await createTesseraPublicClient().waitForTransactionReceipt({ hash });
  expect(receipt.status).toBe("success");
  return getAddress(receipt.contractAddress!);
}

type Manifest = { chain: { registryAddress: string | null }; merkle: { root: string }; files: { path: string; sha256: string; size: number }[] };
const sha256 = (bytes: Buffer | string) => createHash("sha256").update(bytes).digest("hex");

/**
 * The forgery: in a genuine JSONL download, the first row's label flipped and the second row's text replaced (its
 * content_sha256 recomputed), every file hash and size in manifest.json recomputed, the Merkle root rebuilt from the
 * forged rows, and the manifest pointed at a contract that returns that root.
 */
async function forge(genuine: string, target: string): Promise<{ forgedRoot: Hex; forgedRegistry: Address }> {
  const entries = await zipEntries(genuine);
  const shards = [...entries.keys()].filter((n) => n.startsWith("data/")).sort();
  const edited = new Map<string, Buffer>();
  const leaves: DatasetLeaf[] = [];
  let flipped = 0;
  let replaced = 0;
  for (const shard of shards) {
    const rows = entries.get(shard)!.toString("utf8").trim().split("\n").map((l) => JSON.parse(l) as ExportRow & { label: string; text: string });
    for (const row of rows) {
      if (flipped === 0) {
        row.label = row.label === "positive" ? "negative" : "positive";
        flipped++;
      } else if (replaced === 0) {
        row.text = "A forged text the contributor never wrote.";
        row.content_sha256 = sha256(row.text);
        replaced++;
      }
      leaves.push({ sampleId: row.sample_id, contentSha256: row.content_sha256, labelJson: rowLabelJson(row), contributor: row.contributor });
    }
    edited.set(shard, Buffer.from(rows.map((r) => JSON.stringify(r)).join("\n") + "\n"));
  }
  expect([flipped, replaced]).toEqual([1, 1]);
  const forgedRoot = datasetMerkleRoot(leaves);
  const forgedRegistry = await deployForgedRegistry(forgedRoot);
  const manifest = JSON.parse(entries.get("manifest.json")!.toString("utf8")) as Manifest;
  expect(forgedRoot).not.toBe(manifest.merkle.root);
  manifest.merkle.root = forgedRoot;
  manifest.chain.registryAddress = forgedRegistry;
  for (const file of manifest.files) {
    const bytes = edited.get(file.path);
    if (bytes) Object.assign(file, { sha256: sha256(bytes), size: bytes.byteLength });
  }
  await rewriteZip(genuine, target, (name, bytes) => (name === "manifest.json" ? Buffer.from(JSON.stringify(manifest)) : (edited.get(name) ?? bytes)));
  return { forgedRoot, forgedRegistry };
}

/** `npm run verify -- <zip> [args]`, as a buyer runs it (same DATABASE_URL and RPC_URL as the test stack). */
function npmRunVerify(file: string, ...args: string[]): { status: number | null; out: string } {
  const run = spawnSync(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), "--conditions=react-server", path.join(root, "scripts/verify.ts"), file, ...args], {
    cwd: root,
    env: process.env,
    encoding: "utf8",
    timeout: 120_000,
  });
  return { status: run.status, out: `${run.stdout}${run.stderr}` };
}

let buyer: TestUser;
let text: PublishedVersion;
let registry: Address;
let genuine: string;

beforeEach(async () => {
  await resetDb();
  rmSync(path.resolve(getEnv().exportCacheDir), { recursive: true, force: true });
  const contributor = await userWithSession({ name: "Ada" });
  buyer = await userWithSession({ name: "Claude" });
  registry = (await ensureDeployments())[2]!.address;
  text = await publishedVersion({ contributors: [contributor], samples: textSamples(40) });
  await publishOnRegistry(text.versionId, registry);
  await purchase(text.versionId, buyer.id);
  const url = `${INTEGRATION.appUrl}/api/datasets/${text.versionId}/download?format=jsonl`;
  const response = await downloadRoute(requestAs(buyer, url), { params: Promise.resolve({ versionId: text.versionId }) });
  expect(response.status).toBe(200);
  genuine = path.join(scratch, "genuine.zip");
  writeFileSync(genuine, Buffer.from(await response.arrayBuffer()));
});

describe("verifier: the registry comes from the buyer, not from the archive", () => {
  it("refuses a forged zip whose manifest names a contract returning the forged root, and still passes the genuine one", async () => {
    const forged = path.join(scratch, "forged.zip");
    const { forgedRegistry } = await forge(genuine, forged);

    // Everything inside the forged archive agrees with itself: only the registry can tell.
    const archive = await openZipArchive(forged);
    try {
      const report = await verifyExportArchive(archive, publishedRootFrom(await trustedRegistry({})));
      expect(report.ok).toBe(false);
      expect(report.findings).toEqual([
        { file: "manifest.json", problem: `names DatasetRegistry ${forgedRegistry}, which is not the platform's DatasetRegistry ${registry} (the platform database's record of its deployment on chain 31337); a root read from it proves nothing` },
      ]);
    } finally {
      archive.close();
    }

    const refused = npmRunVerify(forged);
    expect(refused.status).toBe(1);
    expect(refused.out).toContain(`DIFFERS manifest.json: names DatasetRegistry ${forgedRegistry}, which is not the platform's DatasetRegistry ${registry}`);
    expect(refused.out).not.toMatch(/^OK/m);
    const refusedByFlag = npmRunVerify(forged, "--registry", registry);
    expect(refusedByFlag.status).toBe(1);
    expect(refusedByFlag.out).toContain(`which is not the platform's DatasetRegistry ${registry} (--registry)`);

    const passed = npmRunVerify(genuine, "--registry", registry);
    expect(passed.out).toContain(`= published (DatasetRegistry ${registry} on chain 31337)`);
    expect(passed.out).toContain(`the DatasetRegistry is ${registry}, as named by --registry`);
    expect(passed.status).toBe(0);
  }, 240_000); // three runs of the CLI, each a fresh tsx process

  it("refuses a download whose manifest names a registry when no trusted registry is known, and says how to name one", async () => {
    const archive = await openZipArchive(genuine);
    try {
      const report = await verifyExportArchive(archive, publishedRootFrom({ address: null, chainId: 31337, source: "nowhere" }));
      expect(report.findings).toEqual([
        { file: "manifest.json", problem: expect.stringMatching(new RegExp(`^names DatasetRegistry ${registry}, and no trusted DatasetRegistry is known to check it against \\(nowhere\\): pass --registry`)) },
      ]);
    } finally {
      archive.close();
    }
    const badFlag = npmRunVerify(genuine, "--registry", "0x1234");
    expect(badFlag.status).toBe(2);
    expect(badFlag.out).toMatch(/--registry must be a 0x-prefixed 20-byte address/);
  });

  it("publishes the platform's registry and chain at /api/datasets/registry, which --app trusts, for buyers who verify elsewhere", async () => {
    const response = await registryRoute();
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ chainId: 31337, registryAddress: registry });

    // The platform over HTTP, as a buyer's `--app <url>` reaches it.
    const server = createServer((req, res) => {
      if (req.url !== "/api/datasets/registry") return void res.writeHead(404).end();
      void registryRoute().then(async (answer) => res.writeHead(answer.status, { "content-type": "application/json" }).end(await answer.text()));
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    try {
      const appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const trusted = await trustedRegistry({ appUrl });
      expect(trusted).toEqual({ address: registry, chainId: 31337, source: `${appUrl}/api/datasets/registry` });
      const forged = path.join(scratch, "forged-app.zip");
      const { forgedRegistry } = await forge(genuine, forged);
      const archive = await openZipArchive(forged);
      try {
        expect((await verifyExportArchive(archive, publishedRootFrom(trusted))).findings).toEqual([
          { file: "manifest.json", problem: expect.stringContaining(`names DatasetRegistry ${forgedRegistry}, which is not the platform's DatasetRegistry ${registry} (${appUrl}/api/datasets/registry)`) },
        ]);
      } finally {
        archive.close();
      }
      await expect(trustedRegistry({ appUrl: `${appUrl}/elsewhere/` })).resolves.toMatchObject({ address: registry });
      await expect(trustedRegistry({ appUrl: "http://127.0.0.1:1" })).rejects.toThrow(/could not be reached/);
    } finally {
      server.close();
    }
  });
});
