import { beforeEach, describe, expect, it } from "vitest";
import type { SessionUser } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import { reviewerRecords } from "@/lib/server/reputation/reviewer-records";
import { makeCampaign } from "../support/campaigns";
import { resetDb } from "../support/db-reset";
import { pendingSample, reviewers, sessionUser } from "../support/reviews";

let contributor: SessionUser;
beforeEach(async () => {
  await resetDb();
  contributor = await sessionUser({ name: "Ada" });
});

type Verdicts = [SessionUser, "ACCEPT" | "REJECT"][];

async function sample(campaignId: string, status: "PENDING_REVIEW" | "ACCEPTED" | "REJECTED", verdicts: Verdicts, gold?: "ACCEPT" | "REJECT") {
  const s = await pendingSample(campaignId, contributor.id);
  await db.sample.update({ where: { id: s.id }, data: { status } });
  if (gold) await db.goldItem.create({ data: { campaignId, sampleId: s.id, expectedVerdict: gold } });
  for (const [r, verdict] of verdicts) await db.review.create({ data: { sampleId: s.id, reviewerId: r.id, verdict, reason: verdict === "REJECT" ? "low_quality" : null } });
}

describe("reviewer records", () => {
  it("count gold answers against the answer (whatever the gold sample's status) and verdicts on decided samples against the decision, leaving one campaign out or none", async () => {
    const [x, y, z] = await reviewers(3);
    const here = await makeCampaign();
    const elsewhere = await makeCampaign();
    await sample(elsewhere.id, "PENDING_REVIEW", [[x!, "ACCEPT"], [y!, "REJECT"]], "ACCEPT");
    await sample(elsewhere.id, "ACCEPTED", [[x!, "ACCEPT"]], "REJECT");
    await sample(elsewhere.id, "ACCEPTED", [[x!, "ACCEPT"], [y!, "REJECT"]]);
    await sample(elsewhere.id, "REJECTED", [[x!, "REJECT"]]);
    await sample(elsewhere.id, "PENDING_REVIEW", [[x!, "ACCEPT"], [y!, "ACCEPT"]]);
    await sample(here.id, "ACCEPTED", [[x!, "ACCEPT"], [y!, "ACCEPT"]]);
    await sample(here.id, "PENDING_REVIEW", [[x!, "REJECT"]], "REJECT");

    const outside = await reviewerRecords(db, [x!.id, y!.id, z!.id], { exceptCampaignId: here.id });
    expect(outside.get(x!.id)).toEqual({ goldCorrect: 1, goldTotal: 2, consensusAgreements: 2, consensusTotal: 2 });
    expect(outside.get(y!.id)).toEqual({ goldCorrect: 0, goldTotal: 1, consensusAgreements: 0, consensusTotal: 1 });
    expect(outside.get(z!.id)).toEqual({ goldCorrect: 0, goldTotal: 0, consensusAgreements: 0, consensusTotal: 0 });

    const everywhere = await reviewerRecords(db, [x!.id]);
    expect([...everywhere.keys()]).toEqual([x!.id]);
    expect(everywhere.get(x!.id)).toEqual({ goldCorrect: 2, goldTotal: 3, consensusAgreements: 3, consensusTotal: 3 });
  });
});
