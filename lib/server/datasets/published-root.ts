import "server-only";
import { getAddress, isAddress, type Address, type Hex } from "viem";
import { z } from "zod";
import { createTesseraPublicClient } from "@/lib/chain/clients";
import { readRegistryVersion } from "@/lib/chain/dataset-registry";
import { getEnv } from "@/lib/env";
import type { PublishedRoot } from "@/lib/jobs/export/verify-export";
import type { TExportManifest } from "@/lib/schemas/export-manifest";
import { db } from "@/lib/server/db";
import { findDeployment } from "@/lib/server/deployments";

/**
 * The DatasetRegistry a verifier reads roots from, and where it learnt of it. It never comes from the archive under
 * check: anyone can deploy a contract that answers `version()` with the root of a forged zip.
 */
export type TrustedRegistry = { address: Address | null; chainId: number; source: string };

/** Where the platform's DatasetRegistry lives, as GET /api/datasets/registry publishes it. */
export const ZPlatformRegistry = z.object({ chainId: z.number().int().positive(), registryAddress: z.string().refine((a) => isAddress(a, { strict: false })).nullable() });
export type TPlatformRegistry = z.infer<typeof ZPlatformRegistry>;

/** The platform's own record of its DatasetRegistry deployment on the configured chain (null before the deploy step). */
export async function platformRegistry(): Promise<TPlatformRegistry> {
  return { chainId: getEnv().chainId, registryAddress: (await findDeployment("DatasetRegistry"))?.address ?? null };
}

/**
 * The registry the buyer trusts, in this order: an address they name (`--registry`, on CHAIN_ID), what the platform
 * they bought from publishes (`--app <url>`), or the deployment recorded in the platform database DATABASE_URL
 * points at (a verify run beside the platform itself). Throws a sentence for a malformed address or an app that
 * does not answer.
 */
export async function trustedRegistry(options: { registry?: string; appUrl?: string }): Promise<TrustedRegistry> {
  if (options.registry !== undefined) {
    if (!isAddress(options.registry, { strict: false })) throw new Error(`--registry must be a 0x-prefixed 20-byte address, not "${options.registry}".`);
    return { address: getAddress(options.registry), chainId: getEnv().chainId, source: "--registry" };
  }
  if (options.appUrl !== undefined) {
    const url = new URL("/api/datasets/registry", options.appUrl).toString();
    const response = await fetch(url, { headers: { accept: "application/json" } }).catch((error: Error) => {
      throw new Error(`${url} could not be reached (${error.message}).`);
    });
    const parsed = ZPlatformRegistry.safeParse(response.ok ? await response.json().catch(() => null) : null);
    if (!parsed.success) throw new Error(`${url} did not answer with the platform's registry (HTTP ${response.status}).`);
    const { chainId, registryAddress } = parsed.data;
    return { address: registryAddress ? getAddress(registryAddress) : null, chainId, source: url };
  }
  const chainId = getEnv().chainId;
  const recorded = await findDeployment("DatasetRegistry").catch(() => null);
  return { address: recorded?.address ?? null, chainId, source: `the platform database's record of its deployment on chain ${chainId}` };
}

/**
 * The root a version was published with, read from the trusted registry for the version's on-chain id through
 * RPC_URL (which must serve the trusted chain). A manifest naming any other registry, or another chain, is refused
 * outright. Only when the manifest names no registry (a version exported before any registry was deployed) or the
 * node cannot be reached does it fall back to the DatasetVersion row the publish step wrote, and the source says so.
 */
export function publishedRootFrom(trusted: TrustedRegistry): (manifest: TExportManifest) => Promise<PublishedRoot> {
  return async (manifest) => {
    const { registryAddress, chainId } = manifest.chain;
    const { onChainId, versionId } = manifest.dataset;
    if (chainId !== trusted.chainId) return { root: null, source: trusted.source, problem: `is for chain ${chainId}, but the trusted DatasetRegistry is on chain ${trusted.chainId} (${trusted.source})` };
    let fallback = "the manifest names no DatasetRegistry or on-chain id";
    if (registryAddress) {
      if (trusted.address === null) {
        return {
          root: null,
          source: trusted.source,
          problem: `names DatasetRegistry ${getAddress(registryAddress)}, and no trusted DatasetRegistry is known to check it against (${trusted.source}): pass --registry <address> or --app <platform URL>`,
        };
      }
      if (getAddress(registryAddress) !== trusted.address) {
        return {
          root: null,
          source: trusted.source,
          problem: `names DatasetRegistry ${getAddress(registryAddress)}, which is not the platform's DatasetRegistry ${trusted.address} (${trusted.source}); a root read from it proves nothing`,
        };
      }
    }
    if (registryAddress && onChainId) {
      const client = createTesseraPublicClient(undefined, chainId);
      let rpcChainId: number | null = null;
      try {
        rpcChainId = await client.getChainId();
      } catch (error) {
        fallback = `RPC_URL could not be reached (${(error as Error).message.split("\n")[0]})`;
      }
      if (rpcChainId !== null) {
        const source = `DatasetRegistry ${trusted.address} on chain ${chainId}`;
        if (rpcChainId !== chainId) return { root: null, source: `RPC_URL serves chain ${rpcChainId}, the download is from chain ${chainId}` };
        const version = await readRegistryVersion(client, trusted.address!, onChainId as Hex);
        return { root: version?.merkleRoot ?? null, source: version ? source : `${source}, which never published this version` };
      }
    }
    const row = await db.datasetVersion.findUnique({ where: { id: versionId }, select: { merkleRoot: true, status: true } }).catch(() => null);
    return { root: row?.status === "PUBLISHED" ? row.merkleRoot : null, source: `the platform database (DatasetVersion.merkleRoot), because ${fallback}` };
  };
}
