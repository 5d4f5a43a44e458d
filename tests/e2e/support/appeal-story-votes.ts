// Test-only: votes in the appeals story through the real review services (claim, then verdict), as the review desk
// sends them. `first` has three of the campaign's reviewers who never reviewed the sample claim and judge it; `panel`
// waits for the sample's appeal to have a seated panel (the stack's indexer seats it) and has each panelist claim and
// judge it. Run with tsx --conditions=react-server:
//   tsx --conditions=react-server tests/e2e/support/appeal-story-votes.ts <campaignId> <sampleId> first|panel accept|reject
// Prints { votes } as one JSON line.
import type { SessionUser } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import { claimReview } from "@/lib/server/reviews/claim-review";
import { submitVerdict } from "@/lib/server/reviews/submit-verdict";

async function main(): Promise<void> {
  const [campaignId, sampleId, who, verdict] = process.argv.slice(2);
  if (!campaignId || !sampleId || (who !== "first" && who !== "panel") || (verdict !== "accept" && verdict !== "reject")) {
    throw new Error("usage: appeal-story-votes.ts <campaignId> <sampleId> first|panel accept|reject");
  }
  let voterIds: string[];
  if (who === "panel") {
    let appeal = null;
    for (let i = 0; i < 600 && !(appeal && appeal.round > 0); i++) {
      appeal = await db.appeal.findFirst({ where: { sampleId }, select: { id: true, round: true } });
      if (!(appeal && appeal.round > 0)) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    if (!appeal || appeal.round === 0) throw new Error("no panel was seated");
    voterIds = (await db.panelSeat.findMany({ where: { appealId: appeal.id, round: appeal.round }, select: { reviewerId: true } })).map((s) => s.reviewerId);
  } else {
    const reviewed = new Set((await db.review.findMany({ where: { sampleId }, select: { reviewerId: true } })).map((r) => r.reviewerId));
    const reviewers = await db.campaignReviewer.findMany({ where: { campaignId, active: true }, orderBy: { createdAt: "asc" }, select: { userId: true } });
    voterIds = reviewers.map((r) => r.userId).filter((id) => !reviewed.has(id)).slice(0, 3);
  }
  let votes = 0;
  for (const id of voterIds) {
    const user = await db.user.findUniqueOrThrow({ where: { id }, select: { id: true, address: true, displayName: true } });
    const actor: SessionUser = { ...user, roles: [] };
    const task = await claimReview(actor, { campaignId, random: () => 0.99 });
    if (task?.sampleId !== sampleId) throw new Error(`reviewer ${id} was served ${task?.sampleId ?? "nothing"}, not the sample`);
    await submitVerdict(actor, { sampleId, ...(verdict === "accept" ? { verdict: "ACCEPT" } : { verdict: "REJECT", reason: "low_quality" }) });
    votes++;
  }
  console.log(JSON.stringify({ votes }));
}

main()
  .catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  })
  .finally(() => db.$disconnect());
