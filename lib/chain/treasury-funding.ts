// Funding the reward treasury: reading a DATA transfer into it back from the chain, and saying why one failed. Plain
// viem (callers hand in their client), shared by the server, which never takes a browser's word for a transfer, and
// the browser, which simulates the same transfer before the wallet is asked.
import {
  BaseError,
  ContractFunctionRevertedError,
  TransactionReceiptNotFoundError,
  decodeErrorResult,
  formatUnits,
  getAddress,
  parseEventLogs,
  type Address,
  type Hash,
  type PublicClient,
} from "viem";
import { dataTokenAbi } from "./abi/DataToken";

export type TreasuryTransfer =
  | { kind: "not-mined" }
  | { kind: "reverted"; reason: string }
  | { kind: "no-transfer" }
  | { kind: "found"; logIndex: number; blockNumber: bigint };

/**
 * Looks for a Transfer of exactly `amountWei` DATA from `from` to the treasury in the receipt of `txHash`: mined,
 * successful, and emitted by the DATA token itself (another contract's look-alike event does not count).
 */
export async function findTreasuryTransfer(
  publicClient: PublicClient,
  expected: { txHash: Hash; token: Address; from: Address; treasury: Address; amountWei: bigint },
): Promise<TreasuryTransfer> {
  let receipt;
  try {
    receipt = await publicClient.getTransactionReceipt({ hash: expected.txHash });
  } catch (error) {
    if (error instanceof BaseError && error.walk((e) => e instanceof TransactionReceiptNotFoundError)) return { kind: "not-mined" };
    throw error;
  }
  if (receipt.status !== "success") return { kind: "reverted", reason: await replayRevert(publicClient, expected.txHash, receipt.blockNumber) };
  const token = getAddress(expected.token);
  const from = getAddress(expected.from);
  const treasury = getAddress(expected.treasury);
  const log = parseEventLogs({ abi: dataTokenAbi, eventName: "Transfer", logs: receipt.logs }).find(
    (l) => getAddress(l.address) === token && getAddress(l.args.from) === from && getAddress(l.args.to) === treasury && l.args.value === expected.amountWei,
  );
  return log ? { kind: "found", logIndex: log.logIndex, blockNumber: receipt.blockNumber } : { kind: "no-transfer" };
}

/** Why a mined transaction reverted: it is run again on the state its block started from, and the error decoded. */
async function replayRevert(publicClient: PublicClient, txHash: Hash, blockNumber: bigint): Promise<string> {
  const tx = await publicClient.getTransaction({ hash: txHash });
  try {
    await publicClient.call({ account: tx.from, to: tx.to, data: tx.input, value: tx.value, blockNumber: blockNumber - 1n });
  } catch (error) {
    return describeTransferError(error);
  }
  return "The transaction reverted on-chain.";
}

const inData = (wei: unknown) => `${formatUnits(wei as bigint, 18)} DATA`;

/** One sentence for a person about why a DATA transfer fails or failed; never a stack. */
export function describeTransferError(error: unknown): string {
  const decoded = decodeTransferRevert(error);
  if (decoded) return decoded;
  if (error instanceof BaseError) return error.shortMessage;
  return error instanceof Error ? error.message : String(error);
}

/** The DATA token's custom error behind a failed transfer, in words; null when `error` is no decodable revert. */
export function decodeTransferRevert(error: unknown): string | null {
  if (!(error instanceof BaseError)) return null;
  const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError);
  let decoded: { errorName: string; args: readonly unknown[] } | null = null;
  if (reverted instanceof ContractFunctionRevertedError && reverted.data) decoded = { errorName: reverted.data.errorName, args: reverted.data.args ?? [] };
  else {
    const raw = rawRevertData(error);
    if (raw) {
      try {
        const result = decodeErrorResult({ abi: dataTokenAbi, data: raw });
        decoded = { errorName: result.errorName, args: result.args ?? [] };
      } catch {
        decoded = null;
      }
    }
  }
  if (!decoded) return null;
  switch (decoded.errorName) {
    case "ERC20InsufficientBalance":
      return `The wallet ${String(decoded.args[0])} holds ${inData(decoded.args[1])} but the transfer needs ${inData(decoded.args[2])}.`;
    case "ERC20InvalidReceiver":
      return `The DATA token refuses transfers to ${String(decoded.args[0])}.`;
    case "ERC20InvalidSender":
      return `The DATA token refuses transfers from ${String(decoded.args[0])}.`;
    default:
      return `The DATA token refused the transfer (${decoded.errorName}).`;
  }
}

function rawRevertData(error: BaseError): `0x${string}` | null {
  let found: `0x${string}` | null = null;
  error.walk((e) => {
    const data = (e as { data?: unknown }).data;
    if (typeof data === "string" && /^0x[0-9a-f]{8,}$/i.test(data)) found = data as `0x${string}`;
    else if (data && typeof data === "object" && typeof (data as { data?: unknown }).data === "string") found = (data as { data: `0x${string}` }).data;
    return false;
  });
  return found;
}
