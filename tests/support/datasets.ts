// Accepted samples, buyer wallets and chain helpers for the dataset tests: written directly where another issue's
// flow (ingest, review) produces them, and through the real services and contracts for what is under test.
import { createHash, randomBytes } from "node:crypto";
import { createWalletClient, http, keccak256, parseUnits, stringToBytes, type Address, type Hex } from "viem";
import { mnemonicToAccount } from "viem/accounts";
import { dataTokenAbi, datasetRegistryAbi } from "@/lib/chain/abi";
import { createPayoutWalletClient, createTesseraPublicClient, type TesseraWalletClient } from "@/lib/chain/clients";
import { licenceHash, publishOnChain } from "@/lib/chain/dataset-registry";
import { tesseraChain } from "@/lib/chain/chain";
import { canonicalLabelJson, datasetMerkleRoot, type DatasetLeaf } from "@/lib/domain/datasets/merkle-leaf";
import { getEnv } from "@/lib/env";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { TLabelSchema } from "@/lib/schemas/label-schema";
import { db } from "@/lib/server/db";
import type { StorageProvider } from "@/lib/server/storage/storage-provider";
import { makeCampaign } from "./campaigns";

const MNEMONIC = "test test test test test test test test test test test junk";

/** Hardhat account #`index` as a wallet on the configured node (a buyer signing in their browser, in effect). */
export function hardhatWallet(index: number): TesseraWalletClient {
  const { rpcUrl, chainId } = getEnv();
  return createWalletClient({ account: mnemonicToAccount(MNEMONIC, { addressIndex: index }), chain: tesseraChain(chainId, rpcUrl), transport: http(rpcUrl) });
}

/** An ACCEPTED text sample with its consensus and the reviews that led to it. */
export async function acceptedSample(
  campaignId: string,
  contributorId: string,
  options: { label?: string; posterior?: number; reviewerIds?: string[]; createdAt?: Date; text?: string } = {},
) {
  const text = options.text ?? `An accepted sample, ${randomBytes(6).toString("hex")}.`;
  const label = options.label ?? "positive";
  return db.sample.create({
    data: {
      campaignId,
      contributorId,
      status: "ACCEPTED",
      contentHash: randomBytes(32).toString("hex"),
      mimeType: "text/plain; charset=utf-8",
      sizeBytes: Buffer.byteLength(text),
      textContent: text,
      labels: label,
      consensusLabel: label,
      posterior: options.posterior ?? 0.97,
      decidedAt: new Date(),
      createdAt: options.createdAt,
      reviews: { create: (options.reviewerIds ?? []).map((reviewerId) => ({ reviewerId, verdict: "ACCEPT" as const, label })) },
    },
  });
}

/** A write by `wallet` in viem's order; returns the receipt, whatever its status. */
export async function send(wallet: TesseraWalletClient, address: Address, abi: typeof dataTokenAbi | typeof datasetRegistryAbi, functionName: string, args: readonly unknown[]) {
  const publicClient = createTesseraPublicClient();
  const { request } = await publicClient.simulateContract({ account: wallet.account, address, abi, functionName, args } as never);
  const hash = await wallet.writeContract(request as never);
  return publicClient.waitForTransactionReceipt({ hash });
}

/** approve + purchase, the two-click path. */
export async function approveAndBuy(wallet: TesseraWalletClient, token: Address, registry: Address, onChainId: Hex, price: bigint) {
  await send(wallet, token, dataTokenAbi, "approve", [registry, price]);
  return send(wallet, registry, datasetRegistryAbi, "purchase", [onChainId]);
}

export type SampleSpec = { text?: string; image?: { bytes: Uint8Array; mimeType: string }; labels: string | string[]; posterior?: number };

export type PublishedVersion = { versionId: string; datasetId: string; campaignId: string; merkleRoot: `0x${string}`; sampleIds: string[] };

const sha256Hex = (bytes: Uint8Array | string) => createHash("sha256").update(bytes).digest("hex");
const INSERT_CHUNK = 1000;

/**
 * A published version written straight to the database, as the market's publish service would freeze one: accepted
 * samples, their membership rows in sample-id order, and the Merkle root over them (lib/domain/datasets). Image
 * bytes go through the given storage, so exports read them as they read real uploads.
 */
