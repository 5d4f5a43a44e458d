"use client";
// The browser's side of an appeal: file it (the server checks who, what, when and the bond, and answers with the
// bond's escrow key), then post the bond from the contributor's wallet, approve then postBond or one ERC-2612 permit
// then postBondWithPermit, each simulated first so a revert is decoded before the wallet is asked. Afterwards the
// server is polled until its escrow indexer credited the bond and opened the appeal: never on the browser's word.
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

export type FiledBond = { appealId: string; bondKey: Hex; bondWei: string; escrow: Address; state: string };
type Result<T> = { ok: true; value: T } | { ok: false; message: string };

export type AppealStep =
  | { kind: "idle" }
  | { kind: "wallet"; message: string }
  | { kind: "pending"; message: string; txHash?: Hash }
  | { kind: "indexing"; txHash: Hash; appealId: string }
  | { kind: "open"; appealId: string }
  | { kind: "error"; message: string };

const PERMIT_LIFETIME_S = 20n * 60n;
const POLL_MS = 1_000;

export function useAppealBond(
  target: { sampleId: string; contributor: Address },
  actions: { file: (sampleId: string, bondWei: string) => Promise<Result<FiledBond>>; state: (appealId: string) => Promise<Result<{ state: string }>> },
) {
  const config = useConfig();
  const connection = useConnection();
  const { chainId, tokenAddress } = useChainConfig();
  const [step, setStep] = useState<AppealStep>({ kind: "idle" });

  useEffect(() => {
    if (step.kind !== "indexing") return;
    let stopped = false;
    const tick = async () => {
      const status = await actions.state(step.appealId).catch(() => null);
      if (stopped) return;
      if (status && !status.ok) return setStep({ kind: "error", message: status.message });
      if (status && status.value.state !== "AWAITING_BOND") setStep({ kind: "open", appealId: step.appealId });
      else timer = setTimeout(tick, POLL_MS);
    };
    let timer = setTimeout(tick, POLL_MS / 2);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [step, actions]);

  const send = useSendAndConfirm(setStep);

  const appeal = useCallback(
    async (bond: bigint, withPermit: boolean) => {
      try {
        if (!tokenAddress) throw new Error("The DATA token is not deployed on this chain.");
        if (!connection.isConnected) throw new Error("Connect your wallet first (Sign in, top right).");
        if (connection.address?.toLowerCase() !== target.contributor.toLowerCase()) throw new Error(`Your wallet is on ${connection.address}, but you are signed in as ${target.contributor}: switch accounts or sign in again.`);
        if (connection.chainId !== chainId) throw new Error(`Your wallet is on chain ${connection.chainId}; this marketplace runs on chain ${chainId}. Switch network and try again.`);
        const balance = await readContract(config, { address: tokenAddress, abi: erc20Abi, functionName: "balanceOf", args: [target.contributor] });
        if (balance < bond) throw new Error(`Your wallet holds ${formatData(balance)} DATA; the bond is ${formatData(bond)} DATA.`);
        const filed = await actions.file(target.sampleId, bond.toString());
        if (!filed.ok) throw new Error(filed.message);
        const { escrow, bondKey, appealId } = filed.value;
        const amount = BigInt(filed.value.bondWei);
        let txHash: Hash;
        if (withPermit) {
          const nonce = await readContract(config, { address: tokenAddress, abi: dataTokenAbi, functionName: "nonces", args: [target.contributor] });
          const deadline = BigInt(Math.floor(Date.now() / 1000)) + PERMIT_LIFETIME_S;
          setStep({ kind: "wallet", message: "Sign the permit in your wallet…" });
          const signature = await signTypedData(config, { account: target.contributor, ...permitTypedData({ token: tokenAddress, chainId, owner: target.contributor, spender: escrow, value: amount, nonce, deadline }) });
          const { v, r, s } = permitSignatureParts(signature);
          const { request } = await simulateContract(config, { account: target.contributor, address: escrow, abi: reviewEscrowAbi, functionName: "postBondWithPermit", args: [bondKey, amount, deadline, v, r, s] });
          txHash = await send("The bond", request as never);
        } else {
          const allowance = await readContract(config, { address: tokenAddress, abi: erc20Abi, functionName: "allowance", args: [target.contributor, escrow] });
          if (allowance < amount) {
            const { request } = await simulateContract(config, { account: target.contributor, address: tokenAddress, abi: dataTokenAbi, functionName: "approve", args: [escrow, amount] });
            await send("The approval", request as never);
          }
          const { request } = await simulateContract(config, { account: target.contributor, address: escrow, abi: reviewEscrowAbi, functionName: "postBond", args: [bondKey, amount] });
          txHash = await send("The bond", request as never);
        }
        setStep({ kind: "indexing", txHash, appealId });
      } catch (error) {
        setStep({ kind: "error", message: describeEscrowRevert(error) ?? describeWalletError(error) });
      }
    },
    [tokenAddress, connection.isConnected, connection.address, connection.chainId, chainId, target, config, actions, send],
  );

  return { step, appeal };
}
