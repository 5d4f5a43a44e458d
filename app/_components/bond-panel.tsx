"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useMemo } from "react";
import type { Address } from "viem";
import { TxLink } from "@/app/_components/tx-link";
import { WalletProviders } from "@/app/_components/wallet-providers";
import type { ActionResult } from "@/app/_lib/action-result";
import { formatData } from "@/lib/format";
import { useAppealBond, type FiledBond } from "@/lib/web3/use-appeal-bond";

const button = "rounded-md px-3 py-2 text-sm font-medium disabled:cursor-not-allowed disabled:opacity-50";

/** What the bond backs: a contributor's appeal of a decision, or a staked reviewer's challenge of a gold answer. */
export type BondPanelKind = "appeal" | "gold";

export type BondPanelProps = {
  kind: BondPanelKind;
  /** The sample appealed, or the gold item challenged: what `file` is called with. */
  targetId: string;
  /** The signed-in wallet, which posts the bond. */
  wallet: Address;
  bondWei: string;
  windowEnds: string;
  /** The sample's reward, in DATA (appeals only). */
  reward?: string;
  file: (targetId: string, bondWei: string) => Promise<ActionResult<FiledBond>>;
  state: (appealId: string) => Promise<ActionResult<{ state: string }>>;
};

const WORDS = {
  appeal: { title: "Appeal this decision", approve: "Approve and appeal", permit: "Appeal with one signature", open: "Appeal open." },
  gold: { title: "Challenge this gold answer", approve: "Approve and challenge", permit: "Challenge with one signature", open: "Challenge open." },
} as const;

/**
 * A bond posted from the wallet into the review escrow behind an appeal or a gold challenge: what it costs, until
 * when, what happens; then it follows the escrow indexer until the appeal opens (never on the browser's word).
 */
export function BondPanel(props: BondPanelProps) {
  return (
    <WalletProviders>
      <BondPanelBody {...props} />
    </WalletProviders>
  );
}

function BondPanelBody(props: BondPanelProps) {
  const router = useRouter();
  const { file, state } = props;
  const actions = useMemo(() => ({ file, state }), [file, state]);
  const { step, appeal } = useAppealBond({ sampleId: props.targetId, contributor: props.wallet }, actions);
  const busy = step.kind === "wallet" || step.kind === "pending" || step.kind === "indexing";
  const bond = BigInt(props.bondWei);
  const words = WORDS[props.kind];
  const titleId = `bond-title-${props.targetId}`;
  useEffect(() => {
    if (step.kind === "open") router.refresh();
  }, [step, router]);

  return (
    <section className="space-y-3 rounded-lg border border-slate-200 bg-white p-4 text-sm" data-testid={props.kind === "appeal" ? "appeal-panel" : "gold-challenge-panel"} aria-labelledby={titleId}>
      <h2 id={titleId} className="text-lg font-semibold">
        {words.title}
      </h2>
      <p>
        Bond: <strong data-testid="appeal-bond">{formatData(bond, 4)} DATA</strong>, posted from your wallet into the review escrow. You can {props.kind === "appeal" ? "appeal" : "challenge"} until{" "}
        <strong>{props.windowEnds.slice(0, 16).replace("T", " ")} UTC</strong>.
      </p>
      {props.kind === "appeal" ? (
        <p className="text-slate-600">
          A fresh panel of three staked reviewers with the best measured record, none of whom reviewed the sample, judges it as an ordinary review item (a split panel is followed once by one of seven). If the panel accepts it, the sample is
          accepted with its label: you get the reward ({props.reward} DATA) and the whole bond back. If it does not, the bond pays the panel and the campaign&apos;s treasury.
        </p>
      ) : (
        <p className="text-slate-600">
          A fresh panel of three staked reviewers with the best measured record, none of whom answered this item, judges it as an ordinary review item, not knowing it is gold or challenged (a split panel is followed once by one of seven). If
          the panel decides another answer than the gold one, the gold answer is corrected, every reviewer it measured is scored again, and the whole bond comes back to you. If the panel agrees with the gold answer, or stays split, the bond
          pays the panel and the campaign&apos;s treasury.
        </p>
      )}
      <div className="flex flex-wrap gap-2">
        <button type="button" className={`${button} bg-brand-600 text-white hover:bg-brand-700`} disabled={busy} onClick={() => void appeal(bond, false)}>
          {words.approve}
        </button>
        <button type="button" className={`${button} bg-slate-800 text-white hover:bg-slate-900`} disabled={busy} onClick={() => void appeal(bond, true)}>
          {words.permit}
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
            {words.open}{" "}
            <Link href={`/appeals/${step.appealId}`} className="underline">
              Follow it
            </Link>
            .
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
