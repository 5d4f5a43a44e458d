import type { Metadata } from "next";
import Link from "next/link";
import { ConfirmButton } from "@/app/(admin)/admin/_components/confirm-button";
import { ActionForm, PendingButton } from "@/app/(admin)/admin/_components/action-form";
import { EmptyState, PageTitle } from "@/app/_components/empty-state";
import { ListControls, ListPager } from "@/app/_components/list-controls";
import { clampPage, listHref, parseListQuery } from "@/lib/schemas/list-query";
import { orNotFound } from "@/app/_lib/load";
import { getCampaign } from "@/lib/server/campaigns/get-campaign";
import { GOLD_CANDIDATE_LIST_OPTIONS, listGold } from "@/lib/server/gold/manage-gold";
import { shortAddress } from "@/lib/format";
import { listCampaignReviewers } from "@/lib/server/users/set-campaign-reviewer";
import { AdminGate } from "../../_components/admin-gate";
import { markGoldAction, removeGoldAction, setCampaignReviewerAction } from "./actions";
import { CalibrationPanel } from "./calibration-panel";

export const metadata: Metadata = { title: "Gold items" };
export const dynamic = "force-dynamic";

const field = "rounded-md border border-slate-300 bg-white px-2 py-1 text-xs";
const button = "rounded-md border border-slate-300 bg-white px-3 py-1 text-xs hover:bg-slate-100 disabled:opacity-50";

const SORT_NAMES = [
  ["newest", "Newest first"],
  ["oldest", "Oldest first"],
  ["status", "Status"],
] as const;

