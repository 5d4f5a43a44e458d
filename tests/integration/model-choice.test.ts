import { setTimeout as sleep } from "node:timers/promises";
import { beforeEach, describe, expect, it } from "vitest";
import { chooseModel, dawidSkene } from "@/lib/domain/consensus";
import { chooseModelsInThread } from "@/lib/jobs/choose-in-thread";
import { runConsensusModelChooser } from "@/lib/jobs/consensus-model-chooser";
import { ZLabelSchema } from "@/lib/schemas/label-schema";
import type { SessionUser } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import { campaignConsensus, campaignConsensusInputs } from "@/lib/server/reviews/campaign-consensus";
import { claimReview } from "@/lib/server/reviews/claim-review";
import type { DecisionInputs } from "@/lib/server/reviews/decision-inputs";
import { dueModelChoices, refreshModelChoice, type ModelChooser } from "@/lib/server/reviews/model-choice";
import { submitVerdict } from "@/lib/server/reviews/submit-verdict";
import { makeCampaign } from "../support/campaigns";
import { resetDb } from "../support/db-reset";
import { goldWithVerdicts, pendingSample, reviewers, sessionUser } from "../support/reviews";

const NO_GOLD = { random: () => 0.99 };

let contributor: SessionUser;
let crowd: SessionUser[];
beforeEach(async () => {
  await resetDb();
  contributor = await sessionUser({ name: "Ada" });
  crowd = await reviewers(4);
});

/**
 * A campaign with `gold` gold items (alternating answers, labels "positive"/"negative") that the crowd has judged:
 * the first three reviewers rightly, the fourth always accepting.
 */
async function campaignWithGold(gold: number) {
  const campaign = await makeCampaign();
  for (let i = 0; i < gold; i++) await addGold(campaign.id, i % 2 === 0 ? "ACCEPT" : "REJECT");
  return campaign;
}

async function addGold(campaignId: string, truth: "ACCEPT" | "REJECT") {
  const sample = await goldWithVerdicts(campaignId, contributor.id, truth, [
    ...crowd.slice(0, 3).map((r) => ({ reviewerId: r.id, verdict: truth })),
    { reviewerId: crowd[3]!.id, verdict: "ACCEPT" as const },
  ]);
  await db.goldItem.update({ where: { sampleId: sample.id }, data: { expectedLabel: truth === "ACCEPT" ? "positive" : "negative" } });
  return sample;
}

const inThread: ModelChooser = (inputs) => chooseModelsInThread(inputs);

