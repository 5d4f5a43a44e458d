import "server-only";
import { getAddress, type Hex } from "viem";
import { createTesseraPublicClient } from "@/lib/chain/clients";
import { readRegistryVersion } from "@/lib/chain/dataset-registry";
import type { PublishedRoot } from "@/lib/jobs/export/verify-export";
import type { TExportManifest } from "@/lib/schemas/export-manifest";
import { db } from "@/lib/server/db";

/**
 * The root a version was published with: what the DatasetRegistry named in the manifest holds for the version's
 * on-chain id, read through RPC_URL (which must be the manifest's chain). Only when the manifest names no registry
 * (a version exported before any registry was deployed) or the node cannot be reached does it fall back to the
 * DatasetVersion row the publish step wrote, and the source says so.
 */
export async function publishedRoot(manifest: TExportManifest): Promise<PublishedRoot> {
  const { registryAddress, chainId } = manifest.chain;
  const { onChainId, versionId } = manifest.dataset;
  let fallback = "the manifest names no DatasetRegistry or on-chain id";
  if (registryAddress && onChainId) {
    const client = createTesseraPublicClient(undefined, chainId);
    let rpcChainId: number | null = null;
    try {
      rpcChainId = await client.getChainId();
    } catch (error) {
      fallback = `RPC_URL could not be reached (${(error as Error).message.split("\n")[0]})`;
    }
    if (rpcChainId !== null) {
      const source = `DatasetRegistry ${getAddress(registryAddress)} on chain ${chainId}`;
      if (rpcChainId !== chainId) return { root: null, source: `RPC_URL serves chain ${rpcChainId}, the download is from chain ${chainId}` };
      const version = await readRegistryVersion(client, getAddress(registryAddress), onChainId as Hex);
      return { root: version?.merkleRoot ?? null, source: version ? source : `${source}, which never published this version` };
    }
  }
  const row = await db.datasetVersion.findUnique({ where: { id: versionId }, select: { merkleRoot: true, status: true } });
  return { root: row?.status === "PUBLISHED" ? row.merkleRoot : null, source: `the platform database (DatasetVersion.merkleRoot), because ${fallback}` };
}
