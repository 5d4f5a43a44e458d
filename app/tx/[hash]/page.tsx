import type { Metadata } from "next";
import Link from "next/link";
import { PageTitle } from "@/app/_components/empty-state";
import { orNotFound } from "@/app/_lib/load";
import { formatData } from "@/lib/format";
import { currentUser } from "@/lib/server/auth/session";
import { getTransaction } from "@/lib/server/transactions/get-transaction";

export const metadata: Metadata = { title: "Transaction" };

const STATUS = {
  success: { label: "Succeeded", style: "bg-emerald-100 text-emerald-900" },
  reverted: { label: "Reverted", style: "bg-red-100 text-red-900" },
  pending: { label: "Pending (not mined yet)", style: "bg-amber-100 text-amber-900" },
} as const;

function Row({ label, children, testId }: { label: string; children: React.ReactNode; testId?: string }) {
  return (
    <div className="grid gap-1 border-t border-slate-100 px-4 py-2 first:border-t-0 sm:grid-cols-[10rem_1fr]">
      <dt className="text-slate-600">{label}</dt>
      <dd className="min-w-0 break-all" data-testid={testId}>
        {children}
      </dd>
    </div>
  );
}

export default async function TransactionPage({ params }: { params: Promise<{ hash: string }> }) {
  const { hash } = await params;
  const viewer = await currentUser();
  const tx = await orNotFound(getTransaction(hash, viewer));
  const { chain } = tx;
  const name = (address: string | null) => (address ? tx.contracts[address.toLowerCase()] : undefined);
  const who = (address: string | null) =>
    address === null ? (
      "contract creation"
    ) : name(address) ? (
      <>
        <span className="font-mono">{address}</span>
        <span className="ml-2 rounded bg-slate-100 px-1.5 text-xs text-slate-700">{name(address)}</span>
      </>
    ) : (
      // A wallet: its public profile.
      <Link href={`/users/${address.toLowerCase()}`} className="font-mono underline decoration-dotted underline-offset-2 hover:text-brand-700">
        {address}
      </Link>
    );

  return (
    <div className="space-y-6">
      <PageTitle title="Transaction" subtitle="Read from the chain this marketplace runs on, with what it carried for Tessera." />
      <dl className="rounded-lg border border-slate-200 bg-white text-sm">
        <Row label="Hash">
          <span className="font-mono" data-testid="tx-hash">
            {chain.hash}
          </span>
        </Row>
        <Row label="Status" testId="tx-status">
          <span className={`rounded px-2 py-0.5 text-xs ${STATUS[chain.status].style}`}>{STATUS[chain.status].label}</span>
        </Row>
        <Row label="Block" testId="tx-block">
          {chain.blockNumber === null ? "not mined yet" : `${chain.blockNumber.toString()}${chain.timestamp ? ` · ${chain.timestamp.toISOString().replace("T", " ").slice(0, 19)} UTC` : ""}`}
        </Row>
        <Row label="From" testId="tx-from">
          {who(chain.from)}
        </Row>
        <Row label="To" testId="tx-to">
          {who(chain.to)}
        </Row>
        {chain.gasUsed !== null && <Row label="Gas used">{chain.gasUsed.toLocaleString("en")}</Row>}
      </dl>

      <section aria-labelledby="transfers-heading">
        <h2 id="transfers-heading" className="mb-2 text-lg font-semibold">
          DATA transfers
        </h2>
        {tx.transfers.length === 0 ? (
          <p className="text-sm text-slate-600">This transaction moved no DATA.</p>
        ) : (
          <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
            <table className="w-full text-left text-sm">
              <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-600">
                <tr>
                  <th className="px-4 py-2">From</th>
                  <th className="px-4 py-2">To</th>
                  <th className="px-4 py-2 text-right">Amount</th>
                </tr>
              </thead>
              <tbody>
                {tx.transfers.map((t) => (
                  <tr key={t.logIndex} className="border-t border-slate-100" data-testid="tx-transfer">
                    <td className="px-4 py-2 font-mono text-xs">{name(t.from) ?? t.from}</td>
                    <td className="px-4 py-2 font-mono text-xs">{name(t.to) ?? t.to}</td>
                    <td className="whitespace-nowrap px-4 py-2 text-right font-medium">{formatData(t.valueWei, 4)} DATA</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {tx.payouts.count > 0 && (
        <section aria-labelledby="payouts-heading" data-testid="tx-payouts">
          <h2 id="payouts-heading" className="mb-2 text-lg font-semibold">
            Payouts
          </h2>
          <p className="mb-2 text-sm text-slate-700">
            This transaction paid {tx.payouts.count} {tx.payouts.count === 1 ? "reward" : "rewards"}, {formatData(tx.payouts.totalWei, 4)} DATA in all
            {tx.payouts.batchKey && (
              <>
                , as payout batch <span className="break-all font-mono text-xs">{tx.payouts.batchKey}</span>
              </>
            )}
            .{!tx.payouts.shownAll && " Only your own are listed."}
          </p>
          {tx.payouts.shown.length > 0 && (
            <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white text-sm">
              {tx.payouts.shown.map((p) => (
                <li key={p.id} className="flex flex-wrap items-baseline justify-between gap-2 px-4 py-2" data-testid="tx-payout">
                  <span>
                    {p.what}
                    {p.link && (
                      <>
                        {" · "}
                        {p.link.href ? (
                          <Link href={p.link.href} className="text-brand-700 underline">
                            {p.link.label}
                          </Link>
                        ) : (
                          <span className="text-slate-600">{p.link.label}</span>
                        )}
                      </>
                    )}
                  </span>
                  <span className="font-medium">{formatData(p.amountWei, 4)} DATA</span>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}

      {tx.purchases.length > 0 && (
        <section aria-labelledby="purchases-heading">
          <h2 id="purchases-heading" className="mb-2 text-lg font-semibold">
            Dataset purchase
          </h2>
          <ul className="space-y-1 text-sm">
            {tx.purchases.map((p) => (
              <li key={p.versionId} data-testid="tx-purchase">
                <Link href={`/datasets/${p.versionId}`} className="text-brand-700 underline">
                  {p.dataset} {p.version}
                </Link>{" "}
                bought for {formatData(p.priceWei, 4)} DATA by <span className="break-all font-mono text-xs">{p.buyer}</span>
              </li>
            ))}
          </ul>
        </section>
      )}

      {tx.publications.length > 0 && (
        <section aria-labelledby="publications-heading">
          <h2 id="publications-heading" className="mb-2 text-lg font-semibold">
            Dataset publication
          </h2>
          <ul className="space-y-1 text-sm">
            {tx.publications.map((v) => (
              <li key={v.versionId}>
                Published{" "}
                <Link href={`/datasets/${v.versionId}`} className="text-brand-700 underline">
                  {v.dataset} {v.version}
                </Link>{" "}
                on the DatasetRegistry.
              </li>
            ))}
          </ul>
        </section>
      )}

      <section aria-labelledby="events-heading">
        <h2 id="events-heading" className="mb-2 text-lg font-semibold">
          Events
        </h2>
        {tx.events.length === 0 ? (
          <p className="text-sm text-slate-600">No events of Tessera&apos;s contracts.</p>
        ) : (
          <ul className="space-y-2 text-sm">
            {tx.events.map((e) => (
              <li key={e.logIndex} className="rounded-lg border border-slate-200 bg-white p-3">
                <span className="font-medium">{e.name}</span> <span className="text-slate-600">on {name(e.contract) ?? e.contract}</span>
                <dl className="mt-1 space-y-0.5 text-xs">
                  {Object.entries(e.args).map(([key, value]) => (
                    <div key={key} className="break-all">
                      <dt className="inline text-slate-600">{key}: </dt>
                      <dd className="inline font-mono">{Array.isArray(value) ? `[${value.length} items]` : String(value)}</dd>
                    </div>
                  ))}
                </dl>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
