import { ZoomableImage } from "@/app/_components/zoomable-image";
import type { Metadata } from "next";
import Link from "next/link";
import { PageTitle } from "@/app/_components/empty-state";
import { orNotFound } from "@/app/_lib/load";
import { isAppError } from "@/lib/errors";
import { decisionInWords, requiredPosterior, UNACCEPTABLE, type Decision } from "@/lib/domain/consensus";
import type { DecisionInputs, LegacyDecisionInputs } from "@/lib/server/reviews/decision-inputs";
import { currentUser, type SessionUser } from "@/lib/server/auth/session";
import { getSampleExplanation, type SampleExplanation } from "@/lib/server/samples/get-sample-explanation";
import { getSampleRecord } from "@/lib/server/samples/get-sample-record";
import { formatData } from "@/lib/format";
import { sampleAppealState } from "@/lib/server/trust/get-appeal";
import { BondPanel } from "@/app/_components/bond-panel-loader";
import { appealStateAction, fileAppealAction } from "./actions";
import { OverrideNotice, PublicSampleRecord } from "./public-record";
import { VoteWeights } from "./vote-weights";

export const metadata: Metadata = { title: "Sample" };

const percent = (p: number) => `${(p * 100).toFixed(1)}%`;
const ordinal = (n: number) => `${n}${n % 100 >= 11 && n % 100 <= 13 ? "th" : (["th", "st", "nd", "rd"][n % 10] ?? "th")}`;

