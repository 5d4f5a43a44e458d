"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useMemo } from "react";
import type { Address } from "viem";
import { TxLink } from "@/app/_components/tx-link";
import { WalletProviders } from "@/app/_components/wallet-providers";
import { formatData } from "@/lib/format";
import { useAppealBond } from "@/lib/web3/use-appeal-bond";
import { appealStateAction, fileAppealAction } from "./actions";

const button = "rounded-md px-3 py-2 text-sm font-medium disabled:cursor-not-allowed disabled:opacity-50";

export type AppealPanelProps = { sampleId: string; contributor: Address; bondWei: string; windowEnds: string; reward: string };

/** *Appeal* on a rejected or undecided sample: what it costs, until when, what happens; posts the bond from the wallet. */
export function AppealPanel(props: AppealPanelProps) {
  return (
    <WalletProviders>
      <AppealPanelBody {...props} />
    </WalletProviders>
  );
}

function AppealPanelBody(props: AppealPanelProps) {
  const router = useRouter();
  const actions = useMemo(() => ({ file: fileAppealAction, state: appealStateAction }), []);
  const { step, appeal } = useAppealBond({ sampleId: props.sampleId, contributor: props.contributor }, actions);
  const busy = step.kind === "wallet" || step.kind === "pending" || step.kind === "indexing";
  const bond = BigInt(props.bondWei);
  useEffect(() => {
    if (step.kind === "open") router.refresh();
  }, [step, router]);

  return (
    <section className="space-y-3 rounded-lg border border-slate-200 bg-white p-4 text-sm" data-testid="appeal-panel" aria-labelledby="appeal-title">
      <h2 id="appeal-title" className="text-lg font-semibold">
        Appeal this decision
      </h2>
      <p>
        Bond: <strong data-testid="appeal-bond">{formatData(bond, 4)} DATA</strong>, posted from your wallet into the review escrow. You can appeal until <strong>{props.windowEnds.slice(0, 16).replace("T", " ")} UTC</strong>.
      </p>
      <p className="text-slate-600">
        A fresh panel of three staked reviewers with the best measured record, none of whom reviewed the sample, judges it as an ordinary review item (a split panel is followed once by one of seven). If the panel accepts it, the sample is
        accepted with its label: you get the reward ({props.reward} DATA) and the whole bond back. If it does not, the bond pays the panel and the campaign&apos;s treasury.
      </p>
      <div className="flex flex-wrap gap-2">
        <button type="button" className={`${button} bg-brand-600 text-white hover:bg-brand-700`} disabled={busy} onClick={() => void appeal(bond, false)}>
          Approve and appeal
        </button>
        <button type="button" className={`${button} bg-slate-800 text-white hover:bg-slate-900`} disabled={busy} onClick={() => void appeal(bond, true)}>
          Appeal with one signature
        </button>
      </div>
      <div role="status" aria-live="polite" data-testid="appeal-status">
        {(step.kind === "wallet" || step.kind === "pending") && <p>{step.message}</p>}
        {step.kind === "indexing" && (
          <p>
            Bond posted (<TxLink hash={step.txHash} />
            ); waiting for the escrow&apos;s event to be read…
          </p>
        )}
        {step.kind === "open" && (
          <p className="text-emerald-700">
            Appeal open. <Link href={`/appeals/${step.appealId}`} className="underline">Follow it</Link>.
          </p>
        )}
      </div>
      {step.kind === "error" && (
        <p role="alert" className="text-red-800" data-testid="appeal-error">
          {step.message}
        </p>
      )}
    </section>
  );
}