export async function publishedVersion(options: {
  contributors: { id: string; address: string }[];
  samples: Iterable<SampleSpec>;
  dataType?: "TEXT" | "IMAGE";
  labelSchema?: TLabelSchema;
  storage?: StorageProvider;
  status?: "DRAFT" | "PUBLISHED";
  priceWei?: bigint;
  /** Off for benchmarks only: the root of 100,000 leaves takes minutes in JavaScript, and a benchmark never verifies. */
  computeRoot?: boolean;
  campaignStatus?: "OPEN" | "CLOSED";
}): Promise<PublishedVersion> {
  const campaign = await makeCampaign({ dataType: options.dataType ?? "TEXT", labelSchema: options.labelSchema, status: options.campaignStatus });
  const dataset = await db.dataset.create({ data: { campaignId: campaign.id, slug: `${campaign.slug}-data`, name: `Dataset of ${campaign.title}`, description: "A dataset made by a test." } });
  const leaves: DatasetLeaf[] = [];
  let sampleRows: Prisma.SampleCreateManyInput[] = [];
  const flush = async () => {
    if (sampleRows.length > 0) await db.sample.createMany({ data: sampleRows });
    sampleRows = [];
  };
  let i = 0;
  for (const spec of options.samples) {
    const contributor = options.contributors[i % options.contributors.length]!;
    i += 1;
    const id = `smp${randomBytes(10).toString("hex")}`;
    const bytes = spec.image ? spec.image.bytes : Buffer.from(spec.text ?? "", "utf8");
    const contentSha256 = sha256Hex(bytes);
    if (spec.image) await options.storage!.put(contentSha256, spec.image.bytes, { contentType: spec.image.mimeType });
    const labelJson = canonicalLabelJson(spec.labels);
    sampleRows.push({
      id,
      campaignId: campaign.id,
      contributorId: contributor.id,
      status: "ACCEPTED",
      contentHash: contentSha256,
      mimeType: spec.image ? spec.image.mimeType : "text/plain; charset=utf-8",
      sizeBytes: bytes.byteLength,
      textContent: spec.image ? null : (spec.text ?? ""),
      blobKey: spec.image ? contentSha256 : null,
      labels: spec.labels,
      consensusLabel: typeof spec.labels === "string" ? spec.labels : null,
      posterior: spec.posterior ?? 0.97,
      decidedAt: new Date(),
    });
    leaves.push({ sampleId: id, contentSha256, labelJson, contributor: contributor.address });
    if (sampleRows.length >= INSERT_CHUNK) await flush();
  }
  await flush();
  leaves.sort((a, b) => (a.sampleId < b.sampleId ? -1 : 1));
  const merkleRoot = options.computeRoot === false ? (`0x${"0".repeat(64)}` as const) : datasetMerkleRoot(leaves);
  const published = (options.status ?? "PUBLISHED") === "PUBLISHED";
  const version = await db.datasetVersion.create({
    data: {
      datasetId: dataset.id,
      version: "v1",
      status: published ? "PUBLISHED" : "DRAFT",
      merkleRoot: published ? merkleRoot : null,
      priceWei: (options.priceWei ?? parseUnits("10", 18)).toString(),
      licence: campaign.licence,
      filters: { minPosterior: 0.9 },
      sampleCount: leaves.length,
      publishedAt: published ? new Date("2026-12-01T12:00:00Z") : null,
    },
  });
  if (published) await db.datasetVersion.update({ where: { id: version.id }, data: { onChainId: keccak256(stringToBytes(version.id)) } });
  for (let start = 0; start < leaves.length; start += INSERT_CHUNK) {
    await db.datasetVersionSample.createMany({
      data: leaves.slice(start, start + INSERT_CHUNK).map((leaf, k) => ({
        versionId: version.id,
        sampleId: leaf.sampleId,
        position: start + k,
        labelJson: leaf.labelJson,
        contentHash: leaf.contentSha256,
        contributor: leaf.contributor.toLowerCase(),
      })),
    });
  }
  return { versionId: version.id, datasetId: dataset.id, campaignId: campaign.id, merkleRoot, sampleIds: leaves.map((l) => l.sampleId) };
}

/**
 * Publishes a version written by publishedVersion on the DatasetRegistry (as the publish service's last step does),
 * with `root` instead of its own when a test needs the chain to disagree with the database.
 */
export async function publishOnRegistry(versionId: string, registry: Address, root?: Hex): Promise<void> {
  const v = await db.datasetVersion.findUniqueOrThrow({ where: { id: versionId }, select: { onChainId: true, merkleRoot: true, priceWei: true, licence: true } });
  const { txHash, blockNumber } = await publishOnChain({ publicClient: createTesseraPublicClient(), walletClient: createPayoutWalletClient() }, registry, {
    versionId: v.onChainId as Hex,
    merkleRoot: root ?? (v.merkleRoot as Hex),
    priceWei: BigInt(v.priceWei),
    licenceHash: licenceHash(v.licence),
  });
  await db.datasetVersion.update({ where: { id: versionId }, data: { publishTxHash: txHash, publishBlock: Number(blockNumber) } });
}

/** A purchase as the indexer records it from a Purchased event (the indexer has its own tests). */
export async function purchase(versionId: string, buyerId: string): Promise<void> {
  const version = await db.datasetVersion.findUniqueOrThrow({ where: { id: versionId }, select: { priceWei: true } });
  await db.purchase.create({ data: { versionId, buyerId, priceWei: version.priceWei, txHash: `0x${randomBytes(32).toString("hex")}`, logIndex: 0, blockNumber: 1 } });
}

/** Short review-like texts with commas, quotes, newlines and non-ASCII, so every format's quoting is exercised. */
export function textSamples(count: number, labels: readonly string[] = ["positive", "negative", "neutral"]): SampleSpec[] {
  return Array.from({ length: count }, (_, i) => ({
    text: i % 7 === 3 ? `Review ${i}: "great", really,\nwould buy again — ünïcödé ${i}` : `Review number ${i} says the product is ${labels[i % labels.length]}.`,
    labels: labels[i % labels.length]!,
    posterior: 0.9 + (i % 10) / 100,
  }));
}