export default async function GoldPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { id } = await params;
  const parsed = parseListQuery(await searchParams, GOLD_CANDIDATE_LIST_OPTIONS);
  return (
    <AdminGate>
      {async (admin) => {
        const campaign = await orNotFound(getCampaign({ id }, admin));
        const [first, members] = await Promise.all([listGold(admin, id, parsed.query), listCampaignReviewers(admin, id)]);
        let listed = first;
        const { query, notes } = clampPage(parsed, listed.candidateTotal);
        if (query.page !== parsed.query.page) listed = await listGold(admin, id, query);
        const { gold, candidates, candidateTotal, calibration } = listed;
        const path = `/admin/campaigns/${id}/gold`;
        const labels = campaign.labelSchema.kind === "single_label" ? campaign.labelSchema.labels : [];
        return (
          <div className="space-y-8">
            <PageTitle
              title={`Gold items and reviewers: ${campaign.title}`}
              subtitle={`Samples with known answers. They are mixed into the queue at ${Math.round(campaign.goldRate * 100)}% and make up the ${campaign.quizSize}-item qualification quiz (pass mark ${Math.round(campaign.quizPassMark * 100)}%).`}
            />
            <section>
              <h2 className="mb-2 text-lg font-semibold">Gold items ({gold.length})</h2>
              <p className="mb-2 text-sm text-slate-600">Crowd agreement per item: the probability the consensus gives its known answer from its votes alone.</p>
              {gold.length === 0 ? (
                <EmptyState title="No gold items yet">Mark samples below with their known answer. The quiz needs at least {campaign.quizSize}.</EmptyState>
              ) : (
                <div className="overflow-x-auto">
                <table className="w-full text-left text-sm">
                  <thead className="text-xs uppercase text-slate-500">
                    <tr>
                      <th className="py-1">Sample</th>
                      <th>Known answer</th>
                      <th>Reviewers right</th>
                      <th>Crowd agreement</th>
                      <th />
                    </tr>
                  </thead>
                  <tbody>
                    {gold.map((g) => (
                      <tr key={g.sampleId} data-testid="gold-row" data-contradicted={g.contradicted} className={`border-t border-slate-100 ${g.contradicted ? "bg-amber-50" : ""}`}>
                        <td className="py-2 pr-4">{g.preview}</td>
                        <td>
                          {g.expectedVerdict.toLowerCase()}
                          {g.expectedLabel ? ` · ${g.expectedLabel}` : ""}
                          {g.correction && (
                            <span className="block text-xs text-slate-600" data-testid="gold-corrected">
                              corrected {g.correction.at.toISOString().slice(0, 10)} from {g.correction.fromVerdict.toLowerCase()}
                              {g.correction.fromLabel ? ` · ${g.correction.fromLabel}` : ""} by a{" "}
                              <Link href={`/appeals/${g.correction.appealId}`} className="text-brand-700 underline">
                                gold challenge
                              </Link>
                            </span>
                          )}
                          {g.openChallenge && (
                            <span className="block text-xs text-amber-700">
                              <Link href={`/appeals/${g.openChallenge.id}`} className="underline">
                                challenged
                              </Link>
                              : {g.openChallenge.state === "OPEN" ? "before a panel" : "waiting for the bond"}
                            </span>
                          )}
                        </td>
                        <td>{g.reviews === 0 ? "not served yet" : `${g.correct} of ${g.reviews}`}</td>
                        <td>
                          {g.crowdAgreement === null ? "—" : `${Math.round(g.crowdAgreement * 100)}%`}
                          {g.contradicted && <span className="ml-2 font-medium text-amber-700">the crowd says otherwise: recheck this answer</span>}
                        </td>
                        <td className="text-right">
                          <ActionForm action={removeGoldAction} className="flex items-center justify-end gap-2">
                            <input type="hidden" name="sampleId" value={g.sampleId} />
                            <PendingButton className={button} aria-label={`Remove gold: ${g.preview.slice(0, 40)}`}>
                              Remove
                            </PendingButton>
                          </ActionForm>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                </div>
              )}
            </section>
            <CalibrationPanel calibration={calibration} />
            <section>
              <h2 className="mb-2 text-lg font-semibold">Reviewers of this campaign ({members.length})</h2>
              {members.length === 0 ? (
                <p className="text-sm text-slate-600">Nobody has qualified by quiz yet. Holders of the global reviewer role review every open campaign.</p>
              ) : (
                <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white text-sm">
                  {members.map((m) => (
                    <li key={m.userId} data-testid="campaign-reviewer" className="flex items-center justify-between gap-2 p-3">
                      <span>
                        {m.displayName ?? shortAddress(m.address)} · {m.source === "QUIZ" ? "quiz" : "admin"}
                        {m.reliability !== null && ` · reliability ${Math.round(m.reliability * 100)}%`}
                        {!m.active && ` · removed (${m.inactiveReason === "below-floor" ? "below the floor" : "by an admin"})`}
                      </span>
                      <ActionForm action={setCampaignReviewerAction} className="flex items-center gap-2">
                        <input type="hidden" name="campaignId" value={id} />
                        <input type="hidden" name="userId" value={m.userId} />
                        <input type="hidden" name="active" value={m.active ? "false" : "true"} />
                        {m.active ? (
                          <ConfirmButton
                            title={`Remove ${m.displayName ?? shortAddress(m.address)} from this campaign's reviewers?`}
                            confirmLabel="Remove reviewer"
                            className={button}
                            description={
                              <p>
                                They are served none of this campaign&apos;s samples from now on, whatever their global role; a sample they hold is released.
                                Passing the quiz again does not bring them back: only Restore here does. Their verdicts so far stay counted.
                              </p>
                            }
                          >
                            Remove
                          </ConfirmButton>
                        ) : (
                          <PendingButton className={button}>Restore</PendingButton>
                        )}
                      </ActionForm>
                    </li>
                  ))}
                </ul>
              )}
            </section>
            <section>
              <h2 className="mb-2 text-lg font-semibold">Other samples of this campaign</h2>
              {(candidateTotal > 0 || query.q || notes.length > 0) && (
                <ListControls action={path} q={query.q} sort={query.sort} sorts={SORT_NAMES} searchLabel="Search samples (text or file name)" notes={notes} />
              )}
              {candidates.length === 0 ? (
                query.q ? (
                  <EmptyState title="No sample matches your search">Try other words, or clear the search.</EmptyState>
                ) : (
                  <EmptyState title="No samples to choose from">Samples appear here once contributors upload them.</EmptyState>
                )
              ) : (
                <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white">
                  {candidates.map((c) => (
                    <li key={c.sampleId} data-testid="gold-candidate" className="flex flex-wrap items-center justify-between gap-2 p-3 text-sm">
                      <span className="max-w-xl">
                        {c.preview} <span className="text-slate-500">· labeled {c.contributorLabels || "—"} · {c.status.toLowerCase().replace("_", " ")}</span>
                      </span>
                      <ActionForm action={markGoldAction}>
                        <input type="hidden" name="sampleId" value={c.sampleId} />
                        <select name="expectedVerdict" aria-label="Known answer" className={field} defaultValue="ACCEPT">
                          <option value="ACCEPT">should be accepted</option>
                          <option value="REJECT">should be rejected</option>
                        </select>
                        {labels.length > 0 && (
                          <select name="expectedLabel" aria-label="Right label" className={field} defaultValue="">
                            <option value="">label: as contributed</option>
                            {labels.map((l) => (
                              <option key={l} value={l}>
                                label: {l}
                              </option>
                            ))}
                          </select>
                        )}
                        <PendingButton className={button}>
                          Mark as gold
                        </PendingButton>
                      </ActionForm>
                    </li>
                  ))}
                </ul>
              )}
              <ListPager page={query.page} total={candidateTotal} size={query.size} href={(page) => listHref(path, query, GOLD_CANDIDATE_LIST_OPTIONS, { page })} />
            </section>
          </div>
        );
      }}
    </AdminGate>
  );
}
