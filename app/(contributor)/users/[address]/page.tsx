import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { PageTitle } from "@/app/_components/empty-state";
import { orNotFound } from "@/app/_lib/load";
import type { RateEstimate } from "@/lib/domain/consensus";
import { shortAddress } from "@/lib/format";
import { getProfile } from "@/lib/server/reputation/get-profile";
import { notFound } from "next/navigation";

export const metadata: Metadata = { title: "Profile" };
export const dynamic = "force-dynamic";

const pct = (x: number) => `${Math.round(x * 100)}%`;

/** A rate with its credible range as a bar: the mean, and the 5% lower bound that ranking uses. */
function RateBar({ label, rate, testId }: { label: string; rate: RateEstimate; testId: string }) {
  return (
    <div data-testid={testId}>
      <div className="flex justify-between text-sm">
        <span>{label}</span>
        <span>
          <strong>{pct(rate.mean)}</strong> <span className="text-slate-500">(at least {pct(rate.lowerBound)} with 95% confidence)</span>
        </span>
      </div>
      <div className="relative mt-1 h-2 rounded bg-slate-100" role="img" aria-label={`${label}: ${pct(rate.mean)}`}>
        <div className="absolute h-2 rounded bg-brand-200" style={{ left: pct(rate.lowerBound), width: pct(Math.max(0, rate.mean - rate.lowerBound)) }} />
        <div className="absolute h-2 w-1 rounded bg-brand-600" style={{ left: pct(Math.min(0.99, rate.mean)) }} />
      </div>
    </div>
  );
}

export default async function ProfilePage({ params }: { params: Promise<{ address: string }> }) {
  const { address } = await params;
  if (!z.string().regex(/^0x[0-9a-fA-F]{40}$/).safeParse(address).success) notFound();
  const p = await orNotFound(getProfile(address));
  const { record } = p.reviewer;
  return (
    <div className="space-y-6">
      <PageTitle title={p.displayName ?? shortAddress(p.address)} subtitle={`${p.address} · here since ${p.joinedAt.toISOString().slice(0, 10)}`} />
      <section className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
        <h2 className="text-lg font-semibold">As a contributor</h2>
        <p className="text-sm text-slate-600">
          {p.contributor.accepted} accepted, {p.contributor.rejected} rejected, {p.contributor.pending} waiting.
        </p>
        <RateBar label="Acceptance rate (Beta posterior)" rate={p.contributor.acceptance} testId="contributor-acceptance" />
      </section>
      <section className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
        <h2 className="text-lg font-semibold">As a reviewer</h2>
        <p className="text-sm text-slate-600" data-testid="reviewer-record">
          {p.reviewer.reviews} verdicts · gold items {record.goldTotal === 0 ? "none yet" : `${record.goldCorrect} of ${record.goldTotal} right`} · agreed with{" "}
          {record.consensusTotal === 0 ? "no decision yet" : `${record.consensusAgreements} of ${record.consensusTotal} decisions`}
        </p>
        <RateBar label="Reliability (gold answers, and agreement with decisions at half weight)" rate={p.reviewer.reliability} testId="reviewer-reliability" />
        <p className="text-xs text-slate-500">This reliability is the prior the consensus engine starts from when this reviewer joins another campaign.</p>
        {p.reviewer.campaigns.length > 0 && (
          <ul className="text-sm">
            {p.reviewer.campaigns.map((c) => (
              <li key={c.slug}>
                <Link href={`/campaigns/${c.slug}`} className="text-brand-700 hover:underline">
                  {c.title}
                </Link>{" "}
                · {c.source === "QUIZ" ? "qualified by quiz" : "added by an admin"}
                {c.reliability !== null && ` · measured reliability ${pct(c.reliability)}`}
                {!c.active && ` · no longer reviewing (${c.inactiveReason === "below-floor" ? "below the campaign's reliability floor" : "removed by an admin"})`}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
