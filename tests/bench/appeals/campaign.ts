// The campaign of the appeals bench before anyone appeals: gold, a staked crowd with a record (warm-up), and the
// contributors' uploads decided by the crowd through the real review services. Imported after the stack is up.
import { parseUnits, type Address } from "viem";
import { escrowCampaignKey } from "@/lib/chain/review-escrow";
import { isAppError } from "@/lib/errors";
import { db } from "@/lib/server/db";
import { markGold } from "@/lib/server/gold/manage-gold";
import { ingestSamples } from "@/lib/server/ingest/ingest-samples";
import { submitVerdict } from "@/lib/server/reviews/submit-verdict";
import { sampleIdOfTask } from "@/lib/server/reviews/task-ref";
import { defaultStorage } from "@/lib/server/storage/default-storage";
import { PANEL_MIN_GOLD_ANSWERS } from "@/lib/domain/trust/panel-rules";
import { indexEscrowToHead } from "../../support/escrow-index";
import { claimAsClient, person, type Person } from "../trust-sim/people";
import { junkText, LABELS, reviewText, type Label } from "../trust-sim/texts";
import { buyData, freshWallet, giveEther, stakeFrom } from "../trust-sim/wallets";
import { drawDifficulty, drawSkill, voteOn, type Item, type Reviewer } from "./crowd";

export const DATA = (n: string) => parseUnits(n, 18);
export const STAKE = DATA("10");
/** The campaign's reward; the smallest bond is the reward (the campaign sets no other). */
export const REWARD = DATA("2");
const GOLD_ITEMS = 30;
/** Warm-up samples per round, and at most this many rounds. */
const WARM_UP_SAMPLES = 24;
const MAX_WARM_UP_ROUNDS = 8;
/** Share of an honest contributor's uploads that are good, and of a gambler's. */
const HONEST_GOOD_SHARE = 0.9;
const GAMBLER_GOOD_SHARE = 0.5;

export type CrowdMember = Person & { model: Reviewer };
export type Contributor = Person & { kind: "honest" | "gambler"; bought: bigint };
export type Upload = { sampleId: string; item: Item; contributor: Contributor };

export type Campaign = {
  id: string;
  admin: Person;
  crowd: CrowdMember[];
  contributors: Contributor[];
  uploads: Upload[];
  /** Every item the bench made, by its text: what a reviewer's task shows is all a simulated reviewer goes by. */
  items: Map<string, Item>;
  /** When the measured part began (after the campaign's set-up). */
  startedAt: Date;
};

export type Sizes = { samples: number; reviewers: number; spammers: number; honest: number; gamblers: number };

