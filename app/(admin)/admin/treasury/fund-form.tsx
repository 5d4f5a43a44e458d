"use client";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import type { Address } from "viem";
import { WalletProviders } from "@/app/_components/wallet-providers";
import { ZFundAmount } from "@/lib/schemas/campaign-funding";
import { useFundTreasury } from "@/lib/web3/use-fund-treasury";

type Props = { campaignId: string; campaignTitle: string; treasury: Address; admin: Address };

/**
 * Moves DATA from the admin's wallet into the treasury and raises this campaign's budget by as much. Loaded through
 * fund-form-loader.tsx only: this module brings the wallet stack.
 */
export function FundForm(props: Props) {
  return (
    <WalletProviders>
      <FundFormFields {...props} />
    </WalletProviders>
  );
}

function FundFormFields({ campaignId, campaignTitle, treasury, admin }: Props) {
  const router = useRouter();
  const { step, fund } = useFundTreasury({ campaignId, treasury, admin });
  const [amount, setAmount] = useState("");
  const [fieldError, setFieldError] = useState<string | null>(null);
  const busy = step.kind === "busy";
  const inputId = `fund-${campaignId}`;

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const parsed = ZFundAmount.safeParse({ amount });
    if (!parsed.success) {
      setFieldError(parsed.error.issues[0]?.message ?? "Enter an amount of DATA");
      return;
    }
    setFieldError(null);
    if (await fund(amount.trim(), parsed.data.amount)) {
      setAmount("");
      router.refresh();
    }
  }

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-1" aria-label={`Fund ${campaignTitle}`}>
      <div className="flex flex-wrap items-center justify-end gap-2">
        <label htmlFor={inputId} className="sr-only">
          DATA to add to the budget of {campaignTitle}
        </label>
        <input
          id={inputId}
          inputMode="decimal"
          placeholder="DATA"
          value={amount}
          onChange={(e) => setAmount(e.target.value)}
          aria-invalid={fieldError !== null}
          aria-describedby={fieldError ? `${inputId}-error` : undefined}
          className="w-24 rounded-md border border-slate-300 px-2 py-1 text-sm"
        />
        <button type="submit" disabled={busy} className="rounded-md bg-brand-600 px-3 py-1 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-50">
          {busy ? "Funding…" : "Fund"}
        </button>
      </div>
      {fieldError && (
        <p id={`${inputId}-error`} role="alert" className="text-right text-xs text-red-700">
          {fieldError}
        </p>
      )}
      {step.kind !== "idle" && (
        <p role={step.kind === "error" ? "alert" : "status"} data-testid="fund-status" className={`text-right text-xs ${step.kind === "error" ? "text-red-700" : step.kind === "done" ? "text-emerald-700" : "text-slate-600"}`}>
          {step.message}
          {step.txHash && <span className="block break-all font-mono text-[11px] text-slate-500">{step.txHash}</span>}
        </p>
      )}
    </form>
  );
}
