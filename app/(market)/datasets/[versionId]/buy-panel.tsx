"use client";
import Link from "next/link";
import type { Address, Hex } from "viem";
import { TxLink } from "@/app/_components/tx-link";
import { WalletProviders } from "@/app/_components/wallet-providers";
import { useBuyDataset } from "@/lib/web3/use-buy-dataset";
import { DownloadPanel } from "../_components/download-panel";
import { purchaseStatusAction } from "./actions";
import { BuyButtons } from "./buy-buttons";

type Props = { versionId: string; onChainId: Hex; priceWei: string; registry: Address; buyer: Address; canDownload: boolean };

/** Loaded through buy-panel-loader.tsx only: this module brings the wallet stack. */
export function BuyPanel(props: Props) {
  return (
    <WalletProviders>
      <BuyPanelSteps {...props} />
    </WalletProviders>
  );
}

function BuyPanelSteps(props: Props) {
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
      <BuyButtons
        priceWei={priceWei}
        approveDisabled={busy || approved}
        buyDisabled={busy || !approved}
        permitDisabled={busy}
        onApprove={() => void approve()}
        onBuy={() => void purchase()}
        onPermit={() => void buyWithPermit()}
      />
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
