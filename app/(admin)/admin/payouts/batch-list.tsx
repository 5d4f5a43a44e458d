import { formatData } from "@/lib/format";
import { TxLink } from "@/app/_components/tx-link";
import type { PayoutBatchState } from "@/lib/generated/prisma/enums";
import type { BatchRow } from "@/lib/server/payouts/list-payout-batches";

const STATE_STYLE: Record<PayoutBatchState, string> = {
  RECORDED: "bg-slate-200 text-slate-800",
  SIGNED: "bg-sky-100 text-sky-900",
  SENT: "bg-sky-100 text-sky-900",
  MINED: "bg-indigo-100 text-indigo-900",
  CONFIRMED: "bg-emerald-100 text-emerald-900",
  FAILED: "bg-red-100 text-red-900",
};

const time = (d: Date) => d.toISOString().slice(0, 19).replace("T", " ");

/** Batches with their on-chain facts; each expands to its append-only event history. */
export function BatchList({ batches }: { batches: BatchRow[] }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="w-full text-left text-sm">
        <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th className="px-4 py-2">Recorded</th>
            <th className="px-4 py-2">State</th>
            <th className="px-4 py-2 text-right">Transfers / rows</th>
            <th className="px-4 py-2 text-right">Total</th>
            <th className="px-4 py-2 text-right">Attempts</th>
            <th className="px-4 py-2 text-right">Gas used</th>
            <th className="px-4 py-2">Transaction</th>
          </tr>
        </thead>
        {batches.map((b) => (
          <tbody key={b.id} className="border-t border-slate-100" data-testid="batch-row">
            <tr>
              <td className="px-4 py-2 text-slate-500" title={`batch id ${b.batchKey}`}>
                {time(b.createdAt)}
              </td>
              <td className="px-4 py-2">
                <span className={`rounded px-2 py-0.5 text-xs ${STATE_STYLE[b.state]}`}>{b.state.toLowerCase()}</span>
              </td>
              <td className="px-4 py-2 text-right">
                {b.transfers} / {b.rows}
              </td>
              <td className="px-4 py-2 text-right">{formatData(b.totalWei)} DATA</td>
              <td className="px-4 py-2 text-right" title={b.nonce === null ? undefined : `nonce ${b.nonce}`}>
                {b.attempts}
              </td>
              <td className="px-4 py-2 text-right">{b.gasUsed === null ? "—" : b.gasUsed.toLocaleString("en-US")}</td>
              <td className="px-4 py-2">
                {b.txHash ? <TxLink hash={b.txHash} className="text-xs" /> : <span className="text-slate-500">—</span>}
                {b.blockNumber !== null && <span className="text-xs text-slate-500"> · block {b.blockNumber}</span>}
              </td>
            </tr>
            {b.lastError && b.state !== "CONFIRMED" && (
              <tr>
                <td colSpan={7} className="px-4 pb-2">
                  <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-xs text-red-800">
                    {b.lastError}
                  </p>
                </td>
              </tr>
            )}
            <tr>
              <td colSpan={7} className="px-4 pb-3">
                <details>
                  <summary className="cursor-pointer text-xs text-brand-700">History ({b.events.length} events)</summary>
                  <ol className="mt-2 space-y-1 border-l border-slate-200 pl-3 text-xs">
                    {b.events.map((e) => (
                      <li key={e.id}>
                        <span className="text-slate-500">{time(e.at)}</span>{" "}
                        <span className="font-medium">{e.from && e.from !== e.to ? `${e.from.toLowerCase()} → ${e.to.toLowerCase()}` : e.kind}</span>: {e.message}
                      </li>
                    ))}
                  </ol>
                </details>
              </td>
            </tr>
          </tbody>
        ))}
      </table>
    </div>
  );
}
