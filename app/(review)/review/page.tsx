import type { Metadata } from "next";
import { EmptyState, PageTitle } from "@/app/_components/empty-state";
import { isAppError } from "@/lib/errors";
import { REJECT_REASONS } from "@/lib/schemas/review";
import { currentUser } from "@/lib/server/auth/session";
import { claimReview } from "@/lib/server/reviews/claim-review";
import { ReviewDesk } from "./_components/review-desk";

export const metadata: Metadata = { title: "Review queue" };
export const dynamic = "force-dynamic";

export default async function ReviewPage() {
  const user = await currentUser();
  const title = <PageTitle title="Review queue" subtitle="Judge samples blind, one at a time, with the keyboard." />;
  if (!user) return <>{title}<EmptyState title="Sign in to review">Reviewing is for reviewers. Sign in with your wallet (top right).</EmptyState></>;
  // Claiming on render reserves the first sample before the page arrives, so the reviewer can start at once.
  const claimed = await claimReview(user).then(
    (task) => ({ task, refusal: null }),
    (error: unknown) => {
      if (isAppError(error) && error.code === "FORBIDDEN") return { task: null, refusal: error.message };
      throw error;
    },
  );
  if (claimed.refusal) return <>{title}<EmptyState title="Not a reviewer yet">{claimed.refusal}</EmptyState></>;
  return (
    <>
      {title}
      <ReviewDesk initialTask={claimed.task} reasons={Object.entries(REJECT_REASONS).map(([value, label]) => ({ value, label }))} />
    </>
  );
}