describe("consensus model choice", () => {
  it("is due for a campaign with reviewed gold, is computed in a thread with the evidence chooseModel gives, and is not due again until the campaign doubles", async () => {
    const campaign = await campaignWithGold(6);
    const bare = await makeCampaign();
    await pendingSample(bare.id, contributor.id);
    await makeCampaign({ status: "CLOSED" }).then((closed) => addGold(closed.id, "ACCEPT"));
    expect(await dueModelChoices()).toEqual([{ campaignId: campaign.id, action: "choose" }]);

    const stored = await refreshModelChoice(campaign.id, inThread);
    // The same inputs, chosen in this thread: the thread computes exactly this.
    const inputs = await campaignConsensusInputs(db, campaign.id, ZLabelSchema.parse(campaign.labelSchema));
    const options = { explainVotes: false };
    const verdictChoice = chooseModel({ ...inputs.verdicts, options })!;
    const labelChoice = chooseModel({ ...inputs.labels!.input, options })!;
    expect(stored.verdict).toMatchObject({ model: verdictChoice.model, reviews: 24, goldItems: 6 });
    expect(stored.verdict!.evidence).toBeCloseTo(verdictChoice.selection.goldLogLikelihood["item-bias"] - verdictChoice.selection.goldLogLikelihood["dawid-skene"], 9);
    expect(stored.label).toMatchObject({ model: labelChoice.model, reviews: 24, goldItems: 6 });
    // The thread's numbers are this thread's, bit for bit; the database keeps them to about 1e-15.
    const threaded = await chooseModelsInThread([{ ...inputs.verdicts, options }, { ...inputs.labels!.input, options }]);
    expect(threaded.map((c) => c && { model: c.model, selection: c.selection })).toEqual([verdictChoice, labelChoice]);
    const rows = await db.consensusModelChoice.findMany({ orderBy: { run: "desc" } });
    expect(rows.map((r) => r.run)).toEqual(["VERDICT", "LABEL"]);
    for (const [row, choice] of [[rows[0]!, verdictChoice], [rows[1]!, labelChoice]] as const) {
      expect(row.goldLogLikelihoodDawidSkene).toBeCloseTo(choice.selection.goldLogLikelihood["dawid-skene"], 12);
      expect(row.goldLogLikelihoodItemBias).toBeCloseTo(choice.selection.goldLogLikelihood["item-bias"], 12);
    }
    expect(await dueModelChoices()).toEqual([]);

    // Gold items doubled: due again. A removed gold item: due too (the choice may have rested on a wrong answer).
    for (let i = 0; i < 6; i++) await addGold(campaign.id, "REJECT");
    expect(await dueModelChoices()).toEqual([{ campaignId: campaign.id, action: "choose" }]);
    await refreshModelChoice(campaign.id, inThread);
    expect(await dueModelChoices()).toEqual([]);
    await db.goldItem.deleteMany({ where: { sampleId: (await db.goldItem.findFirstOrThrow({ where: { campaignId: campaign.id } })).sampleId } });
    expect(await dueModelChoices()).toEqual([{ campaignId: campaign.id, action: "choose" }]);

    // No gold left: the stored choices are cleared, back to Dawid-Skene.
    await db.goldItem.deleteMany({ where: { campaignId: campaign.id } });
    expect(await dueModelChoices()).toEqual([{ campaignId: campaign.id, action: "clear" }]);
  });

  it("is what each verdict's consensus uses, and the decision records the model and the evidence behind it", async () => {
    const campaign = await campaignWithGold(6);
    await db.campaign.update({ where: { id: campaign.id }, data: { acceptThreshold: 0.6 } });
    // A stored choice is an input like any other: set it to the item-bias model, whatever gold would say.
    const chosenAt = new Date("2026-12-02T10:00:00Z");
    await db.consensusModelChoice.create({
      data: { campaignId: campaign.id, run: "VERDICT", model: "ITEM_BIAS", reviews: 24, goldItems: 6, goldLogLikelihoodDawidSkene: -4, goldLogLikelihoodItemBias: -2, durationMs: 5, chosenAt },
    });
    const sample = await pendingSample(campaign.id, contributor.id);
    for (const reviewer of crowd.slice(0, 3)) {
      const task = await claimReview(reviewer, NO_GOLD);
      expect(task!.sampleId).toBe(sample.id);
      await submitVerdict(reviewer, { sampleId: sample.id, verdict: "ACCEPT" });
    }
    const decision = await db.consensusDecision.findFirstOrThrow({ where: { sampleId: sample.id } });
    const inputs = decision.inputs as unknown as DecisionInputs;
    expect(inputs).toMatchObject({ engine: "item-bias", modelChoice: { evidence: 2, goldItems: 6, reviews: 24, chosenAt: chosenAt.toISOString() }, labelEngine: "dawid-skene" });
    // The posterior is the item-bias model's on the campaign's inputs, not Dawid-Skene's.
    const runInputs = await campaignConsensusInputs(db, campaign.id, ZLabelSchema.parse(campaign.labelSchema));
    const itemBias = dawidSkene({ ...runInputs.verdicts, options: { model: "item-bias" } }).items.find((i) => i.itemId === sample.id)!;
    const plain = dawidSkene(runInputs.verdicts).items.find((i) => i.itemId === sample.id)!;
    expect(decision.posterior).toBeCloseTo(itemBias.posterior[1]!, 12);
    expect(Math.abs(itemBias.posterior[1]! - plain.posterior[1]!)).toBeGreaterThan(1e-6);
    expect(inputs.warmStarted).toBe(false);

    // The next decision starts EM from this one's fit (kept in the process): the same optimum, within EM's tolerance.
    const next = await pendingSample(campaign.id, contributor.id);
    for (const reviewer of crowd.slice(0, 3)) {
      await claimReview(reviewer, NO_GOLD);
      await submitVerdict(reviewer, { sampleId: next.id, verdict: reviewer === crowd[0] ? "REJECT" : "ACCEPT", ...(reviewer === crowd[0] ? { reason: "low_quality" } : {}) });
    }
    const warm = await db.consensusDecision.findFirstOrThrow({ where: { sampleId: next.id } });
    expect(warm.inputs as unknown as DecisionInputs).toMatchObject({ engine: "item-bias", warmStarted: true });
    const nextInputs = await campaignConsensusInputs(db, campaign.id, ZLabelSchema.parse(campaign.labelSchema));
    const cold = dawidSkene({ ...nextInputs.verdicts, options: { model: "item-bias" } }).items.find((i) => i.itemId === next.id)!;
    expect(Math.abs(warm.posterior - cold.posterior[1]!)).toBeLessThan(1e-3);
    expect((await campaignConsensus(db, campaign.id, ZLabelSchema.parse(campaign.labelSchema))).verdicts.model).toBe("item-bias");
  });

  it("runs in the worker's loop: chooses, clears once the gold is gone, and a failed choice writes nothing and waits before trying again", async () => {
    const campaign = await campaignWithGold(4);
    const logs: string[] = [];
    const controller = new AbortController();
    const loop = runConsensusModelChooser({ pollMs: 20, log: (m) => logs.push(m), signal: controller.signal, choose: inThread });
    await until(async () => (await db.consensusModelChoice.count()) === 2);
    expect(logs.some((m) => m.includes(`campaign ${campaign.id}: verdict run`))).toBe(true);
    await db.goldItem.deleteMany({ where: { campaignId: campaign.id } });
    await until(async () => (await db.consensusModelChoice.count()) === 0);
    controller.abort();
    await loop;

    // A chooser that fails for this campaign only. A second campaign gets gold after the failure, so its choice
    // being stored proves that later polls ran, and skipped the failed campaign.
    const failedGold = await addGold(campaign.id, "ACCEPT");
    let calls = 0;
    const failing: ModelChooser = async (inputs) => {
      if (!inputs[0]!.gold?.has(failedGold.id)) return inThread(inputs);
      calls++;
      throw new Error("out of memory");
    };
    const second = new AbortController();
    const failingLoop = runConsensusModelChooser({ pollMs: 20, log: (m) => logs.push(m), signal: second.signal, choose: failing });
    await until(async () => logs.some((m) => m.includes(`campaign ${campaign.id} failed, tried again in 10 min: out of memory`)));
    const later = await campaignWithGold(2);
    await until(async () => (await db.consensusModelChoice.count({ where: { campaignId: later.id } })) > 0);
    second.abort();
    await failingLoop;
    expect(calls).toBe(1);
    expect(await db.consensusModelChoice.count({ where: { campaignId: campaign.id } })).toBe(0);
  });

  it("an aborted choice ends its thread and stores nothing", async () => {
    const campaign = await campaignWithGold(2);
    const controller = new AbortController();
    const choosing = refreshModelChoice(campaign.id, (inputs) => chooseModelsInThread(inputs, { signal: controller.signal }));
    controller.abort();
    await expect(choosing).rejects.toThrow("the model choice was aborted");
    expect(await db.consensusModelChoice.count()).toBe(0);
  });
});

async function until(condition: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("timed out waiting for the condition");
    await sleep(20);
  }
}
