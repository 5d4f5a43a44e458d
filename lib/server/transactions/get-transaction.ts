import "server-only";
import { getAddress, isHash, type Address, type Hash } from "viem";
import { createTesseraPublicClient } from "@/lib/chain/clients";
import { readTransaction, type ChainTransaction } from "@/lib/chain/read-transaction";
import { describeReason, PAYOUT_REASONS } from "@/lib/domain/payouts/reasons";
import { AppError } from "@/lib/errors";
import type { SessionUser } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import { findDeployment, type ContractName } from "@/lib/server/deployments";
import { payoutLink, type PayoutSource } from "@/lib/domain/payouts/payout-source";

export type TransferRow = { logIndex: number; from: Address; to: Address; valueWei: bigint };
/** One payout the transaction paid; `link` leads to what earned it (a sample, or the dataset version sold). */
export type PaidRow = { id: string; what: string; amountWei: bigint; link: PayoutSource | null };
export type TransactionView = {
  chain: ChainTransaction;
  /** Names of Tessera's contracts by lower-case address, to label from/to and events. */
  contracts: Record<string, ContractName>;
  transfers: TransferRow[];
  payouts: { count: number; totalWei: bigint; batchKey: string | null; shown: PaidRow[]; shownAll: boolean };
  purchases: { versionId: string; dataset: string; version: string; priceWei: bigint; buyer: Address }[];
  publications: { versionId: string; dataset: string; version: string }[];
  events: ChainTransaction["events"];
};

const CONTRACTS: ContractName[] = ["DataToken", "RewardDistributor", "DatasetRegistry"];

/**
 * A transaction as the chain has it (status, block, from/to, decoded DATA transfers) and what it carried for Tessera:
 * payouts, purchases, a dataset publication. The chain's part is public; of the payouts, a viewer sees the rows paid to
 * themselves (admins see all), the rest only as a count and a sum, which the transfers show on-chain anyway.
 */
export async function getTransaction(rawHash: string, viewer: SessionUser | null): Promise<TransactionView> {
  const hash = rawHash.toLowerCase();
  if (!isHash(hash)) throw new AppError("NOT_FOUND", "That is not a transaction hash (0x and 64 hex digits).");
  const [chain, deployments] = await Promise.all([
    readTransaction(createTesseraPublicClient(), hash as Hash).catch((cause: unknown) => {
      throw new AppError("CHAIN_ERROR", "The chain could not be reached to read this transaction.", { cause });
    }),
    Promise.all(CONTRACTS.map(async (name) => [name, await findDeployment(name)] as const)),
  ]);
  if (!chain) throw new AppError("NOT_FOUND", "The chain does not know this transaction.");
  const contracts: Record<string, ContractName> = {};
  for (const [name, deployment] of deployments) if (deployment) contracts[deployment.address.toLowerCase()] = name;
  const token = deployments.find(([name]) => name === "DataToken")?.[1]?.address.toLowerCase();

  const transfers = chain.events
    .filter((e) => e.name === "Transfer" && e.contract.toLowerCase() === token)
    .map((e) => ({ logIndex: e.logIndex, from: getAddress(e.args.from as string), to: getAddress(e.args.to as string), valueWei: e.args.value as bigint }));

  const isAdmin = viewer?.roles.includes("ADMIN") ?? false;
  const [payoutRows, purchases, publications, batch] = await Promise.all([
    db.payout.findMany({ where: { txHash: hash }, select: { id: true, reason: true, subjectId: true, recipientId: true, amountWei: true }, orderBy: { id: "asc" } }),
    db.purchase.findMany({
      where: { txHash: hash },
      select: { versionId: true, priceWei: true, buyer: { select: { address: true } }, version: { select: { version: true, dataset: { select: { name: true } } } } },
    }),
    db.datasetVersion.findMany({ where: { publishTxHash: hash }, select: { id: true, version: true, dataset: { select: { name: true } } } }),
    db.payoutBatch.findFirst({ where: { txHash: hash }, select: { batchKey: true } }),
  ]);
  const visible = payoutRows.filter((p) => isAdmin || p.recipientId === viewer?.id);
  const saleIds = visible.filter((p) => p.reason === PAYOUT_REASONS.DATASET_REVENUE).map((p) => p.subjectId);
  const sales = new Map(
    (await db.purchase.findMany({ where: { id: { in: saleIds } }, select: { id: true, versionId: true, version: { select: { version: true, dataset: { select: { name: true } } } } } })).map((s) => [s.id, s]),
  );

  return {
    chain,
    contracts,
    transfers,
    payouts: {
      count: payoutRows.length,
      totalWei: payoutRows.reduce((sum, p) => sum + BigInt(p.amountWei), 0n),
      batchKey: batch?.batchKey ?? null,
      shown: visible.map((p) => ({ id: p.id, what: describeReason(p.reason), amountWei: BigInt(p.amountWei), link: payoutLink(p.reason, p.subjectId, sales) })),
      shownAll: visible.length === payoutRows.length,
    },
    purchases: purchases.map((p) => ({ versionId: p.versionId, dataset: p.version.dataset.name, version: p.version.version, priceWei: BigInt(p.priceWei), buyer: getAddress(p.buyer.address) })),
    publications: publications.map((v) => ({ versionId: v.id, dataset: v.dataset.name, version: v.version })),
    events: chain.events,
  };
}
