"use client";
// The browser's side of a reviewer's stake: approve then stake (two transactions) or one ERC-2612 permit signature
// then stakeWithPermit; asking a part back, and withdrawing it after the cooldown. Every write is simulated first, so
// a revert is decoded before the wallet is asked; afterwards the server is polled until its escrow indexer credited
// the event: the server never takes the browser's word for a stake.
import { useCallback, useEffect, useState } from "react";
import { erc20Abi, type Address, type Hash, type Hex } from "viem";
import { useConfig, useConnection } from "wagmi";
import { readContract, signTypedData, simulateContract } from "wagmi/actions";
import { dataTokenAbi } from "@/lib/chain/abi/DataToken";
import { reviewEscrowAbi } from "@/lib/chain/abi/ReviewEscrow";
import { permitSignatureParts, permitTypedData } from "@/lib/chain/permit";
import { describeEscrowRevert } from "@/lib/chain/review-escrow";
import { formatData } from "@/lib/format";
import { useChainConfig } from "./chain-config-context";
import { useSendAndConfirm } from "./use-send-and-confirm";
import { describeWalletError } from "./wallet-errors";

export type CreditedStake = { activeWei: string; leavingWei: string; unlockAt: string | null };
type Polled = { ok: true; value: CreditedStake } | { ok: false; message: string };

export type StakeStep =
  | { kind: "idle" }
  | { kind: "wallet"; message: string }
  | { kind: "pending"; message: string; txHash?: Hash }
  | { kind: "indexing"; txHash: Hash; done: string }
  | { kind: "done"; message: string; txHash: Hash }
  | { kind: "error"; message: string };

const PERMIT_LIFETIME_S = 20n * 60n;
const POLL_MS = 1_000;

