import { beforeEach, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import type { SessionUser } from "@/lib/server/auth/session";
import { campaignAgreement } from "@/lib/server/campaigns/campaign-agreement";
import { db } from "@/lib/server/db";
import { claimReview } from "@/lib/server/reviews/claim-review";
import { submitVerdict } from "@/lib/server/reviews/submit-verdict";
import { makeCampaign } from "../support/campaigns";
import { resetDb } from "../support/db-reset";
import { goldWithVerdicts, pendingSample, reviewers, sessionUser } from "../support/reviews";

const NO_GOLD = () => 0.99;
const T0 = new Date("2026-12-01T12:00:00Z");
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

let contributor: SessionUser;
beforeEach(async () => {
  await resetDb();
  contributor = await sessionUser({ name: "Ada" });
});

type Vote = { reviewerId: string; verdict: "ACCEPT" | "REJECT" };

/** A sample with these verdicts already in, in the given state: the agreement figures read votes, not how they came. */
async function sampleWithVotes(campaignId: string, status: "PENDING_REVIEW" | "ACCEPTED" | "REJECTED" | "ESCALATED", votes: Vote[]) {
  const sample = await pendingSample(campaignId, contributor.id);
  await db.sample.update({ where: { id: sample.id }, data: { status } });
  for (const v of votes) await db.review.create({ data: { sampleId: sample.id, reviewerId: v.reviewerId, verdict: v.verdict, reason: v.verdict === "REJECT" ? "low_quality" : null } });
  return sample;
}

describe("public agreement figures", () => {
  it("leave out the votes of undecided samples, so a reviewer cannot read the first votes off kappa before casting theirs", async () => {
    const campaign = await makeCampaign();
    const [alan, barbara, claude] = await reviewers(3);
    const votes = (...verdicts: ("ACCEPT" | "REJECT")[]) => verdicts.map((verdict, i) => ({ reviewerId: [alan!, barbara!, claude!][i]!.id, verdict }));
    await sampleWithVotes(campaign.id, "ACCEPTED", votes("ACCEPT", "ACCEPT", "ACCEPT"));
    await sampleWithVotes(campaign.id, "REJECTED", votes("REJECT", "REJECT", "ACCEPT"));
    await sampleWithVotes(campaign.id, "ACCEPTED", votes("ACCEPT", "REJECT", "ACCEPT"));
    const gold = await goldWithVerdicts(campaign.id, contributor.id, "REJECT", []);
    const before = await campaignAgreement(campaign.id);
    expect(before).toMatchObject({ reviews: 9, samples: 3, reviewers: 3 });

    // Two votes on a sample still waiting for its third, on an escalated one and on a gold item (never decided).
    const pending = await sampleWithVotes(campaign.id, "PENDING_REVIEW", votes("ACCEPT", "REJECT"));
    await sampleWithVotes(campaign.id, "ESCALATED", votes("REJECT", "ACCEPT", "ACCEPT"));
    for (const v of votes("REJECT", "REJECT")) await db.review.create({ data: { sampleId: gold.id, reviewerId: v.reviewerId, verdict: v.verdict, reason: "low_quality" } });
    expect(await campaignAgreement(campaign.id)).toEqual(before);

    // Once decided, they count.
    await db.review.create({ data: { sampleId: pending.id, reviewerId: claude!.id, verdict: "ACCEPT" } });
    await db.sample.update({ where: { id: pending.id }, data: { status: "ACCEPTED" } });
    const after = await campaignAgreement(campaign.id);
    expect(after).toMatchObject({ reviews: 12, samples: 4, reviewers: 3 });
    expect(after.fleissKappa).not.toBe(before.fleissKappa);
  });
});

describe("reliability floor", () => {
  it("releases the leases of a reviewer it removes, in the same transaction, so the slot goes back to the queue at once", async () => {
    const campaign = await makeCampaign();
    await db.campaign.update({ where: { id: campaign.id }, data: { reliabilityFloor: 0.6 } });
    const [honest1, honest2, yesMan] = await reviewers(3);
    for (let i = 0; i < 8; i++) {
      const truth = i % 2 === 0 ? "REJECT" : "ACCEPT";
      await goldWithVerdicts(campaign.id, contributor.id, truth, [
        { reviewerId: honest1!.id, verdict: truth },
        { reviewerId: honest2!.id, verdict: truth },
        { reviewerId: yesMan!.id, verdict: "ACCEPT" },
      ]);
    }
    // The always-accept answer that makes nine measured votes is in; honest1's answer on it will trigger the check.
    const lastGold = await goldWithVerdicts(campaign.id, contributor.id, "REJECT", [{ reviewerId: yesMan!.id, verdict: "ACCEPT" }]);
    const oneSlot = await pendingSample(campaign.id, contributor.id, { requiredReviews: 1 });
    // The gold draw happens only when the queue has a normal sample to offer as well.
    await pendingSample(campaign.id, contributor.id);

    const held = await claimReview(yesMan!, { random: NO_GOLD, now: at(0) });
    expect(held?.sampleId).toBe(oneSlot.id);
    const task = await claimReview(honest1!, { random: () => 0, now: at(1) });
    expect(task?.sampleId).toBe(lastGold.id);
    await submitVerdict(honest1!, { sampleId: lastGold.id, verdict: "REJECT", reason: "low_quality" }, { now: at(2) });
    expect(await db.campaignReviewer.findUniqueOrThrow({ where: { campaignId_userId: { campaignId: campaign.id, userId: yesMan!.id } } })).toMatchObject({ active: false, inactiveReason: "below-floor" });

    // Well before the lease would have run out: the slot is free again, and the removed reviewer's verdict is refused.
    expect(await db.reviewAssignment.count({ where: { reviewerId: yesMan!.id, status: "LEASED" } })).toBe(0);
    const refused = await submitVerdict(yesMan!, { sampleId: oneSlot.id, verdict: "ACCEPT" }, { now: at(3) }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(AppError);
    expect(await db.review.count({ where: { sampleId: oneSlot.id } })).toBe(0);
    expect((await claimReview(honest2!, { random: NO_GOLD, now: at(4) }))?.sampleId).toBe(oneSlot.id);
  });
});
