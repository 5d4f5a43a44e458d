"use client";
import { useCallback, useState } from "react";
import { parseUnits, type Address, type Hex } from "viem";
import { WalletProviders } from "@/app/_components/wallet-providers";
import { formatData } from "@/lib/format";
import { useEscrowStake, type CreditedStake } from "@/lib/web3/use-escrow-stake";
import { stakeStatusAction, withdrawalCheckAction } from "./actions";

const button = "rounded-md px-3 py-2 text-sm font-medium disabled:cursor-not-allowed disabled:opacity-50";
const actions = {
  poll: stakeStatusAction,
  checkWithdrawal: async (campaignId: string) => {
    const result = await withdrawalCheckAction(campaignId);
    return result.ok ? ({ ok: true } as const) : result;
  },
};

/** Parses what the reviewer typed as DATA; null when it is not an amount. */
function parseData(text: string): bigint | null {
  if (!/^\d+(\.\d{1,18})?$/.test(text.trim())) return null;
  return parseUnits(text.trim(), 18);
}

export type StakePanelProps = { campaignId: string; title: string; requiredWei: string; escrowKey: Hex; escrow: Address; reviewer: Address; credited: CreditedStake };

/** Loaded through stake-panel-loader.tsx only: this module brings the wallet stack. */
export function StakePanel(props: StakePanelProps) {
  return (
    <WalletProviders>
      <StakeSteps {...props} />
    </WalletProviders>
  );
}

function StakeSteps(props: StakePanelProps) {
  const [credited, setCredited] = useState(props.credited);
  const [amount, setAmount] = useState(() => {
    const missing = BigInt(props.requiredWei) - BigInt(props.credited.activeWei);
    return missing > 0n ? formatData(missing, 18).replace(/,/g, "") : "";
  });
  const onCredited = useCallback((stake: CreditedStake) => setCredited(stake), []);
  const { step, stake, stakeWithPermit, requestWithdrawal, withdraw } = useEscrowStake({ ...props, credited }, actions, onCredited);
  const busy = step.kind === "wallet" || step.kind === "pending" || step.kind === "indexing";
  const parsed = parseData(amount);
  const required = BigInt(props.requiredWei);
  const active = BigInt(credited.activeWei);
  const leaving = BigInt(credited.leavingWei);
  const unlockAt = credited.unlockAt ? new Date(credited.unlockAt) : null;
  const id = `stake-amount-${props.campaignId}`;

  return (
    <section className="space-y-3 rounded-lg border border-slate-200 p-4" data-testid="stake-panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="text-lg font-semibold">
        {props.title}
      </h2>
      <dl className="grid grid-cols-2 gap-x-4 gap-y-1 text-sm sm:grid-cols-4">
        <dt className="text-slate-500">Asked of reviewers</dt>
        <dd data-testid="stake-required">{formatData(required)} DATA</dd>
        <dt className="text-slate-500">Your active stake</dt>
        <dd data-testid="stake-active" className={active >= required ? "text-emerald-700" : "text-amber-800"}>
          {formatData(active)} DATA {active >= required ? "(enough to review)" : "(not enough yet)"}
        </dd>
        <dt className="text-slate-500">Asked back</dt>
        <dd data-testid="stake-leaving">
          {formatData(leaving)} DATA{unlockAt && leaving > 0n ? `, unlocks ${unlockAt.toISOString().slice(0, 16).replace("T", " ")} UTC` : ""}
        </dd>
      </dl>
      <div className="flex flex-wrap items-end gap-2">
        <label htmlFor={id} className="flex flex-col text-sm">
          Amount (DATA)
          <input id={id} inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} className="mt-1 w-40 rounded-md border border-slate-300 px-2 py-1" aria-invalid={amount !== "" && parsed === null} />
        </label>
        <button type="button" className={`${button} bg-brand-600 text-white hover:bg-brand-700`} disabled={busy || parsed === null} onClick={() => parsed !== null && void stake(parsed)}>
          Approve and stake
        </button>
        <button type="button" className={`${button} bg-slate-800 text-white hover:bg-slate-900`} disabled={busy || parsed === null} onClick={() => parsed !== null && void stakeWithPermit(parsed)}>
          Stake with one signature
        </button>
        <button type="button" className={`${button} border border-slate-300 hover:bg-slate-50`} disabled={busy || parsed === null || active === 0n} onClick={() => parsed !== null && void requestWithdrawal(parsed)}>
          Ask back
        </button>
        <button
          type="button"
          className={`${button} border border-slate-300 hover:bg-slate-50`}
          disabled={busy || leaving === 0n}
          onClick={() => void withdraw()}
        >
          Withdraw
        </button>
      </div>
      {amount !== "" && parsed === null && <p className="text-sm text-red-800">Enter an amount like 10 or 2.5.</p>}
      {(step.kind === "wallet" || step.kind === "pending" || step.kind === "indexing") && (
        <p role="status" className="flex items-center gap-2 text-sm text-slate-700" data-testid="stake-pending">
          <span className="h-3 w-3 animate-spin rounded-full border-2 border-brand-600 border-t-transparent" aria-hidden />
          {step.kind === "indexing" ? "Mined. Waiting for the marketplace to read the escrow's event…" : step.message}
        </p>
      )}
      {step.kind === "done" && (
        <p role="status" className="text-sm text-emerald-800" data-testid="stake-done">
          {step.message}{" "}
          <a href={`/tx/${step.txHash}`} className="underline">
            Transaction
          </a>
        </p>
      )}
      {step.kind === "error" && (
        <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800" data-testid="stake-error">
          {step.message}
        </p>
      )}
    </section>
  );
}
