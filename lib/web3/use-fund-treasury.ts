"use client";
// The browser's side of funding a campaign: a plain DATA transfer from the admin's wallet into the reward treasury
// (simulated first, so a revert is decoded before the wallet is asked; then written, its receipt awaited and its
// status checked), then the server is told the transaction hash and reads the transfer from the chain itself before
// it raises the budget.
import { useCallback, useState } from "react";
import type { Address, Hash } from "viem";
import { useConfig, useConnection } from "wagmi";
import { readContract, simulateContract, waitForTransactionReceipt, writeContract } from "wagmi/actions";
import { dataTokenAbi } from "@/lib/chain/abi/DataToken";
import { decodeTransferRevert } from "@/lib/chain/treasury-funding";
import { formatData } from "@/lib/format";
import { useChainConfig } from "./chain-config-context";
import { useRefreshChainReads } from "./use-refresh-chain-reads";
import { describeWalletError } from "./wallet-errors";

export type FundStep =
  | { kind: "idle" }
  | { kind: "busy"; message: string; txHash?: Hash }
  | { kind: "done"; message: string; txHash: Hash }
  | { kind: "error"; message: string; txHash?: Hash };

type ServerAnswer = { ok: true; budgetWei: string } | { error: { message: string } };

export function useFundTreasury(target: { campaignId: string; treasury: Address; admin: Address }) {
  const config = useConfig();
  const connection = useConnection();
  const { chainId, tokenAddress } = useChainConfig();
  const [step, setStep] = useState<FundStep>({ kind: "idle" });
  const refreshChainReads = useRefreshChainReads();

  const fund = useCallback(
    async (amountText: string, amountWei: bigint): Promise<boolean> => {
      let txHash: Hash | undefined;
      try {
        if (!tokenAddress) throw new Error("The DATA token is not deployed on this chain.");
        if (!connection.isConnected) throw new Error("Connect your wallet first (Sign in, top right).");
        if (connection.address?.toLowerCase() !== target.admin.toLowerCase()) {
          throw new Error(`Your wallet is on ${connection.address}, but you are signed in as ${target.admin}: switch accounts or sign in again.`);
        }
        if (connection.chainId !== chainId) throw new Error(`Your wallet is on chain ${connection.chainId}; this app runs on chain ${chainId}. Switch network and try again.`);
        const balance = await readContract(config, { address: tokenAddress, abi: dataTokenAbi, functionName: "balanceOf", args: [target.admin] });
        if (balance < amountWei) throw new Error(`Your wallet holds ${formatData(balance)} DATA, less than the ${formatData(amountWei)} DATA you want to fund. Nothing was sent.`);
        setStep({ kind: "busy", message: "Checking the transfer…" });
        const { request } = await simulateContract(config, { account: target.admin, address: tokenAddress, abi: dataTokenAbi, functionName: "transfer", args: [target.treasury, amountWei] });
        setStep({ kind: "busy", message: "Confirm the transfer in your wallet…" });
        txHash = await writeContract(config, request as never);
        setStep({ kind: "busy", message: "Transfer sent, waiting for the block…", txHash });
        const receipt = await waitForTransactionReceipt(config, { hash: txHash });
        if (receipt.status !== "success") throw new Error(`The transfer reverted on-chain (transaction ${txHash}); the budget is unchanged.`);
        void refreshChainReads();
        setStep({ kind: "busy", message: "Transfer mined; the server is checking it…", txHash });
        const response = await fetch(`/api/admin/campaigns/${encodeURIComponent(target.campaignId)}/funding`, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ amount: amountText, txHash }),
        });
        const answer = (await response.json().catch(() => ({ error: { message: `The server answered ${response.status}.` } }))) as ServerAnswer;
        if ("error" in answer) throw new Error(answer.error.message);
        setStep({ kind: "done", message: `Funded: ${formatData(amountWei)} DATA moved to the treasury; the budget is now ${formatData(BigInt(answer.budgetWei))} DATA.`, txHash });
        return true;
      } catch (error) {
        setStep({ kind: "error", message: decodeTransferRevert(error) ?? describeWalletError(error), txHash });
        return false;
      }
    },
    [config, connection.isConnected, connection.address, connection.chainId, chainId, tokenAddress, target.admin, target.treasury, target.campaignId, refreshChainReads],
  );

  return { step, fund, reset: () => setStep({ kind: "idle" }) };
}
