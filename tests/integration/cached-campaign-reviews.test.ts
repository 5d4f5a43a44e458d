import { beforeEach, describe, expect, it } from "vitest";
import { outcomeSpace } from "@/lib/domain/consensus";
import { ZLabelSchema, type TLabelSchema } from "@/lib/schemas/label-schema";
import type { SessionUser } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import { readCampaignReviewsCached, SETTLE_MS } from "@/lib/server/reviews/cached-campaign-reviews";
import { campaignConsensus } from "@/lib/server/reviews/campaign-consensus";
import { currentReviewsOfSample, readCampaignReviews, reviewsOfSample, type CampaignReviews } from "@/lib/server/reviews/campaign-reviews";
import { makeCampaign } from "../support/campaigns";
import { resetDb } from "../support/db-reset";
import { goldWithVerdicts, pendingSample, reviewers, sessionUser } from "../support/reviews";

const LABELS = ["positive", "negative", "neutral"] as const;
const HOUR = 3_600_000;

let contributor: SessionUser;
let crowd: SessionUser[];
beforeEach(async () => {
  await resetDb();
  contributor = await sessionUser({ name: "Ada" });
  crowd = await reviewers(5);
});

/** A review stamped `ageMs` ago (reviews are never stamped in the future; a late commit keeps its early stamp). */
async function review(sampleId: string, reviewer: SessionUser, ageMs: number, label: string | null = null) {
  return db.review.create({ data: { sampleId, reviewerId: reviewer.id, verdict: "ACCEPT", label, createdAt: new Date(Date.now() - ageMs) } });
}

/** A campaign whose reviews are all an hour old: settled for any read from now on. */
async function settledCampaign() {
  const campaign = await makeCampaign();
  for (let i = 0; i < 12; i++) {
    const sample = await pendingSample(campaign.id, contributor.id, { labels: LABELS[i % 3] });
    for (const [j, r] of crowd.slice(0, 3 + (i % 3)).entries()) await review(sample.id, r, HOUR, j === 0 && i % 4 === 0 ? LABELS[(i + 1) % 3] : null);
  }
  await goldWithVerdicts(campaign.id, contributor.id, "ACCEPT", crowd.map((r) => ({ reviewerId: r.id, verdict: "ACCEPT" })));
  return campaign;
}

/** Every review as the fit sees it (a review is its sample's and reviewer's), in a canonical order. */
function asRows(read: CampaignReviews) {
  return Array.from({ length: read.count }, (_, r) => {
    const voteClass = read.voteClass[r]!;
    return { sampleId: read.sampleIds[read.sample[r]!]!, reviewerId: read.reviewerIds[read.reviewer[r]!]!, accept: read.accept[r], label: read.label[r], reason: read.reason[r], voteClass };
  }).sort((a, b) => (a.sampleId < b.sampleId ? -1 : a.sampleId > b.sampleId ? 1 : a.reviewerId < b.reviewerId ? -1 : 1));
}

async function modelOf(campaignId: string, readReviews?: typeof readCampaignReviews) {
  const row = await db.campaign.findUniqueOrThrow({ where: { id: campaignId } });
  const consensus = await campaignConsensus(db, { ...row, labelSchema: ZLabelSchema.parse(row.labelSchema) }, readReviews ? { readReviews } : {});
  return consensus.model;
}

const spaceOf = async (campaignId: string) => outcomeSpace(ZLabelSchema.parse((await db.campaign.findUniqueOrThrow({ where: { id: campaignId } })).labelSchema) as TLabelSchema);

