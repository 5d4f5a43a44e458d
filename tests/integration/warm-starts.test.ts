import { beforeEach, describe, expect, it } from "vitest";
import { dawidSkene, ITEM_BIAS_STATE_VERSION, type ItemBiasState } from "@/lib/domain/consensus";
import { ZLabelSchema } from "@/lib/schemas/label-schema";
import { db } from "@/lib/server/db";
import { campaignConsensus, campaignConsensusInputs } from "@/lib/server/reviews/campaign-consensus";
import { clearModelChoice } from "@/lib/server/reviews/model-choice";
import { forgetWarmStarts, rememberWarmStart, warmStartOf } from "@/lib/server/reviews/warm-starts";
import { makeCampaign } from "../support/campaigns";
import { resetDb } from "../support/db-reset";
import { goldWithVerdicts, pendingSample, reviewers, sessionUser } from "../support/reviews";

const state = (tag: number): ItemBiasState => ({
  version: ITEM_BIAS_STATE_VERSION,
  classes: 2,
  logClassPriors: [Math.log(0.5), Math.log(0.5)],
  goldReliability: null,
  reviewerIds: [],
  reviewerLogOdds: [],
  itemIds: [`item-${tag}`],
  itemShifts: [0, 0],
});
const T = 1_800_000_000_000;

beforeEach(async () => {
  await resetDb();
  forgetWarmStarts();
});

describe("warm starts", () => {
  it("keeps each campaign run's last fit apart and forgets it when a fit has none", async () => {
    const campaign = await makeCampaign();
    await rememberWarmStart(campaign.id, "verdict", state(1), T);
    await rememberWarmStart(campaign.id, "label", state(2), T);
    expect(await warmStartOf(campaign.id, "verdict")).toEqual(state(1));
    expect(await warmStartOf(campaign.id, "label")).toEqual(state(2));
    await rememberWarmStart(campaign.id, "verdict", state(3), T + 1);
    expect(await warmStartOf(campaign.id, "verdict")).toEqual(state(3));
    await rememberWarmStart(campaign.id, "verdict", undefined, T + 2);
    // Gone from memory; what is stored is the state of the last save (T), which a restart would find.
    expect(await warmStartOf(campaign.id, "verdict")).toEqual(state(1));
  });

  it("holds the 16 most recently fitted runs in memory, the rest in the database", async () => {
    const campaigns = [];
    for (let i = 0; i <= 16; i++) campaigns.push(await makeCampaign());
    for (let i = 0; i < 16; i++) await rememberWarmStart(campaigns[i]!.id, "verdict", state(i), T);
    await rememberWarmStart(campaigns[0]!.id, "verdict", state(100), T + 1); // fitted again: the most recent, not saved (10 s)
    await rememberWarmStart(campaigns[16]!.id, "verdict", state(16), T + 2); // pushes out campaign 1
    await db.consensusWarmStart.deleteMany({ where: { campaignId: campaigns[1]!.id } });
    expect(await warmStartOf(campaigns[1]!.id, "verdict")).toBeUndefined();
    expect(await warmStartOf(campaigns[0]!.id, "verdict")).toEqual(state(100));
    for (let i = 2; i <= 16; i++) expect(await warmStartOf(campaigns[i]!.id, "verdict")).toEqual(state(i));
  });

  it("saves a run at most every 10 s, and a restarted process starts from the saved state", async () => {
    const campaign = await makeCampaign();
    await rememberWarmStart(campaign.id, "verdict", state(1), T);
    await rememberWarmStart(campaign.id, "verdict", state(2), T + 9_999);
    forgetWarmStarts();
    expect(await warmStartOf(campaign.id, "verdict")).toEqual(state(1));
    await rememberWarmStart(campaign.id, "verdict", state(3), T + 10_000);
    forgetWarmStarts();
    expect(await warmStartOf(campaign.id, "verdict")).toEqual(state(3));
    expect(await db.consensusWarmStart.count()).toBe(1);
  });

  it("ignores a stored state that is not a fit, and a save that cannot be written costs nothing but the save", async () => {
    const campaign = await makeCampaign();
    await db.consensusWarmStart.create({ data: { campaignId: campaign.id, run: "VERDICT", state: Buffer.from('{"version":1,"classes":2,"logClassPriors":[0') } });
    expect(await warmStartOf(campaign.id, "verdict")).toBeUndefined();
    await db.consensusWarmStart.update({ where: { campaignId_run: { campaignId: campaign.id, run: "VERDICT" } }, data: { state: Buffer.from(JSON.stringify({ ...state(1), itemShifts: [0] })) } });
    expect(await warmStartOf(campaign.id, "verdict")).toBeUndefined();
    // A campaign deleted meanwhile: the save fails on its foreign key, quietly; memory still has the state.
    await rememberWarmStart("no-such-campaign", "verdict", state(4), T);
    expect(await db.consensusWarmStart.count({ where: { campaignId: "no-such-campaign" } })).toBe(0);
    expect(await warmStartOf("no-such-campaign", "verdict")).toEqual(state(4));
  });

  it("a campaign under the item-bias model: the first run after a restart starts from the saved fit; a cleared choice drops it", async () => {
    const contributor = await sessionUser({ name: "Ada" });
    const crowd = await reviewers(4);
    const campaign = await makeCampaign();
    for (let i = 0; i < 6; i++) {
      const truth: "ACCEPT" | "REJECT" = i % 2 === 0 ? "ACCEPT" : "REJECT";
      await goldWithVerdicts(campaign.id, contributor.id, truth, [...crowd.slice(0, 3).map((r) => ({ reviewerId: r.id, verdict: truth })), { reviewerId: crowd[3]!.id, verdict: "ACCEPT" as const }]);
    }
    await pendingSample(campaign.id, contributor.id);
    await db.consensusModelChoice.create({ data: { campaignId: campaign.id, run: "VERDICT", model: "ITEM_BIAS", reviews: 24, goldItems: 6, goldLogLikelihoodDawidSkene: -4, goldLogLikelihoodItemBias: -2, durationMs: 5 } });
    const schema = ZLabelSchema.parse(campaign.labelSchema);

    const first = await campaignConsensus(db, campaign.id, schema);
    expect(first.warmStarted).toEqual({ verdict: false, label: false });
    const saved = await db.consensusWarmStart.findMany({ select: { run: true } });
    expect(saved).toEqual([{ run: "VERDICT" }]);
    forgetWarmStarts();
    const afterRestart = await campaignConsensus(db, campaign.id, schema);
    expect(afterRestart.warmStarted.verdict).toBe(true);
    // EM began where the saved fit ended (a cold start begins lower, at Dawid-Skene's parameters), and ends at the same posteriors.
    const ended = first.verdicts.trace.at(-1)!.objective;
    expect(first.verdicts.trace[0]!.objective).toBeLessThan(ended - 1e-6);
    expect(afterRestart.verdicts.trace[0]!.objective).toBeGreaterThanOrEqual(ended - 1e-9);
    const inputs = await campaignConsensusInputs(db, campaign.id, schema);
    const cold = dawidSkene({ ...inputs.verdicts, options: { model: "item-bias" } });
    afterRestart.verdicts.items.forEach((item, i) => expect(Math.abs(item.posterior[1]! - cold.items[i]!.posterior[1]!)).toBeLessThan(1e-4));

    await clearModelChoice(campaign.id);
    expect(await db.consensusWarmStart.count()).toBe(0);
  });
});
