// ReviewEscrow ids and event reads. Plain viem (no configuration, no "server-only"): the escrow indexer, the browser's
// stake and appeal buttons and the tests share it.
import { keccak256, parseEventLogs, stringToBytes, type Address, type Hex, type PublicClient } from "viem";
import { reviewEscrowAbi } from "./abi/ReviewEscrow";

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
