// DatasetRegistry reads, writes, event reads and revert decoding. Plain viem (no configuration, no "server-only"):
// the publish service, the purchase indexer, the browser's Buy button and the tests share it. Writes follow viem's
// order: simulate, write, wait for the receipt, check its status.
import {
  formatUnits,
  keccak256,
  parseEventLogs,
  stringToBytes,
  zeroHash,
  type Address,
  type Hash,
  type Hex,
  type PublicClient,
} from "viem";
import { dataTokenAbi } from "./abi/DataToken";
import { datasetRegistryAbi } from "./abi/DatasetRegistry";
import type { TesseraWalletClient } from "./clients";
import { decodeRevert, type DecodedRevert } from "./revert";

export const PUBLISHER_ROLE = keccak256(stringToBytes("PUBLISHER_ROLE"));

/** The bytes32 id the registry knows a version by: keccak256 of its database id. */
export function onChainVersionId(versionRowId: string): Hex {
  return keccak256(stringToBytes(versionRowId));
}

/** What goes on-chain for a licence: keccak256 of its SPDX id. */
export function licenceHash(spdx: string): Hex {
  return keccak256(stringToBytes(spdx));
}

export type RegistryVersion = { merkleRoot: Hex; price: bigint; licenceHash: Hex; publishedAtBlock: bigint };

/** The version as the chain has it, or null when it was never published there. */
export async function readRegistryVersion(publicClient: PublicClient, registry: Address, versionId: Hex): Promise<RegistryVersion | null> {
  const v = await publicClient.readContract({ address: registry, abi: datasetRegistryAbi, functionName: "version", args: [versionId] });
  return v.publishedAtBlock === 0n ? null : v;
}

/** Publishes a version (once: a second call reverts with AlreadyPublished) and waits for a successful receipt. */
export async function publishOnChain(
  clients: { publicClient: PublicClient; walletClient: TesseraWalletClient },
  registry: Address,
  version: { versionId: Hex; merkleRoot: Hex; priceWei: bigint; licenceHash: Hex },
): Promise<{ txHash: Hash; blockNumber: bigint }> {
  const { request } = await clients.publicClient.simulateContract({
    account: clients.walletClient.account,
    address: registry,
    abi: datasetRegistryAbi,
    functionName: "publish",
    args: [version.versionId, version.merkleRoot, version.priceWei, version.licenceHash],
  });
  const txHash = await clients.walletClient.writeContract(request);
  const receipt = await clients.publicClient.waitForTransactionReceipt({ hash: txHash });
  if (receipt.status !== "success") throw new Error(`publishing ${version.versionId} reverted in transaction ${txHash}`);
  return { txHash, blockNumber: receipt.blockNumber };
}

export type PurchasedLog = { buyer: Address; versionId: Hex; price: bigint; txHash: Hash; logIndex: number; blockNumber: bigint; blockHash: Hash };

/** Purchased events of `registry` in blocks [fromBlock, toBlock], in chain order. */
export async function purchasedLogs(publicClient: PublicClient, registry: Address, fromBlock: bigint, toBlock: bigint): Promise<PurchasedLog[]> {
  const logs = await publicClient.getLogs({ address: registry, fromBlock, toBlock });
  return parseEventLogs({ abi: datasetRegistryAbi, eventName: "Purchased", logs }).map((log) => ({
    buyer: log.args.buyer,
    versionId: log.args.versionId,
    price: log.args.price,
    txHash: log.transactionHash,
    logIndex: log.logIndex,
    blockNumber: log.blockNumber,
    blockHash: log.blockHash,
  }));
}

export type RegistryRevert = DecodedRevert;

/** The custom error a registry call reverted with (the token's own errors included), or null for anything else. */
export function decodeRegistryRevert(error: unknown): RegistryRevert | null {
  return decodeRevert(error, [datasetRegistryAbi, dataTokenAbi]);
}

const inData = (wei: unknown) => `${formatUnits(wei as bigint, 18)} DATA`;

/** One sentence for a person about why a registry call failed, or null when it is no revert we know. */
export function describeRegistryRevert(error: unknown): string | null {
  const revert = decodeRegistryRevert(error);
  if (!revert) return null;
  const { errorName, args } = revert;
  switch (errorName) {
    case "ERC20InsufficientBalance":
      return `Your wallet holds ${inData(args[1])} but this dataset costs ${inData(args[2])}.`;
    case "ERC20InsufficientAllowance":
      return `The registry may spend ${inData(args[1])} of your DATA but the price is ${inData(args[2])}: approve first.`;
    case "ERC2612InvalidSigner":
      return "The permit signature is not valid (already used, or signed for another amount or wallet).";
    case "ERC2612ExpiredSignature":
      return "The permit signature has expired: sign again.";
    case "AlreadyPurchased":
      return "This wallet has already bought this version.";
    case "UnknownVersion":
      return "This version is not published on-chain.";
    case "AlreadyPublished":
      return "This version is already published on-chain.";
    case "EmptyMerkleRoot":
      return "A version cannot be published without a Merkle root.";
    case "ZeroPrice":
      return "A version needs a price above zero.";
    case "AccessControlUnauthorizedAccount":
      return `The wallet ${String(args[0])} lacks ${args[1] === PUBLISHER_ROLE ? "PUBLISHER_ROLE" : args[1] === zeroHash ? "the admin role" : String(args[1])} on the dataset registry.`;
    default:
      return null;
  }
}

/** The transaction that published `versionId` in block `atBlock` (from its Published log), or null. */
export async function findPublishTx(publicClient: PublicClient, registry: Address, versionId: Hex, atBlock: bigint): Promise<Hash | null> {
  const logs = await publicClient.getLogs({ address: registry, fromBlock: atBlock, toBlock: atBlock });
  const published = parseEventLogs({ abi: datasetRegistryAbi, eventName: "Published", logs }).find((log) => log.args.versionId === versionId);
  return published?.transactionHash ?? null;
}
