import type { Metadata } from "next";
import Link from "next/link";
import { PageTitle } from "@/app/_components/empty-state";
import { RefreshOnNewBlock } from "@/app/_components/refresh-on-new-block";
import { TxLink } from "@/app/_components/tx-link";
import { orNotFound } from "@/app/_lib/load";
import { formatData } from "@/lib/format";
import { currentUser } from "@/lib/server/auth/session";
import { getAppeal } from "@/lib/server/trust/get-appeal";

export const metadata: Metadata = { title: "Appeal" };

const STATE_WORDS: Record<string, string> = {
  AWAITING_BOND: "waiting for the bond",
  OPEN: "before a panel",
  OVERTURNED: "overturned",
  UPHELD: "upheld",
};

const when = (at: Date) => `${at.toISOString().slice(0, 16).replace("T", " ")} UTC`;

export default async function AppealPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const appeal = await orNotFound(getAppeal(await currentUser(), id));
  const title = { appeal: "Appeal", gold: "Gold challenge", escalation: "Campaign panel" }[appeal.kind] ?? "Appeal";
  const decided = appeal.state === "OVERTURNED" || appeal.state === "UPHELD";

  return (
    <div className="space-y-6">
      {!decided && <RefreshOnNewBlock settling />}
      <PageTitle title={title} subtitle={`${appeal.sample.campaignTitle} · ${appeal.kind !== "escalation" ? `bond ${formatData(BigInt(appeal.bondWei), 4)} DATA` : "funded by the campaign, no bond"}`} />
      <section className="rounded-lg border border-slate-200 bg-white p-4 text-sm">
        <p>
          State: <strong data-testid="appeal-state">{STATE_WORDS[appeal.state] ?? appeal.state.toLowerCase()}</strong>
          {appeal.state === "OPEN" && appeal.round > 0 && ` (round ${appeal.round})`}
        </p>
        {appeal.outcomeNote && (
          <p className="mt-2" data-testid="appeal-outcome">
            {appeal.outcomeNote}
          </p>
        )}
        {!decided && (
          <p className="mt-2 text-slate-600">
            A fresh panel of staked reviewers with the best measured record, none of whom reviewed the sample, sees it as an ordinary review item: they know nothing of the appeal, the bond or the earlier votes. Their votes are shown here once
            they decided.
          </p>
        )}
        {appeal.correction && (
          <p className="mt-2" data-testid="gold-correction">
            Gold answer corrected: <s>{appeal.correction.from}</s> → <strong>{appeal.correction.to}</strong>.
          </p>
        )}
        {appeal.mine && appeal.kind !== "gold" && (
          <p className="mt-2">
            <Link href={`/samples/${appeal.sample.id}`} className="text-brand-700 underline">
              The sample
            </Link>
          </p>
        )}
      </section>

      <section className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 className="text-lg font-semibold">Timeline</h2>
        <ol className="mt-2 space-y-1 text-sm" data-testid="appeal-timeline">
          {appeal.timeline.map((event, i) => (
            <li key={i}>
              <span className="text-slate-600">{when(event.at)}</span> · {event.what}
            </li>
          ))}
        </ol>
      </section>

      {appeal.votes.length > 0 && (
        <section className="rounded-lg border border-slate-200 bg-white p-4">
          <h2 className="text-lg font-semibold">The panel&apos;s votes</h2>
          <div className="mt-2 overflow-x-auto">
            <table className="w-full text-left text-sm" data-testid="appeal-votes">
              <thead>
                <tr className="text-slate-600">
                  <th scope="col" className="py-1 pr-3 font-medium">
                    Round
                  </th>
                  <th scope="col" className="py-1 pr-3 font-medium">
                    Panelist
                  </th>
                  <th scope="col" className="py-1 font-medium">
                    Voted for
                  </th>
                </tr>
              </thead>
              <tbody>
                {appeal.votes.map((v) => (
                  <tr key={`${v.round}:${v.reviewer}`} className="border-t border-slate-100">
                    <td className="py-1 pr-3">{v.round}</td>
                    <td className="break-all py-1 pr-3 font-mono text-xs">{v.reviewer}</td>
                    <td className="py-1">{v.votedFor ?? v.verdict.toLowerCase()}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}

      <section className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 className="text-lg font-semibold">Transfers</h2>
        {appeal.transfers.length === 0 ? (
          <p className="mt-2 text-sm text-slate-600">None yet.</p>
        ) : (
          <ul className="mt-2 space-y-2 text-sm" data-testid="appeal-transfers">
            {appeal.transfers.map((t) => (
              <li key={t.what}>
                {t.what}: {formatData(BigInt(t.amountWei), 4)} DATA · {t.txHash ? <TxLink hash={t.txHash} /> : <span className="text-slate-600">waiting for the worker ({t.state.toLowerCase()})</span>}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
