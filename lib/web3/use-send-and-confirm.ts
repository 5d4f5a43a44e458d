"use client";
import { useCallback } from "react";
import type { Hash } from "viem";
import { useConfig } from "wagmi";
import { waitForTransactionReceipt, writeContract } from "wagmi/actions";
import { useRefreshChainReads } from "./use-refresh-chain-reads";

/** What a wallet panel shows while one of its transactions is signed and mined. */
export type SendStep = { kind: "wallet"; message: string } | { kind: "pending"; message: string; txHash: Hash };

/**
 * Sends a simulated request from the wallet, waits for its receipt and checks its status, telling `onStep` where it
 * is; then has the header's balance (and every chain read of the page) read again at once, not at the next poll.
 * `label` starts a sentence ("The stake sent…"); mid-sentence it is lower case.
 */
export function useSendAndConfirm(onStep: (step: SendStep) => void): (label: string, request: Parameters<typeof writeContract>[1]) => Promise<Hash> {
  const config = useConfig();
  const refreshChainReads = useRefreshChainReads();
  return useCallback(
    async (label, request) => {
      onStep({ kind: "wallet", message: `Confirm ${label.charAt(0).toLowerCase()}${label.slice(1)} in your wallet…` });
      const txHash = await writeContract(config, request);
      onStep({ kind: "pending", message: `${label} sent, waiting for the block…`, txHash });
      const receipt = await waitForTransactionReceipt(config, { hash: txHash });
      if (receipt.status !== "success") throw new Error(`${label} failed on-chain (transaction ${txHash}).`);
      void refreshChainReads();
      return txHash;
    },
    [config, refreshChainReads, onStep],
  );
}
