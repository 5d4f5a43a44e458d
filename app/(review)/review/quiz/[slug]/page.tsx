import type { Metadata } from "next";
import { EmptyState, PageTitle } from "@/app/_components/empty-state";
import { orNotFound } from "@/app/_lib/load";
import { currentUser } from "@/lib/server/auth/session";
import { getCampaign } from "@/lib/server/campaigns/get-campaign";
import { myQuizStatus } from "@/lib/server/quiz/quiz-status";
import { startQuiz } from "@/lib/server/quiz/start-quiz";
import { QuizDesk } from "./quiz-desk";

export const metadata: Metadata = { title: "Reviewer quiz" };
export const dynamic = "force-dynamic";

export default async function QuizPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const user = await currentUser();
  const campaign = await orNotFound(getCampaign({ slug }, user));
  const title = <PageTitle title={`Reviewer quiz: ${campaign.title}`} subtitle="Judge a few samples whose answers are known. Pass, and you review this campaign." />;
  if (!user) return <>{title}<EmptyState title="Sign in to take the quiz">Sign in with your wallet (top right) first.</EmptyState></>;
  const status = await myQuizStatus(user, campaign.id);
  switch (status.kind) {
    case "reviewer":
      return <>{title}<EmptyState title="You already review this campaign" action={{ href: `/review?campaign=${slug}`, label: "Open the review queue" }}>No quiz needed.</EmptyState></>;
    case "removed":
      return <>{title}<EmptyState title="You no longer review this campaign">{status.reason}</EmptyState></>;
    case "closed":
      return <>{title}<EmptyState title="This campaign is not open">It has no quiz to take.</EmptyState></>;
    case "not-enough-gold":
      return <>{title}<EmptyState title="The quiz is not ready yet">It needs {status.needed} samples with known answers and has {status.available} you could be asked. Try again later.</EmptyState></>;
    case "wait":
      return (
        <>
          {title}
          <EmptyState title="Not passed this time">
            You can take the quiz again at {status.retryAt.toISOString().slice(11, 16)} UTC.
          </EmptyState>
        </>
      );
    case "open":
      break;
  }
  // Starting on render, like claiming in the queue: a reload resumes the same sitting.
  const sitting = await startQuiz(user, { campaignId: campaign.id });
  return (
    <>
      {title}
      <p className="mb-4 text-sm text-slate-600">
        {sitting.items.length} items; pass mark {Math.round(sitting.passMark * 100)}%. Accept what is right as labeled (or pick the right label first with 1–9); reject the rest.
      </p>
      <QuizDesk attemptId={sitting.attemptId} items={sitting.items} campaignSlug={slug} passMark={sitting.passMark} />
    </>
  );
}