export function useEscrowStake(
  target: { campaignId: string; escrowKey: Hex; escrow: Address; reviewer: Address; credited: CreditedStake },
  actions: { poll: (campaignId: string) => Promise<Polled>; checkWithdrawal: (campaignId: string) => Promise<{ ok: true } | { ok: false; message: string }> },
  onCredited: (stake: CreditedStake) => void,
) {
  const config = useConfig();
  const connection = useConnection();
  const { chainId, tokenAddress } = useChainConfig();
  const [step, setStep] = useState<StakeStep>({ kind: "idle" });
  const before = JSON.stringify(target.credited);

  // After a transaction is mined, wait until the indexer's credited stake changed.
  useEffect(() => {
    if (step.kind !== "indexing") return;
    let stopped = false;
    const tick = async () => {
      const status: Polled | null = await actions.poll(target.campaignId).catch(() => null);
      if (stopped) return;
      if (status && !status.ok) return setStep({ kind: "error", message: status.message });
      if (status && JSON.stringify(status.value) !== before) {
        onCredited(status.value);
        setStep({ kind: "done", message: step.done, txHash: step.txHash });
      } else timer = setTimeout(tick, POLL_MS);
    };
    let timer = setTimeout(tick, POLL_MS / 2);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [step, actions, target.campaignId, before, onCredited]);

  const guarded = useCallback(
    async (action: () => Promise<void>) => {
      try {
        if (!tokenAddress) throw new Error("The DATA token is not deployed on this chain.");
        if (!connection.isConnected) throw new Error("Connect your wallet first (Sign in, top right).");
        if (connection.address?.toLowerCase() !== target.reviewer.toLowerCase()) throw new Error(`Your wallet is on ${connection.address}, but you are signed in as ${target.reviewer}: switch accounts or sign in again.`);
        if (connection.chainId !== chainId) throw new Error(`Your wallet is on chain ${connection.chainId}; this marketplace runs on chain ${chainId}. Switch network and try again.`);
        await action();
      } catch (error) {
        setStep({ kind: "error", message: describeEscrowRevert(error) ?? describeWalletError(error) });
      }
    },
    [tokenAddress, connection.isConnected, connection.address, connection.chainId, chainId, target.reviewer],
  );

  const send = useSendAndConfirm(setStep);

  const ensureBalance = useCallback(
    async (amount: bigint) => {
      const balance = await readContract(config, { address: tokenAddress!, abi: erc20Abi, functionName: "balanceOf", args: [target.reviewer] });
      if (balance < amount) throw new Error(`Your wallet holds ${formatData(balance)} DATA; staking ${formatData(amount)} DATA needs more.`);
    },
    [config, tokenAddress, target.reviewer],
  );

  const stake = useCallback(
    (amount: bigint) =>
      guarded(async () => {
        if (amount <= 0n) throw new Error("Enter an amount of DATA above zero.");
        await ensureBalance(amount);
        const allowance = await readContract(config, { address: tokenAddress!, abi: erc20Abi, functionName: "allowance", args: [target.reviewer, target.escrow] });
        if (allowance < amount) {
          const { request } = await simulateContract(config, { account: target.reviewer, address: tokenAddress!, abi: dataTokenAbi, functionName: "approve", args: [target.escrow, amount] });
          await send("The approval", request as never);
        }
        const { request } = await simulateContract(config, { account: target.reviewer, address: target.escrow, abi: reviewEscrowAbi, functionName: "stake", args: [target.escrowKey, amount] });
        const txHash = await send("The stake", request as never);
        setStep({ kind: "indexing", txHash, done: `Staked ${formatData(amount)} DATA.` });
      }),
    [guarded, ensureBalance, config, tokenAddress, target, send],
  );

  const stakeWithPermit = useCallback(
    (amount: bigint) =>
      guarded(async () => {
        if (amount <= 0n) throw new Error("Enter an amount of DATA above zero.");
        await ensureBalance(amount);
        const nonce = await readContract(config, { address: tokenAddress!, abi: dataTokenAbi, functionName: "nonces", args: [target.reviewer] });
        const deadline = BigInt(Math.floor(Date.now() / 1000)) + PERMIT_LIFETIME_S;
        setStep({ kind: "wallet", message: "Sign the permit in your wallet…" });
        const signature = await signTypedData(config, {
          account: target.reviewer,
          ...permitTypedData({ token: tokenAddress!, chainId, owner: target.reviewer, spender: target.escrow, value: amount, nonce, deadline }),
        });
        const { v, r, s } = permitSignatureParts(signature);
        const { request } = await simulateContract(config, { account: target.reviewer, address: target.escrow, abi: reviewEscrowAbi, functionName: "stakeWithPermit", args: [target.escrowKey, amount, deadline, v, r, s] });
        const txHash = await send("The stake", request as never);
        setStep({ kind: "indexing", txHash, done: `Staked ${formatData(amount)} DATA.` });
      }),
    [guarded, ensureBalance, config, tokenAddress, target, chainId, send],
  );

  const requestWithdrawal = useCallback(
    (amount: bigint) =>
      guarded(async () => {
        if (amount <= 0n) throw new Error("Enter an amount of DATA above zero.");
        const check = await actions.checkWithdrawal(target.campaignId);
        if (!check.ok) throw new Error(check.message);
        const { request } = await simulateContract(config, { account: target.reviewer, address: target.escrow, abi: reviewEscrowAbi, functionName: "requestWithdrawal", args: [target.escrowKey, amount] });
        const txHash = await send("The withdrawal request", request as never);
        setStep({ kind: "indexing", txHash, done: `${formatData(amount)} DATA asked back: it no longer backs reviews, and can be withdrawn once the cooldown ends.` });
      }),
    [guarded, actions, config, target, send],
  );

  const withdraw = useCallback(
    () =>
      guarded(async () => {
        const { request } = await simulateContract(config, { account: target.reviewer, address: target.escrow, abi: reviewEscrowAbi, functionName: "withdraw", args: [target.escrowKey] });
        const txHash = await send("The withdrawal", request as never);
        setStep({ kind: "indexing", txHash, done: "Withdrawn to your wallet." });
      }),
    [guarded, config, target, send],
  );

  return { step, stake, stakeWithPermit, requestWithdrawal, withdraw };
}
