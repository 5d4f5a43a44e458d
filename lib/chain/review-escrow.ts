// ReviewEscrow ids and event reads. Plain viem (no configuration, no "server-only"): the escrow indexer, the browser's
// stake and appeal buttons and the tests share it.
import { formatUnits, keccak256, parseEventLogs, stringToBytes, type Address, type Hex, type PublicClient } from "viem";
import { dataTokenAbi } from "./abi/DataToken";
import { reviewEscrowAbi } from "./abi/ReviewEscrow";
import { decodeRevert, type DecodedRevert } from "./revert";

/** The bytes32 id the escrow knows a campaign by: keccak256 of a prefixed database id. */
export function escrowCampaignKey(campaignId: string): Hex {
  return keccak256(stringToBytes(`tessera:campaign:${campaignId}`));
}

/** The bytes32 id of an appeal's bond. */
export function escrowBondKey(appealId: string): Hex {
  return keccak256(stringToBytes(`tessera:appeal:${appealId}`));
}

type LogPlace = { txHash: Hex; logIndex: number; blockNumber: bigint };

export type EscrowLog = LogPlace &
  (
    | { kind: "STAKED"; campaign: Hex; account: Address; amount: bigint }
    | { kind: "WITHDRAWAL_REQUESTED"; campaign: Hex; account: Address; amount: bigint; unlockAt: bigint }
    | { kind: "WITHDRAWN"; campaign: Hex; account: Address; amount: bigint }
    | { kind: "SLASHED"; campaign: Hex; account: Address; amount: bigint }
    | { kind: "BOND_POSTED"; bondId: Hex; account: Address; amount: bigint }
    | { kind: "BOND_SETTLED"; bondId: Hex; amount: bigint }
  );

/** The escrow's events in blocks from..to, in chain order. */
export async function escrowLogs(publicClient: PublicClient, escrow: Address, fromBlock: bigint, toBlock: bigint): Promise<EscrowLog[]> {
  const logs = await publicClient.getLogs({ address: escrow, fromBlock, toBlock });
  return parseEventLogs({ abi: reviewEscrowAbi, logs }).flatMap((log): EscrowLog[] => {
    const place = { txHash: log.transactionHash, logIndex: log.logIndex, blockNumber: log.blockNumber };
    switch (log.eventName) {
      case "Staked":
        return [{ ...place, kind: "STAKED", campaign: log.args.campaign, account: log.args.reviewer, amount: log.args.amount }];
      case "WithdrawalRequested":
        return [{ ...place, kind: "WITHDRAWAL_REQUESTED", campaign: log.args.campaign, account: log.args.reviewer, amount: log.args.amount, unlockAt: log.args.unlockAt }];
      case "Withdrawn":
        return [{ ...place, kind: "WITHDRAWN", campaign: log.args.campaign, account: log.args.reviewer, amount: log.args.amount }];
      case "Slashed":
        return [{ ...place, kind: "SLASHED", campaign: log.args.campaign, account: log.args.reviewer, amount: log.args.amount }];
      case "BondPosted":
        return [{ ...place, kind: "BOND_POSTED", bondId: log.args.bondId, account: log.args.poster, amount: log.args.amount }];
      case "BondSettled":
        return [{ ...place, kind: "BOND_SETTLED", bondId: log.args.bondId, amount: log.args.total }];
      default:
        // Role grants and revocations: nothing to credit.
        return [];
    }
  });
}

const inData = (wei: unknown) => `${formatUnits(BigInt(wei as bigint), 18)} DATA`;

/** The custom error an escrow call reverted with (the token's own errors included), or null for anything else. */
export function decodeEscrowRevert(error: unknown): DecodedRevert | null {
  return decodeRevert(error, [reviewEscrowAbi, dataTokenAbi]);
}

/** One sentence for a decoded escrow revert, or null when the error is not one. */
export function describeEscrowRevert(error: unknown): string | null {
  const revert = decodeEscrowRevert(error);
  if (!revert) return null;
  const { errorName, args } = revert;
  switch (errorName) {
    case "ERC20InsufficientBalance":
      return `Your wallet holds ${inData(args[1])} but ${inData(args[2])} was asked.`;
    case "ERC20InsufficientAllowance":
      return `The escrow may spend ${inData(args[1])} of your DATA but ${inData(args[2])} was asked: approve first.`;
    case "ERC2612InvalidSigner":
      return "The permit signature is not valid (already used, or signed for another amount or wallet).";
    case "ERC2612ExpiredSignature":
      return "The permit signature has expired: sign again.";
    case "ZeroAmount":
      return "The amount must be more than zero.";
    case "InsufficientStake":
      return `You asked back ${inData(args[0])} but only ${inData(args[1])} of your stake is active.`;
    case "NothingToWithdraw":
      return "Nothing of your stake is waiting to be withdrawn: ask for a withdrawal first.";
    case "CooldownRunning":
      return `Your withdrawal unlocks at ${new Date(Number(args[0] as bigint) * 1000).toISOString().replace("T", " ").slice(0, 16)} UTC.`;
    case "BondExists":
      return "A bond was already posted for this appeal.";
    case "AccessControlUnauthorizedAccount":
      return `The wallet ${String(args[0])} lacks the role this escrow call needs.`;
    default:
      return null;
  }
}
