"use client";
import Link from "next/link";
import type { Address, Hex } from "viem";
import { TxLink } from "@/app/_components/tx-link";
import { formatData } from "@/lib/format";
import { useBuyDataset } from "@/lib/web3/use-buy-dataset";
import { DownloadPanel } from "../_components/download-panel";
import { purchaseStatusAction } from "./actions";

const button = "rounded-md px-4 py-2 text-sm font-medium disabled:cursor-not-allowed disabled:opacity-50";

export function BuyPanel(props: { versionId: string; onChainId: Hex; priceWei: string; registry: Address; buyer: Address; canDownload: boolean }) {
  const priceWei = BigInt(props.priceWei);
  const { step, allowance, wrongChain, approve, purchase, buyWithPermit, switchToChain } = useBuyDataset({ ...props, priceWei }, purchaseStatusAction);
  const busy = step.kind === "wallet" || step.kind === "pending" || step.kind === "indexing";
  const approved = step.kind === "approved" || (allowance !== null && allowance >= priceWei);

  if (step.kind === "confirmed") {
    return (
      <div className="space-y-3">
        <div role="status" className="rounded-md bg-emerald-50 p-4 text-sm text-emerald-900" data-testid="purchase-confirmed">
          {/* No router.refresh here: it would swap this confirmation for the owner's view before it is read. */}
          Purchase confirmed on-chain and credited to your account.{" "}
          <Link href="/purchases" className="font-medium underline">
            See your purchases
          </Link>
          <div className="mt-1">
            <TxLink hash={step.txHash} className="text-xs text-emerald-900" />
          </div>
        </div>
        {/* The buyer may download at once: the same panel the owner's view shows after a reload. */}
        {!props.canDownload && <DownloadPanel versionId={props.versionId} />}
      </div>
    );
  }

  return (
    <div className="space-y-3">
      {wrongChain && (
        <p className="rounded-md bg-amber-50 p-3 text-sm text-amber-900">
          Your wallet is on another network.{" "}
          <button type="button" onClick={() => void switchToChain()} className="font-medium underline">
            Switch network
          </button>
        </p>
      )}
      <div className="flex flex-wrap items-center gap-2">
        <button type="button" className={`${button} border border-brand-600 text-brand-700 hover:bg-brand-50`} disabled={busy || approved} onClick={() => void approve()}>
          1. Approve {formatData(priceWei)} DATA
        </button>
        <button type="button" className={`${button} bg-brand-600 text-white hover:bg-brand-700`} disabled={busy || !approved} onClick={() => void purchase()}>
          2. Buy
        </button>
        <span className="text-sm text-slate-500">or</span>
        <button type="button" className={`${button} bg-slate-800 text-white hover:bg-slate-900`} disabled={busy} onClick={() => void buyWithPermit()}>
          Buy with one signature (permit)
        </button>
      </div>
      {(step.kind === "wallet" || step.kind === "pending") && (
        <p role="status" className="flex items-center gap-2 text-sm text-slate-700" data-testid="purchase-pending">
          <span className="h-3 w-3 animate-spin rounded-full border-2 border-brand-600 border-t-transparent" aria-hidden />
          {step.message}
          {step.kind === "pending" && step.txHash && <span className="break-all font-mono text-xs text-slate-600">{step.txHash}</span>}
        </p>
      )}
      {step.kind === "approved" && (
        <p role="status" className="text-sm text-emerald-800">
          Approved. Now press Buy.
        </p>
      )}
      {step.kind === "indexing" && (
        <p role="status" className="flex items-center gap-2 text-sm text-slate-700" data-testid="purchase-pending">
          <span className="h-3 w-3 animate-spin rounded-full border-2 border-brand-600 border-t-transparent" aria-hidden />
          Mined. Waiting for the marketplace to read the Purchased event…
        </p>
      )}
      {step.kind === "error" && (
        <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800" data-testid="purchase-error">
          {step.message}
        </p>
      )}
    </div>
  );
}
