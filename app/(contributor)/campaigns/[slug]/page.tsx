import type { Metadata } from "next";
import Link from "next/link";
import { EmptyState } from "@/app/_components/empty-state";
import { orNotFound } from "@/app/_lib/load";
import { calibrationInWords, formatData } from "@/lib/format";
import { ACCEPTED_IMAGE_MIME_TYPES } from "@/lib/domain/ingest/limits";
import { currentUser } from "@/lib/server/auth/session";
import { campaignAgreement } from "@/lib/server/campaigns/campaign-agreement";
import { campaignCalibration } from "@/lib/server/campaigns/campaign-calibration";
import { getCampaign } from "@/lib/server/campaigns/get-campaign";
import { campaignAppealCounts } from "@/lib/server/trust/get-appeal";
import { myQuizStatus } from "@/lib/server/quiz/quiz-status";
import { getEnv } from "@/lib/env";
import { ApiExample } from "./_components/api-example";
import { SlashingCount } from "./_components/slashing-count";
import { Uploader } from "./_components/uploader";

export const metadata: Metadata = { title: "Campaign" };

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-4">
      <div className="text-xs uppercase tracking-wide text-slate-500">{label}</div>
      <div className="mt-1 text-lg font-semibold">{value}</div>
    </div>
  );
}