/** Decisions of rule 1 (accept/reject and label decided apart), kept readable on the samples they decided. */
function describeLegacy(outcome: string, pAccept: number, threshold: number, reviews: number, maxReviews: number): string {
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

function explanation(outcome: string, reviews: number, posterior: number, inputs: DecisionInputs | LegacyDecisionInputs): string {
  if (inputs.engine === "admin") {
    return `The reviewers left it undecided after ${reviews} reviews (P = ${percent(posterior)}), so an admin ${outcome === "ACCEPT" ? "accepted" : "rejected"} it${inputs.note ? `: “${inputs.note}”` : "."}`;
  }
  // A panel's decision (an appeal, or a campaign panel after k_max) says how the panel decided.
  const panel = (inputs as { panel?: { note: string } }).panel;
  if (panel) return panel.note;
  if ("rule" in inputs && inputs.rule === 2) {
    return decisionInWords({ decision: outcome as Decision, classPosterior: inputs.classPosterior, kind: inputs.space, unacceptable: UNACCEPTABLE, decidedClass: inputs.decidedClass, threshold: inputs.threshold, reviews, maxReviews: inputs.maxReviews });
  }
  const legacy = inputs as LegacyDecisionInputs;
  return describeLegacy(outcome, legacy.pAccept, legacy.threshold, reviews, legacy.maxReviews);
}

/** How far the snapshot was behind the campaign when the decision was taken (background fits at scale). */
function behind(votes: number | undefined): string {
  if (!votes) return "";
  return `, ${votes.toLocaleString("en")} newer review${votes === 1 ? "" : "s"} not yet in it`;
}

/** What the model was and what it rests on, for decisions of rule 2. */
function modelSentence(inputs: DecisionInputs): string {
  const { snapshot, calibration } = inputs;
  const gold = calibration.goldItems === 0 ? "no gold answers yet, so its posteriors are deliberately cautious" : `${calibration.goldItems} gold answers calibrate it`;
  const classes = inputs.space === "labels" ? "each label, and unacceptable" : "accepted as labeled, and unacceptable";
  return `The consensus is a Dawid-Skene model over one set of classes (${classes}), fitted over ${snapshot.reviews} reviews of the campaign (snapshot ${snapshot.version}, ${snapshot.fittedAt.slice(0, 16).replace("T", " ")} UTC${behind(snapshot.votesBehind)}); ${gold}. A vote's weight is how far it moves the odds of the most probable class against the runner-up: reliable reviewers move them more.${marginSentence(inputs)}`;
}

/** The margin a still-moving model asked of the decision (decision-margin.ts), if any. */
function marginSentence(inputs: DecisionInputs): string {
  const margin = inputs.snapshot.decisionMargin ?? 0;
  if (margin <= 0) return "";
  const required = requiredPosterior(inputs.threshold, margin);
  return ` The campaign's model was still moving (recent acceptances' posteriors had shifted by up to ${margin.toFixed(2)} log-odds since their decision), so a class had to reach ${(required * 100).toFixed(1)}% instead of ${(inputs.threshold * 100).toFixed(0)}%.`;
}

/** The whole sample for its contributor and admins; null for anyone else, who sees its public record. */
async function ownSample(user: SessionUser, id: string): Promise<SampleExplanation | null> {
  try {
    return await getSampleExplanation(user, id);
  } catch (error) {
    if (isAppError(error) && error.code === "NOT_FOUND") return null;
    throw error;
  }
}

export default async function SamplePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await currentUser();
  const [record, s] = await Promise.all([orNotFound(getSampleRecord(id)), user ? ownSample(user, id) : null]);
  if (!user || !s) return <PublicSampleRecord record={record} signedIn={user !== null} />;
  const appeal = await sampleAppealState(user, id);
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
            <ZoomableImage src={`/api/blobs/${s.blobKey}`} alt="The uploaded image" />
          ) : null}
          <p className="mt-3 text-sm text-slate-600">Your labels: {Array.isArray(s.labels) ? s.labels.join(", ") : String(s.labels)}</p>
        </div>
        <div className="rounded-lg border border-slate-200 bg-white p-4 text-sm">
          <p>
            Status: <strong data-testid="sample-status">{s.status.toLowerCase().replace("_", " ")}</strong>
          </p>
          {s.consensusLabel && <p className="mt-1">Consensus label: {s.consensusLabel}</p>}
          {s.posterior !== null && s.status === "ACCEPTED" && <p className="mt-1">P({s.consensusLabel ?? "accepted as labeled"} is right): {percent(s.posterior)}</p>}
          {s.status === "REJECTED" && (
            <p className="mt-1" data-testid="rejected-consensus">
              Rejected: the consensus judged it unacceptable, so no label was accepted. The votes below say why.
            </p>
          )}
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

      {record.override && <OverrideNotice override={record.override} />}
      {appeal.appealId && appeal.state !== "AWAITING_BOND" && (
        <section className="rounded-lg border border-slate-200 bg-white p-4 text-sm" data-testid="sample-appeal">
          {appeal.kind === "escalation" ? "Left undecided by its reviewers, this sample went to a panel funded by the campaign" : "You appealed this decision"} (
          {appeal.state === "OPEN" ? "before a panel" : appeal.state?.toLowerCase()}).{" "}
          <Link href={`/appeals/${appeal.appealId}`} className="text-brand-700 underline">
            The appeal
          </Link>
        </section>
      )}
      {appeal.canAppeal && appeal.windowEnds && (
        <BondPanel
          kind="appeal"
          targetId={s.id}
          wallet={user.address as `0x${string}`}
          bondWei={appeal.minimumBondWei}
          windowEnds={appeal.windowEnds.toISOString()}
          reward={formatData(BigInt(appeal.rewardWei), 4)}
          file={fileAppealAction}
          state={appealStateAction}
        />
      )}

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
                <p data-testid="decision-explanation">{explanation(latest.outcome, latest.reviews, latest.posterior, latest.inputs)}</p>
                {"rule" in latest.inputs && latest.inputs.rule === 2 && latest.inputs.engine !== "admin" && (
                  <p className="text-sm text-slate-600" data-testid="decision-model">
                    {modelSentence(latest.inputs)}
                  </p>
                )}
                <VoteWeights
                  votes={latest.inputs.votes}
                  reviewerAddresses={s.reviewerAddresses}
                  towards={"rule" in latest.inputs ? (latest.inputs.decidedClass ?? "most probable") : "accept"}
                  against={"rule" in latest.inputs ? latest.inputs.runnerUp : "reject"}
                />
              </>
            ) : (
              <p className="text-sm text-slate-600" data-testid="decision-explanation">
                {latest.outcome === "NEED_MORE_REVIEWS"
                  ? `After ${latest.reviews} reviews no outcome reached the campaign's threshold of ${Math.round(s.campaign.acceptThreshold * 100)}%, so a ${ordinal(latest.reviews + 1)} review was requested. The votes and the probability of each outcome are shown once the sample is decided.`
                  : `Still under review: ${latest.reviews} reviews so far. Votes are shown once the sample is decided.`}
              </p>
            )}
            {s.decisions.length > 1 && (
              <details className="text-sm">
                <summary className="cursor-pointer text-slate-600">Decision history ({s.decisions.length} runs)</summary>
                <ol className="mt-2 space-y-1">
                  {s.decisions.map((d) => (
                    <li key={d.id}>
                      {d.createdAt.toISOString().slice(0, 19).replace("T", " ")} · {d.outcome.toLowerCase().replaceAll("_", " ")}
                      {d.label ? ` as ${d.label}` : ""} · P {percent(d.posterior)} after {d.reviews} reviews
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
