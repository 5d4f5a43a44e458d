"use client";
// The browser's side of buying a dataset version: approve then purchase (two transactions), or one ERC-2612 permit
// signature then purchaseWithPermit. Every write is simulated first, so a revert is decoded before the wallet is
// asked; afterwards the server is polled until its indexer has read the Purchased event: the server never takes
// the browser's word for a purchase.
import { useCallback, useEffect, useState } from "react";
import { erc20Abi, type Address, type Hash, type Hex } from "viem";
import { useConfig, useConnection, useReadContract } from "wagmi";
import { readContract, signTypedData, simulateContract, switchChain } from "wagmi/actions";
import { dataTokenAbi } from "@/lib/chain/abi/DataToken";
import { datasetRegistryAbi } from "@/lib/chain/abi/DatasetRegistry";
import { describeRegistryRevert } from "@/lib/chain/dataset-registry";
import { permitSignatureParts, permitTypedData } from "@/lib/chain/permit";
import { formatData } from "@/lib/format";
import { useChainConfig } from "./chain-config-context";
import { useSendAndConfirm } from "./use-send-and-confirm";
import { describeWalletError } from "./wallet-errors";

export type BuyStep =
  | { kind: "idle" }
  | { kind: "wallet"; message: string }
  | { kind: "pending"; message: string; txHash?: Hash }
  | { kind: "approved" }
  | { kind: "indexing"; txHash: Hash }
  | { kind: "confirmed"; txHash: string }
  | { kind: "error"; message: string };

export type BuyTarget = { versionId: string; onChainId: Hex; priceWei: bigint; registry: Address; buyer: Address };

const PERMIT_LIFETIME_S = 20n * 60n;
const POLL_MS = 1_000;

type PolledStatus = { ok: true; value: { state: "none" } | { state: "confirmed"; txHash: string } } | { ok: false; message: string };

export function useBuyDataset(target: BuyTarget, pollStatus: (versionId: string) => Promise<PolledStatus>) {
  const config = useConfig();
  const connection = useConnection();
  const { chainId, tokenAddress } = useChainConfig();
  const [step, setStep] = useState<BuyStep>({ kind: "idle" });
  const allowanceQuery = useReadContract({
    address: tokenAddress ?? undefined,
    abi: erc20Abi,
    functionName: "allowance",
    args: [target.buyer, target.registry],
    query: { enabled: tokenAddress !== null },
  });
  const allowance = allowanceQuery.data ?? null;
  const { refetch: refetchAllowance } = allowanceQuery;

  const wrongChain = connection.isConnected && connection.chainId !== chainId;
  const wrongAccount = connection.isConnected && connection.address?.toLowerCase() !== target.buyer.toLowerCase();

  // After the purchase is mined, wait for the server's indexer to credit it.
  useEffect(() => {
    if (step.kind !== "indexing") return;
    let stopped = false;
    const tick = async () => {
      // A network hiccup is retried; a refusal (signed out meanwhile) is said, since polling would never end.
      const status: PolledStatus = await pollStatus(target.versionId).catch(() => ({ ok: true, value: { state: "none" } }));
      if (stopped) return;
      if (!status.ok) setStep({ kind: "error", message: status.message });
      else if (status.value.state === "confirmed") setStep({ kind: "confirmed", txHash: status.value.txHash });
      else timer = setTimeout(tick, POLL_MS);
    };
    let timer = setTimeout(tick, 0);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [step.kind, pollStatus, target.versionId]);

  /** Runs `action`, turning any failure into one decoded sentence; returns false when it failed. */
  const guarded = useCallback(async (action: () => Promise<void>): Promise<boolean> => {
    try {
      if (!tokenAddress) throw new Error("The DATA token is not deployed on this chain.");
      if (!connection.isConnected) throw new Error("Connect your wallet first (Sign in, top right).");
      if (wrongAccount) throw new Error(`Your wallet is on ${connection.address}, but you are signed in as ${target.buyer}: switch accounts or sign in again.`);
      if (wrongChain) throw new Error(`Your wallet is on chain ${connection.chainId}; this marketplace runs on chain ${chainId}. Switch network and try again.`);
      await action();
      return true;
    } catch (error) {
      setStep({ kind: "error", message: describeRegistryRevert(error) ?? describeWalletError(error) });
      return false;
    }
  }, [tokenAddress, connection.isConnected, connection.address, connection.chainId, wrongAccount, wrongChain, chainId, target.buyer]);

  const ensureBalance = useCallback(async () => {
    const balance = await readContract(config, { address: tokenAddress!, abi: erc20Abi, functionName: "balanceOf", args: [target.buyer] });
    if (balance < target.priceWei) throw new Error(`Your wallet holds ${formatData(balance)} DATA but this dataset costs ${formatData(target.priceWei)} DATA.`);
  }, [config, tokenAddress, target.buyer, target.priceWei]);

  const send = useSendAndConfirm(setStep);

  const approve = useCallback(
    () =>
      guarded(async () => {
        await ensureBalance();
        const { request } = await simulateContract(config, { account: target.buyer, address: tokenAddress!, abi: dataTokenAbi, functionName: "approve", args: [target.registry, target.priceWei] });
        await send("The approval", request as never);
        await refetchAllowance();
        setStep({ kind: "approved" });
      }),
    [guarded, ensureBalance, config, target, tokenAddress, send, refetchAllowance],
  );

  const purchase = useCallback(
    () =>
      guarded(async () => {
        const { request } = await simulateContract(config, { account: target.buyer, address: target.registry, abi: datasetRegistryAbi, functionName: "purchase", args: [target.onChainId] });
        const txHash = await send("The purchase", request as never);
        setStep({ kind: "indexing", txHash });
      }),
    [guarded, config, target, send],
  );

  const buyWithPermit = useCallback(
    () =>
      guarded(async () => {
        await ensureBalance();
        const nonce = await readContract(config, { address: tokenAddress!, abi: dataTokenAbi, functionName: "nonces", args: [target.buyer] });
        const deadline = BigInt(Math.floor(Date.now() / 1000)) + PERMIT_LIFETIME_S;
        setStep({ kind: "wallet", message: "Sign the permit in your wallet…" });
        const signature = await signTypedData(config, {
          account: target.buyer,
          ...permitTypedData({ token: tokenAddress!, chainId, owner: target.buyer, spender: target.registry, value: target.priceWei, nonce, deadline }),
        });
        const { v, r, s } = permitSignatureParts(signature);
        const { request } = await simulateContract(config, {
          account: target.buyer,
          address: target.registry,
          abi: datasetRegistryAbi,
          functionName: "purchaseWithPermit",
          args: [target.onChainId, deadline, v, r, s],
        });
        const txHash = await send("The purchase", request as never);
        setStep({ kind: "indexing", txHash });
      }),
    [guarded, ensureBalance, config, tokenAddress, target, chainId, send],
  );

  const switchToChain = useCallback(async () => {
    try {
      await switchChain(config, { chainId });
      setStep({ kind: "idle" });
    } catch (error) {
      setStep({ kind: "error", message: describeWalletError(error) });
    }
  }, [config, chainId]);

  return { step, allowance, wrongChain, approve, purchase, buyWithPermit, switchToChain, reset: () => setStep({ kind: "idle" }) };
}
