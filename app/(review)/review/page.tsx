import type { Metadata } from "next";
import { z } from "zod";
import { EmptyState, PageTitle } from "@/app/_components/empty-state";
import { isAppError } from "@/lib/errors";
import { REJECT_REASONS } from "@/lib/schemas/review";
import { currentUser } from "@/lib/server/auth/session";
import { getCampaign } from "@/lib/server/campaigns/get-campaign";
import { listQuizOffers } from "@/lib/server/quiz/quiz-offers";
import { claimReview } from "@/lib/server/reviews/claim-review";
import { reviewQueueOverview } from "@/lib/server/reviews/review-queue-overview";
import { toClientTask } from "@/lib/server/reviews/review-task";
import { CampaignPicker } from "./_components/campaign-picker";
import { QuizOffers } from "./_components/quiz-offers";
import { ReviewDesk } from "./_components/review-desk";

export const metadata: Metadata = { title: "Review queue" };
export const dynamic = "force-dynamic";

const ZQuery = z.object({ campaign: z.string().max(60).optional() });

export default async function ReviewPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await currentUser();
  const query = ZQuery.safeParse(await searchParams);
  const slug = query.success ? query.data.campaign : undefined;
  const only = slug ? await getCampaign({ slug }, user).catch((error: unknown) => (isAppError(error) && error.code === "NOT_FOUND" ? null : Promise.reject(error))) : null;
  const title = <PageTitle title="Review queue" subtitle={only ? `${only.title}: judge samples blind, one at a time, with the keyboard.` : "Judge samples blind, one at a time, with the keyboard."} />;
  if (!user) return <>{title}<EmptyState title="Sign in to review">Reviewing is for reviewers. Sign in with your wallet (top right).</EmptyState></>;
  if (slug && !only) return <>{title}<EmptyState title="No such campaign" action={{ href: "/review", label: "Review every campaign" }}>There is no campaign called &ldquo;{slug}&rdquo;.</EmptyState></>;
  // Claiming on render reserves the first sample before the page arrives, so the reviewer can start at once.
  const claimed = await claimReview(user, only ? { campaignId: only.id } : {}).then(
    (task) => ({ task, refusal: null, stake: false }),
    (error: unknown) => {
      if (isAppError(error) && error.code === "FORBIDDEN") return { task: null, refusal: error.message, stake: error.details?.reason === "stake" };
      throw error;
    },
  );
  if (claimed.refusal) {
    const offers = await listQuizOffers(user, only ? { campaignId: only.id } : {});
    return (
      <>
        {title}
        <EmptyState
          title={claimed.stake ? "A stake is needed" : "Not a reviewer yet"}
          action={claimed.stake ? { href: "/stakes", label: "Stake DATA" } : only ? { href: "/review", label: "Review every campaign" } : undefined}
        >
          <p>{claimed.refusal}</p>
          <QuizOffers offers={offers} />
        </EmptyState>
      </>
    );
  }
  // Counted after the claim, which holds the sample on the desk: the counts include what the reviewer holds.
  const overview = reviewQueueOverview(user);
  const scope = only ? overview.campaigns.find((c) => c.id === only.id) : overview;
  const left = scope?.left ?? 0;
  return (
    <>
      {title}
      {/* A choice only where there is one: several campaigns, or one picked that "all" would widen. */}
      {(overview.campaigns.length > 1 || (only && overview.campaigns.length > 0)) && (
        <div className="mb-4">
          <CampaignPicker campaigns={overview.campaigns} selected={only?.slug ?? null} left={overview.left} capped={overview.capped} />
        </div>
      )}
      <ReviewDesk
        key={only?.id ?? "all"}
        initialTask={claimed.task ? toClientTask(claimed.task) : null}
        campaignId={only?.id ?? null}
        scopeTitle={only?.title ?? null}
        initialLeft={{ left, capped: scope?.capped ?? false }}
        reasons={Object.entries(REJECT_REASONS).map(([value, label]) => ({ value, label }))}
      />
    </>
  );
}