export async function buildCampaign(contracts: { token: Address; escrow: Address }, sizes: Sizes, random: () => number, progress: (line: string) => void): Promise<Campaign> {
  const { token, escrow } = contracts;
  const admin = await person(freshWallet(), ["ADMIN"]);
  const campaign = await db.campaign.create({
    data: {
      slug: "appeals-bench",
      title: "Product review sentiment",
      description: "Label the sentiment of short product reviews.",
      dataType: "TEXT",
      labelSchema: { kind: "single_label", labels: [...LABELS] },
      rewardWei: REWARD.toString(),
      budgetWei: DATA("5000").toString(),
      targetSamples: 1000,
      licence: "CC-BY-4.0",
      status: "OPEN",
      maxPendingPerContributor: 5000,
      reviewStakeWei: STAKE.toString(),
      // A fifth of the queue is gold, so that every reviewer builds the record a panel seat asks for within the run.
      goldRate: 0.2,
    },
  });
  const items = new Map<string, Item>();
  let serial = 0;
  const storage = defaultStorage();
  const makeItem = (good: boolean, labelled = true): { text: string; item: Item } => {
    const truth = LABELS[Math.floor(random() * LABELS.length)]!;
    const label: Label = labelled ? truth : LABELS[Math.floor(random() * LABELS.length)]!;
    const text = good ? reviewText(truth, ++serial, random) : junkText(++serial, random);
    return { text, item: { truth: good ? truth : "junk", difficulty: drawDifficulty(random), label } };
  };
  const upload = async (contributor: Person, batch: { text: string; item: Item }[]): Promise<string[]> => {
    const response = await ingestSamples(contributor, campaign.id, batch.map((b, i) => ({ line: i + 1, labels: b.item.label, text: b.text })), { storage });
    for (const b of batch) items.set(b.text, b.item);
    const ids = response.results.flatMap((r) => (r.status === "queued" ? [r.sampleId] : []));
    if (ids.length !== batch.length) throw new Error(`an upload was refused: ${JSON.stringify(response.results.filter((r) => r.status !== "queued"))}`);
    return ids;
  };

  // ---- gold, the staked crowd, and a warm-up so that the engine has measured everyone ----
  const regular = await person(freshWallet());
  const gold = Array.from({ length: GOLD_ITEMS }, (_, i) => makeItem(i % 3 !== 2, i % 3 !== 2));
  const goldIds = await upload(regular, gold);
  for (const [i, sampleId] of goldIds.entries()) {
    const { item } = gold[i]!;
    await markGold(admin, item.truth === "junk" ? { sampleId, expectedVerdict: "REJECT" } : { sampleId, expectedVerdict: "ACCEPT", expectedLabel: item.truth });
  }
  const crowd: CrowdMember[] = [];
  for (let i = 0; i < sizes.reviewers; i++) {
    const model: Reviewer = i < sizes.spammers ? { kind: i % 2 === 0 ? "reject-spammer" : "random-spammer", skill: 0.5 } : { kind: "good", skill: drawSkill(random) };
    const member = { ...(await person(freshWallet())), model };
    await db.campaignReviewer.create({ data: { campaignId: campaign.id, userId: member.id, source: "ADMIN" } });
    await giveEther(member.wallet.address);
    await buyData(token, member.wallet.address, STAKE);
    await stakeFrom(member.wallet, token, escrow, escrowCampaignKey(campaign.id), STAKE);
    crowd.push(member);
  }
  await indexEscrowToHead();
  // Warm-up until every good reviewer has the gold record a panel seat asks for (spammers are removed before that).
  let warmUpVotes = 0;
  for (let round = 0; round < MAX_WARM_UP_ROUNDS; round++) {
    await upload(regular, Array.from({ length: WARM_UP_SAMPLES }, () => makeItem(random() < 0.8)));
    warmUpVotes += await reviewUntilEmpty(crowd, campaign.id, items, random);
    const answers = await db.review.groupBy({ by: ["reviewerId"], where: { sample: { campaignId: campaign.id, goldItem: { isNot: null } } }, _count: { _all: true } });
    const record = new Map(answers.map((a) => [a.reviewerId, a._count._all]));
    if (crowd.every((r) => r.model.kind !== "good" || (record.get(r.id) ?? 0) >= PANEL_MIN_GOLD_ANSWERS)) break;
  }
  progress(`campaign ready: ${GOLD_ITEMS} gold items, ${sizes.reviewers} staked reviewers (${sizes.spammers} spammers), ${warmUpVotes} warm-up verdicts`);

  // ---- the measured part: contributors upload, the crowd decides ----
  const startedAt = new Date();
  const contributors: Contributor[] = [];
  for (let i = 0; i < sizes.honest + sizes.gamblers; i++) {
    const kind = i < sizes.honest ? "honest" : "gambler";
    const who = await person(freshWallet());
    contributors.push({ ...who, kind, bought: 0n });
  }
  const uploads: Upload[] = [];
  for (let n = 0; n < sizes.samples; n++) {
    // Everyone uploads as much as anyone else.
    const contributor = contributors[n % contributors.length]!;
    const made = makeItem(random() < (contributor.kind === "honest" ? HONEST_GOOD_SHARE : GAMBLER_GOOD_SHARE));
    const [sampleId] = await upload(contributor, [made]);
    uploads.push({ sampleId: sampleId!, item: made.item, contributor });
  }
  // Bonds are bought like anything else: enough for every sample a contributor might appeal.
  for (const c of contributors) {
    const own = uploads.filter((u) => u.contributor.id === c.id).length;
    c.bought = REWARD * BigInt(own);
    await giveEther(c.wallet.address);
    await buyData(token, c.wallet.address, c.bought);
  }
  const votes = await reviewUntilEmpty(crowd, campaign.id, items, random);
  progress(`${uploads.length} samples uploaded (${uploads.filter((u) => u.contributor.kind === "gambler").length} by gamblers), ${votes} verdicts`);
  return { id: campaign.id, admin, crowd, contributors, uploads, items, startedAt };
}

/** One verdict by `reviewer` on whatever the queue serves them; false when it serves nothing. */
export async function reviewStep(reviewer: CrowdMember, campaignId: string, items: Map<string, Item>, random: () => number): Promise<boolean> {
  const { task } = await claimAsClient(reviewer, campaignId);
  if (!task) return false;
  const text = task.content.kind === "text" ? task.content.text : "";
  const item = items.get(text);
  if (!item) throw new Error(`served a sample the bench did not make: ${text.slice(0, 60)}`);
  await submitVerdict(reviewer, { sampleId: sampleIdOfTask(reviewer, { taskId: task.taskId }), ...voteOn(reviewer.model, item, random) }).catch((error: unknown) => {
    // A refusal (a lease lost, a stake no longer covering) is the product's answer, not the bench's failure.
    if (!isAppError(error)) throw error;
  });
  return true;
}

async function reviewUntilEmpty(crowd: CrowdMember[], campaignId: string, items: Map<string, Item>, random: () => number): Promise<number> {
  let verdicts = 0;
  for (let round = 0; round < 500; round++) {
    let any = false;
    // A different order each round, so that no reviewer is always first to a fresh sample.
    const order = [...crowd].sort(() => random() - 0.5);
    for (const reviewer of order) {
      if (await reviewStep(reviewer, campaignId, items, random)) {
        any = true;
        verdicts++;
      }
    }
    if (!any) break;
  }
  return verdicts;
}
