import type { Metadata } from "next";
import Link from "next/link";
import { EmptyState, PageTitle } from "@/app/_components/empty-state";
import { orNotFound } from "@/app/_lib/load";
import { evidenceInWords } from "@/lib/format";
import { currentUser } from "@/lib/server/auth/session";
import { getSampleExplanation } from "@/lib/server/samples/get-sample-explanation";
import { VoteWeights } from "./vote-weights";

export const metadata: Metadata = { title: "Sample" };

const percent = (p: number) => `${(p * 100).toFixed(1)}%`;

function describe(outcome: string, pAccept: number, threshold: number, reviews: number, maxReviews: number): string {
  switch (outcome) {
    case "ACCEPT":
      return `P(accept) = ${percent(pAccept)} reached the campaign's threshold of ${percent(threshold)} after ${reviews} reviews, so the sample was accepted.`;
    case "REJECT":
      return `P(reject) = ${percent(1 - pAccept)} reached the threshold of ${percent(threshold)} after ${reviews} reviews, so the sample was rejected.`;
    case "NEED_MORE_REVIEWS":
      return `After ${reviews} reviews P(accept) = ${percent(pAccept)} was neither above ${percent(threshold)} nor below ${percent(1 - threshold)}: one more review was requested.`;
    default:
      return `After ${reviews} reviews (the maximum is ${maxReviews}) the reviewers still disagreed (P(accept) = ${percent(pAccept)}): the sample went to the admins.`;
  }
}

/** Which model weighed the votes and, when gold chose it, on what evidence. */
function modelSentence(inputs: { engine: string; modelChoice?: { evidence: number; goldItems: number } | null }): string {
  const choice = inputs.modelChoice;
  const evidence = choice ? ` (gold chose it on the campaign's ${choice.goldItems} gold answers: ${evidenceInWords(choice.evidence)} from the votes alone, where item-bias must do 3 times better)` : "";
  if (inputs.engine === "item-bias") return `an item-bias model (Dawid-Skene plus a shift per sample, for samples that look like another class)${evidence}`;
  return `a Dawid-Skene model${evidence}`;
}

export default async function SamplePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await currentUser();
  if (!user) return <EmptyState title="Sign in first">Samples are shown to their contributor and to admins.</EmptyState>;
  const s = await orNotFound(getSampleExplanation(user, id));
  const latest = s.decisions[0];
  const checks = Object.entries(s.checks);

  return (
    <div className="space-y-6">
      <PageTitle title="Sample" subtitle={`${s.campaign.title} · uploaded ${s.createdAt.toISOString().slice(0, 16).replace("T", " ")}`} />
      <section className="grid gap-4 md:grid-cols-3">
        <div className="rounded-lg border border-slate-200 bg-white p-4 md:col-span-2">
          {s.text !== null ? (
            <p className="whitespace-pre-wrap" data-testid="sample-text">
              {s.text}
            </p>
          ) : s.blobKey ? (
            // eslint-disable-next-line @next/next/no-img-element -- an authorised route serves it; next/image would proxy and cache it
            <img src={`/api/blobs/${s.blobKey}`} alt="The uploaded image" className="max-h-96 rounded" />
          ) : null}
          <p className="mt-3 text-sm text-slate-600">Your labels: {Array.isArray(s.labels) ? s.labels.join(", ") : String(s.labels)}</p>
        </div>
        <div className="rounded-lg border border-slate-200 bg-white p-4 text-sm">
          <p>
            Status: <strong data-testid="sample-status">{s.status.toLowerCase().replace("_", " ")}</strong>
          </p>
          {s.posterior !== null && <p className="mt-1">P(accept): {percent(s.posterior)}</p>}
          {s.consensusLabel && <p className="mt-1">Consensus label: {s.consensusLabel}</p>}
          {s.nearDuplicateOfId && <p className="mt-1 text-amber-800">Flagged as a near duplicate of an earlier sample.</p>}
          <p className="mt-3 font-medium">Automated checks, all passed</p>
          <ul className="mt-1 list-inside list-disc text-slate-600">
            {checks.map(([name, value]) => (
              <li key={name}>
                {name}: {typeof value === "object" ? JSON.stringify(value) : String(value)}
              </li>
            ))}
          </ul>
        </div>
      </section>

      <section className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 className="text-lg font-semibold">How the decision was reached</h2>
        {!latest ? (
          <p className="mt-2 text-sm text-slate-600">
            Waiting for {s.campaign.reviewsPerItem} independent blind reviews. Votes stay hidden until the consensus decides, so that nobody can follow the crowd.
          </p>
        ) : (
          <div className="mt-2 space-y-4">
            {latest.inputs ? (
              <>
                <p data-testid="decision-explanation">
                  {latest.inputs.engine === "admin"
                    ? `The reviewers left it undecided after ${latest.reviews} reviews (P(accept) = ${percent(latest.posterior)}), so an admin ${latest.outcome === "ACCEPT" ? "accepted" : "rejected"} it${latest.inputs.note ? `: “${latest.inputs.note}”` : "."}`
                    : describe(latest.outcome, latest.posterior, latest.inputs.threshold, latest.reviews, latest.inputs.maxReviews)}
                </p>
                <p className="text-sm text-slate-600" data-testid="decision-model">
                  The consensus is {modelSentence(latest.inputs)}, fitted over all {latest.inputs.campaignReviews} reviews of the campaign ({latest.inputs.goldItems} gold items
                  with known answers measure each reviewer). A vote&apos;s weight is how far it moves the odds: reliable reviewers move them more.
                </p>
                <VoteWeights votes={latest.inputs.votes} reviewerAddresses={s.reviewerAddresses} />
              </>
            ) : (
              <p className="text-sm text-slate-600">Still under review: {latest.reviews} reviews so far. Votes are shown once the sample is decided.</p>
            )}
            {s.decisions.length > 1 && (
              <details className="text-sm">
                <summary className="cursor-pointer text-slate-600">Decision history ({s.decisions.length} runs)</summary>
                <ol className="mt-2 space-y-1">
                  {s.decisions.map((d) => (
                    <li key={d.id}>
                      {d.createdAt.toISOString().slice(0, 19).replace("T", " ")} · {d.outcome.toLowerCase().replaceAll("_", " ")} · P(accept) {percent(d.posterior)} after {d.reviews} reviews
                      {d.flagged ? " · disagreed with the earlier decision, flagged for admins" : ""}
                    </li>
                  ))}
                </ol>
              </details>
            )}
          </div>
        )}
      </section>
      <Link href="/submissions" className="text-sm text-brand-700 hover:underline">
        ← My submissions
      </Link>
    </div>
  );
}
