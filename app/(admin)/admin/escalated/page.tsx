import type { Metadata } from "next";
import Link from "next/link";
import { ActionForm } from "@/app/(admin)/admin/_components/action-form";
import { ConfirmButton } from "@/app/(admin)/admin/_components/confirm-button";
import { VoteWeights } from "@/app/(contributor)/samples/[id]/vote-weights";
import { EmptyState, PageTitle } from "@/app/_components/empty-state";
import { ESCALATED_PAGE_SIZE, listEscalated } from "@/lib/server/reviews/list-escalated";
import { AdminGate } from "../campaigns/_components/admin-gate";
import { resolveEscalationAction } from "./actions";

export const metadata: Metadata = { title: "Escalated samples" };
export const dynamic = "force-dynamic";

const percent = (p: number | null | undefined) => (p == null ? "—" : `${(p * 100).toFixed(1)}%`);

export default async function EscalatedPage({ searchParams }: { searchParams: Promise<{ page?: string }> }) {
  const page = Math.max(1, Number((await searchParams).page) || 1);
  return (
    <AdminGate>
      {async (admin) => {
        const { rows, total } = await listEscalated(admin, page);
        return (
          <div className="space-y-6">
            <PageTitle title="Escalated samples" subtitle="Samples the reviewers left undecided at the campaign's maximum number of reviews. Your decision pays like a consensus decision: the contributor on accept, and the reviewers who agreed with you." />
            {rows.length === 0 ? (
              <EmptyState title="Nothing escalated">Every sample so far was settled by its reviewers.</EmptyState>
            ) : (
              <ul className="space-y-4">
                {rows.map((s) => (
                  <li key={s.id} data-testid="escalated-sample" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
                    <div className="flex flex-wrap justify-between gap-2 text-sm text-slate-500">
                      <span>
                        <Link href={`/campaigns/${s.campaign.slug}`} className="hover:underline">
                          {s.campaign.title}
                        </Link>{" "}
                        · labeled {s.labels || "—"} · escalated {s.escalatedAt?.toISOString().slice(0, 16).replace("T", " ")}
                      </span>
                      <Link href={`/samples/${s.id}`} className="text-brand-700 hover:underline">
                        Sample page
                      </Link>
                    </div>
                    <p className="whitespace-pre-wrap">{s.preview}</p>
                    <p className="text-sm">
                      {s.inputs && "classPosterior" in s.inputs ? (
                        <>
                          {Object.entries(s.inputs.classPosterior)
                            .sort((a, b) => b[1] - a[1])
                            .map(([name, p]) => `${name} ${percent(p)}`)
                            .join(" · ")}{" "}
                          after {s.inputs.reviews} reviews (threshold {percent(s.inputs.threshold)}).
                        </>
                      ) : (
                        <>
                          P = <strong>{percent(s.posterior)}</strong> after {s.inputs?.reviews ?? "?"} reviews (threshold {percent(s.inputs?.threshold)}).
                        </>
                      )}
                    </p>
                    {s.inputs && (
                      <VoteWeights
                        votes={s.inputs.votes}
                        reviewerAddresses={s.reviewerAddresses}
                        towards={"decidedClass" in s.inputs ? (s.inputs.decidedClass ?? "most probable") : "accept"}
                        against={"runnerUp" in s.inputs ? s.inputs.runnerUp : "reject"}
                      />
                    )}
                    <ActionForm action={resolveEscalationAction}>
                      <input type="hidden" name="sampleId" value={s.id} />
                      <input name="note" aria-label="Note (optional)" placeholder="Note (optional)" maxLength={500} className="w-72 rounded-md border border-slate-300 px-2 py-1 text-sm" />
                      <ConfirmButton
                        name="outcome"
                        value="ACCEPT"
                        tone="primary"
                        title="Accept this sample?"
                        confirmLabel="Accept sample"
                        className="rounded-md bg-emerald-700 px-3 py-1 text-sm text-white hover:bg-emerald-800 disabled:opacity-50"
                        description={
                          <>
                            <p>Accepts it into {s.campaign.title}: its contributor is paid the campaign&apos;s reward and the reviewers who voted to accept are paid their fee, from the campaign budget.</p>
                            <p className="font-medium">This cannot be undone: the decision is final and the payouts are sent on-chain.</p>
                          </>
                        }
                      >
                        Accept
                      </ConfirmButton>
                      <ConfirmButton
                        name="outcome"
                        value="REJECT"
                        title="Reject this sample?"
                        confirmLabel="Reject sample"
                        className="rounded-md bg-red-600 px-3 py-1 text-sm text-white hover:bg-red-700 disabled:opacity-50"
                        description={
                          <>
                            <p>Rejects it: its contributor is not paid, and the reviewers who voted to reject are paid their fee from the campaign budget.</p>
                            <p className="font-medium">This cannot be undone: the decision is final and the fees are sent on-chain.</p>
                          </>
                        }
                      >
                        Reject
                      </ConfirmButton>
                    </ActionForm>
                  </li>
                ))}
              </ul>
            )}
            <nav aria-label="Pagination" className="flex gap-4 text-sm">
              {page > 1 && <Link href={`?page=${page - 1}`}>← Previous</Link>}
              {page * ESCALATED_PAGE_SIZE < total && <Link href={`?page=${page + 1}`}>Next →</Link>}
              <span className="text-slate-500">{total} escalated</span>
            </nav>
          </div>
        );
      }}
    </AdminGate>
  );
}