describe("the fit process's cache of a campaign's reviews", () => {
  it("after new verdicts, undone verdicts, late commits and a new gold item, reads what a whole read reads, and fits the same model", async () => {
    const campaign = await settledCampaign();
    const space = await spaceOf(campaign.id);
    // A verdict just in when the first read happens, undone after it.
    const undoneLater = await review((await pendingSample(campaign.id, contributor.id)).id, crowd[4]!, 0, "negative");
    const t0 = Date.now();
    expect(asRows(readCampaignReviewsCached(campaign.id, space, t0))).toEqual(asRows(readCampaignReviews(campaign.id, space)));
    await db.review.delete({ where: { id: undoneLater.id } });

    // A verdict that came in and one undone: both recent, so both re-read.
    const fresh = await pendingSample(campaign.id, contributor.id, { labels: "negative" });
    for (const r of crowd.slice(0, 3)) await review(fresh.id, r, 0);
    const undone = await review(fresh.id, crowd[3]!, 0, "neutral");
    await db.review.delete({ where: { id: undone.id } });
    // Committed after the first read, stamped before it (a slow transaction, a web server whose clock runs behind),
    // within the settling margin.
    const late = await pendingSample(campaign.id, contributor.id, { labels: "neutral" });
    for (const r of crowd.slice(1, 4)) await review(late.id, r, SETTLE_MS / 2, "positive");
    // Gold answers change: a sample becomes a gold item.
    await db.goldItem.create({ data: { campaignId: campaign.id, sampleId: late.id, expectedVerdict: "ACCEPT", expectedLabel: "positive" } });

    const cached = readCampaignReviewsCached(campaign.id, space, t0 + 60_000);
    expect(asRows(cached)).toEqual(asRows(readCampaignReviews(campaign.id, space)));
    expect([...cached.gold].sort()).toEqual([...readCampaignReviews(campaign.id, space).gold].sort());
    expect(await modelOf(campaign.id, (id, s) => readCampaignReviewsCached(id, s, t0 + 120_000))).toEqual(await modelOf(campaign.id));
  });

  it("looks up the ids of a sample's reviews as read, or none once they changed", async () => {
    const campaign = await settledCampaign();
    const space = await spaceOf(campaign.id);
    const sample = await pendingSample(campaign.id, contributor.id);
    const votes = [];
    for (const r of crowd.slice(0, 3)) votes.push(await review(sample.id, r, 0));
    const cached = readCampaignReviewsCached(campaign.id, space);
    expect(cached.reviewIds).toBeNull();
    const byReviewer = (reviews: { reviewerId: string }[] | null) => reviews && [...reviews].sort((a, b) => (a.reviewerId < b.reviewerId ? -1 : 1));
    expect(byReviewer(currentReviewsOfSample(cached, sample.id))).toEqual(byReviewer(reviewsOfSample(readCampaignReviews(campaign.id, space), sample.id)));
    await db.review.delete({ where: { id: votes[2]!.id } });
    await review(sample.id, crowd[2]!, 0, "negative");
    expect(currentReviewsOfSample(cached, sample.id)).toBeNull();
  });

  it("keeps settled reviews and re-reads only recent ones, until it reads everything again after a while", async () => {
    const campaign = await settledCampaign();
    const space = await spaceOf(campaign.id);
    const t0 = Date.now();
    readCampaignReviewsCached(campaign.id, space, t0);
    // Stamped long before the last read's settling boundary, which the app never does: only a whole read sees it,
    // which shows that the cache was used, and when it stops being used.
    const behindItsBack = await pendingSample(campaign.id, contributor.id);
    await review(behindItsBack.id, crowd[0]!, 2 * HOUR);
    expect(asRows(readCampaignReviewsCached(campaign.id, space, t0 + 60_000)).some((r) => r.sampleId === behindItsBack.id)).toBe(false);
    expect(asRows(readCampaignReviewsCached(campaign.id, space, t0 + HOUR))).toEqual(asRows(readCampaignReviews(campaign.id, space)));
  });

  it("reads everything again when the campaign's label schema changes (the class of every review may change)", async () => {
    const campaign = await settledCampaign();
    const t0 = Date.now();
    readCampaignReviewsCached(campaign.id, await spaceOf(campaign.id), t0);
    await db.campaign.update({ where: { id: campaign.id }, data: { labelSchema: { kind: "single_label", labels: ["neutral", "negative", "positive"] } } });
    const space = await spaceOf(campaign.id);
    expect(asRows(readCampaignReviewsCached(campaign.id, space, t0 + 60_000))).toEqual(asRows(readCampaignReviews(campaign.id, space)));
  });
});