export default async function CampaignPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const user = await currentUser();
  const c = await orNotFound(getCampaign({ slug }, user));
  const schema = c.labelSchema;
  const [agreement, calibration, quiz, appeals] = await Promise.all([
    campaignAgreement(c.id),
    campaignCalibration(c.id),
    user && c.status === "OPEN" ? myQuizStatus(user, c.id) : null,
    campaignAppealCounts(c.id),
  ]);
  const percent = Math.min(100, Math.round((c.counts.accepted / Math.max(1, c.targetSamples)) * 100));
  return (
    <div className="space-y-6">
      <div className="flex items-start justify-between gap-4">
        <div>
          <p className="text-sm text-slate-500">
            {c.dataType.toLowerCase()} · {c.licence} · {c.status.toLowerCase()}
          </p>
          <h1 className="text-2xl font-semibold tracking-tight">{c.title}</h1>
          <p className="mt-2 max-w-3xl whitespace-pre-line text-slate-600">{c.description}</p>
        </div>
        {user?.roles.includes("ADMIN") && (
          <div className="flex gap-2">
            <Link href={`/admin/campaigns/${c.id}/gold`} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-100">
              Gold items
            </Link>
            <Link href={`/admin/campaigns/${c.id}/edit`} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-100">
              Edit
            </Link>
          </div>
        )}
      </div>
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <Stat label="Reward per accepted sample" value={`${formatData(c.rewardWei)} DATA`} />
        <Stat label="Budget left" value={`${formatData(c.budgetLeftWei)} / ${formatData(c.budgetWei)} DATA`} />
        <Stat label="Accepted / target" value={`${c.counts.accepted} / ${c.targetSamples}`} />
        <Stat label="Waiting for review" value={String(c.counts.pending)} />
      </div>
      <div className="h-2 rounded bg-slate-100" role="progressbar" aria-valuenow={percent} aria-valuemin={0} aria-valuemax={100} aria-label="Progress to target">
        <div className="h-2 rounded bg-brand-500" style={{ width: `${percent}%` }} />
      </div>
      <div className="rounded-lg border border-slate-200 bg-white p-4 text-sm">
        <span className="font-medium">Labels: </span>
        {schema.kind === "free_text" ? `free text — ${schema.prompt} (${schema.minLength}–${schema.maxLength} characters)` : `${schema.kind === "multi_label" ? "one or more of" : "one of"} ${schema.labels.join(", ")}`}
        <span className="ml-4 text-slate-500">
          Each sample gets {c.reviewsPerItem}–{c.maxReviews} blind reviews; it is accepted {schema.kind === "single_label" ? "with a label once that label's" : "as labeled once its"} calibrated
          probability reaches {Math.round(c.acceptThreshold * 100)}%.
        </span>
      </div>
      <section aria-label="Reviewing" className="rounded-lg border border-slate-200 bg-white p-4 text-sm">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 className="font-medium">Reviewer agreement</h2>
          {quiz?.kind === "reviewer" && (
            <Link href={`/review?campaign=${c.slug}`} className="text-brand-700 hover:underline">
              Review this campaign
            </Link>
          )}
          {quiz && (quiz.kind === "open" || quiz.kind === "wait") && (
            <Link href={`/review/quiz/${c.slug}`} className="text-brand-700 hover:underline">
              Become a reviewer: take the {c.quizSize}-item quiz
            </Link>
          )}
        </div>
        {agreement.samples === 0 ? (
          <p className="mt-1 text-slate-600">No decided sample has two verdicts yet, so there is no agreement to measure.</p>
        ) : (
          <dl className="mt-2 grid gap-2 sm:grid-cols-4" data-testid="agreement">
            <div>
              <dt className="text-xs text-slate-500">Krippendorff&apos;s alpha</dt>
              <dd className="font-semibold">{agreement.krippendorffAlpha === null ? "n/a" : agreement.krippendorffAlpha.toFixed(2)}</dd>
            </div>
            <div>
              <dt className="text-xs text-slate-500">Fleiss&apos; kappa</dt>
              <dd className="font-semibold">{agreement.fleissKappa === null ? "n/a" : agreement.fleissKappa.toFixed(2)}</dd>
            </div>
            <div>
              <dt className="text-xs text-slate-500">Verdicts</dt>
              <dd className="font-semibold">
                {agreement.reviews} on {agreement.samples} samples
              </dd>
            </div>
            <div>
              <dt className="text-xs text-slate-500">Reviewers · gold items</dt>
              <dd className="font-semibold">
                {agreement.reviewers} · {agreement.goldItems}
              </dd>
            </div>
          </dl>
        )}
        <p className="mt-2 text-xs text-slate-500">Over decided samples only. 1 is perfect agreement, 0 is what chance alone gives. Reviewers earn {formatData(c.reviewerFeeWei)} DATA per verdict that agrees with the decision.</p>
        <h2 className="mt-4 font-medium">Appeals and panels</h2>
        <p className="mt-1 text-slate-600" data-testid="campaign-appeals">
          {appeals.open} before a panel, {appeals.overturned} overturned, {appeals.upheld} upheld
          {appeals.escalations > 0 ? `; ${appeals.escalations} of them undecided samples sent to a panel funded by the campaign` : ""}. A contributor may appeal a rejection within {c.appealWindowDays} days with a bond; a fresh, blind
          panel of staked reviewers decides.
        </p>
        <h2 className="mt-4 font-medium">Calibration</h2>
        <p className="mt-1 text-slate-600" data-testid="campaign-calibration">
          {calibration
            ? `${calibrationInWords(calibration)} (As of the latest decision.)`
            : "No sample decided yet, so there is no calibration to report. Until gold answers reviewed in this campaign calibrate the consensus, its posteriors stay deliberately cautious: agreeing votes count for less than independent evidence would, and no label is trusted to near certainty."}
        </p>
        <SlashingCount campaignId={c.id} />
      </section>
      <ApiExample id={c.id} slug={c.slug} appUrl={getEnv().appUrl} dataType={c.dataType} exampleLabels={schema.kind === "free_text" ? "your answer" : schema.kind === "multi_label" ? schema.labels.slice(0, 1) : schema.labels[0]!} />
      {c.status !== "OPEN" ? (
        <EmptyState title="This campaign is not accepting uploads">It is {c.status.toLowerCase()}. Browse the open campaigns instead.</EmptyState>
      ) : !user ? (
        <EmptyState title="Sign in to contribute">Sign in with your wallet (top right) to upload labeled samples and earn DATA when they are accepted.</EmptyState>
      ) : (
        <Uploader campaignId={c.id} schema={schema} dataType={c.dataType} accept={c.dataType === "IMAGE" ? ACCEPTED_IMAGE_MIME_TYPES.join(",") : ".txt,text/plain"} />
      )}
    </div>
  );
}
