import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { EmptyState, PageTitle } from "@/app/_components/empty-state";
import { isAppError } from "@/lib/errors";
import { REJECT_REASONS } from "@/lib/schemas/review";
import { currentUser } from "@/lib/server/auth/session";
import { getCampaign } from "@/lib/server/campaigns/get-campaign";
import { listOpenCampaigns } from "@/lib/server/campaigns/list-open-campaigns";
import { claimReview } from "@/lib/server/reviews/claim-review";
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
    (task) => ({ task, refusal: null }),
    (error: unknown) => {
      if (isAppError(error) && error.code === "FORBIDDEN") return { task: null, refusal: error.message };
      throw error;
    },
  );
  if (claimed.refusal) {
    const campaigns = only ? [only] : await listOpenCampaigns(10);
    return (
      <>
        {title}
        <EmptyState title="Not a reviewer yet">
          <p>{claimed.refusal}</p>
          {campaigns.length > 0 && (
            <ul className="mt-4 space-y-1">
              {campaigns.map((c) => (
                <li key={c.id}>
                  <Link href={`/review/quiz/${c.slug}`} className="text-brand-700 hover:underline">
                    Take the quiz of {c.title}
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </EmptyState>
      </>
    );
  }
  return (
    <>
      {title}
      <ReviewDesk initialTask={claimed.task} campaignId={only?.id ?? null} reasons={Object.entries(REJECT_REASONS).map(([value, label]) => ({ value, label }))} />
    </>
  );
}
