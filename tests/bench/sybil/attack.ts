// One run of the Sybil attack of issue 18 against the real services, a real Hardhat chain and the real worker. Imported
// after the stack is up (the database client reads DATABASE_URL when it is first loaded).
import { parseUnits, type Address } from "viem";
import { escrowCampaignKey } from "@/lib/chain/review-escrow";
import { isAppError } from "@/lib/errors";
import { db } from "@/lib/server/db";
import { ensureDeployments } from "@/lib/server/ensure-deployment";
import { markGold } from "@/lib/server/gold/manage-gold";
import { ingestSamples } from "@/lib/server/ingest/ingest-samples";
import { startQuiz } from "@/lib/server/quiz/start-quiz";
import { submitQuiz } from "@/lib/server/quiz/submit-quiz";
import { skipReview } from "@/lib/server/reviews/skip-review";
import { submitVerdict } from "@/lib/server/reviews/submit-verdict";
import { sampleIdOfTask } from "@/lib/server/reviews/task-ref";
import { defaultStorage } from "@/lib/server/storage/default-storage";
import { resetDb } from "../../support/db-reset";
import { indexEscrowToHead } from "../../support/escrow-index";
import { rpc, waitUntil } from "../../support/payouts/payout-fixtures";
import { startWorker } from "../../support/payouts/worker-process";
import { createTesseraPublicClient } from "@/lib/chain/clients";
import { junkText, LABELS, mulberry32, perceive, reviewText, type Label, type Truth } from "../trust-sim/texts";
import { claimAsClient, person, type Person } from "../trust-sim/people";
import { buyData, dataHeld, freshWallet, giveEther, stakeFrom } from "../trust-sim/wallets";

const DATA = (n: string) => parseUnits(n, 18);
const STAKE = DATA("10");
const GOLD_ITEMS = 24;
const HONEST_REVIEWERS = 6;
const HONEST_CONTRIBUTORS = 3;
const WARM_UP_SAMPLES = 24;
const HONEST_SKILL = 0.92;
/** The attackers judge content as well as anyone: they pass the quiz on merit. */
const ATTACKER_SKILL = 0.95;
/** Rounds of the attack: in each, every farm wallet acts ATTACKER_SPEED times and every honest reviewer once. */
const ATTACK_ROUNDS = 45;
/** Honest uploads arrive through the attack: this many samples every third round. */
const UPLOADS_PER_THIRD_ROUND = 2;
/** A farm is scripts: it acts several times while a person reviews once. */
const ATTACKER_SPEED = 3;
/** Claims each farm wallet makes before the junk goes up: a farm that knows the newcomer rule builds a record first. */
const RECORD_BEFORE_JUNK = 12;
const QUIZ_SITTINGS = 3;

export type AttackFigures = {
  attackers: number;
  qualified: number;
  junk_accepted: number;
  attacker_paid_data: number;
  attacker_slashed_data: number;
  attacker_profit_data: number;
  attackers_slashed: number;
  honest_slashed: number;
  /** Farm votes, skips, and of the votes: on what it took for gold, how many of those were gold, and forced rejections. */
  farm_votes: number;
  farm_skips: number;
  farm_taken_for_gold: number;
  farm_taken_for_gold_really_gold: number;
  farm_forced_rejections: number;
  junk_votes_by_attackers: number;
  seconds: number;
};

type Vote = { verdict: "ACCEPT" } | { verdict: "ACCEPT"; label: Label } | { verdict: "REJECT"; reason: "low_quality" };

const toData = (wei: bigint) => Number(wei) / 1e18;

/** A vote for what the reviewer perceives: junk is rejected, a label is accepted (with that label if it differs). */
function voteFor(perceived: Truth, contributorLabel: string | undefined): Vote {
  if (perceived === "junk") return { verdict: "REJECT", reason: "low_quality" };
  return perceived === contributorLabel ? { verdict: "ACCEPT" } : { verdict: "ACCEPT", label: perceived };
}

export async function runAttack(attackers: number, seed: number, progress: (line: string) => void): Promise<AttackFigures> {
  const started = performance.now();
  const random = mulberry32(seed);
  const publicClient = createTesseraPublicClient();
  await resetDb();
  await rpc(publicClient, "hardhat_reset");
  const deployments = await ensureDeployments();
  const address = (name: string) => deployments.find((d) => d.name === name)!.address as Address;
  const [token, distributor, escrow] = [address("DataToken"), address("RewardDistributor"), address("ReviewEscrow")];
  await buyData(token, distributor, DATA("100000"));

  const admin = await person(freshWallet(), ["ADMIN"]);
  const campaign = await db.campaign.create({
    data: {
      slug: `sybil-${attackers}`,
      title: "Product review sentiment",
      description: "Label the sentiment of short product reviews.",
      dataType: "TEXT",
      labelSchema: { kind: "single_label", labels: [...LABELS] },
      rewardWei: DATA("2").toString(),
      budgetWei: DATA("5000").toString(),
      targetSamples: 1000,
      licence: "CC-BY-4.0",
      status: "OPEN",
      maxPendingPerContributor: 5000,
      reviewStakeWei: STAKE.toString(),
    },
  });
  const campaignKey = escrowCampaignKey(campaign.id);
  const truth = new Map<string, Truth>();
  let serial = 0;
  const storage = defaultStorage();

  async function upload(contributor: Person, items: { text: string; truth: Truth; label: Label }[]): Promise<string[]> {
    const response = await ingestSamples(contributor, campaign.id, items.map((item, i) => ({ line: i + 1, labels: item.label, text: item.text })), { storage });
    items.forEach((item) => truth.set(item.text, item.truth));
    const ids = response.results.flatMap((r) => (r.status === "queued" ? [r.sampleId] : []));
    if (ids.length !== items.length) throw new Error(`an upload was refused: ${JSON.stringify(response.results.filter((r) => r.status !== "queued"))}`);
    return ids;
  }
  /** Honest contributors label what they upload right most of the time. */
  function honestItem(): { text: string; truth: Truth; label: Label } {
    const label = LABELS[Math.floor(random() * LABELS.length)]!;
    const given = random() < 0.85 ? label : LABELS[(LABELS.indexOf(label) + 1) % LABELS.length]!;
    return { text: reviewText(label, ++serial, random), truth: label, label: given };
  }

  // ---- the honest campaign: gold, contributors, staked reviewers with a record ----
  const contributors = await Promise.all(Array.from({ length: HONEST_CONTRIBUTORS }, () => person(freshWallet())));
  const goldItems = Array.from({ length: GOLD_ITEMS }, (_, i) => {
    if (i % 6 === 5) return { text: junkText(++serial, random), truth: "junk" as Truth, label: "positive" as Label };
    const label = LABELS[i % LABELS.length]!;
    return { text: reviewText(label, ++serial, random), truth: label as Truth, label };
  });
  const goldIds = await upload(contributors[0]!, goldItems);
  const goldTexts = new Set(goldItems.map((g) => g.text));
  for (const [i, sampleId] of goldIds.entries()) {
    const item = goldItems[i]!;
    await markGold(admin, item.truth === "junk" ? { sampleId, expectedVerdict: "REJECT" } : { sampleId, expectedVerdict: "ACCEPT", expectedLabel: item.truth });
  }
  const honest = await Promise.all(Array.from({ length: HONEST_REVIEWERS }, () => person(freshWallet())));
  for (const reviewer of honest) {
    await db.campaignReviewer.create({ data: { campaignId: campaign.id, userId: reviewer.id, source: "ADMIN" } });
    await giveEther(reviewer.wallet.address);
    await buyData(token, reviewer.wallet.address, STAKE);
    await stakeFrom(reviewer.wallet, token, escrow, campaignKey, STAKE);
  }
  await indexEscrowToHead();
  await upload(contributors[1]!, Array.from({ length: WARM_UP_SAMPLES }, honestItem));
  const honestVotes = await reviewUntilEmpty(honest, campaign.id, truth, random);
  progress(`${attackers} attackers: campaign ready (${GOLD_ITEMS} gold, ${HONEST_REVIEWERS} staked honest reviewers with ${honestVotes} warm-up verdicts)`);

  // ---- the farm: fresh wallets sit the quiz and pool what it showed ----
  const farm = await Promise.all(Array.from({ length: attackers }, () => person(freshWallet())));
  const junkOwner = await person(freshWallet());
  const knownGold = new Map<string, Truth>();
  const qualified: Person[] = [];
  let quizAt = Date.now();
  for (const wallet of farm) {
    for (let sitting = 0; sitting < QUIZ_SITTINGS; sitting++) {
      const now = new Date(quizAt + sitting * 61 * 60_000);
      const quiz = await startQuiz(wallet, { campaignId: campaign.id }, { now });
      const answers = quiz.items.map((item) => {
        const text = item.content.kind === "text" ? item.content.text : "";
        const seen = knownGold.get(text) ?? perceive(truth.get(text)!, ATTACKER_SKILL, random);
        knownGold.set(text, seen);
        const vote = voteFor(seen, item.contributorLabels[0]);
        return { item: item.item, ...vote };
      });
      const result = await submitQuiz(wallet, { attemptId: quiz.attemptId, answers }, { now });
      if (result.passed) {
        qualified.push(wallet);
        break;
      }
    }
  }
  quizAt = Date.now();
  progress(`${attackers} attackers: ${qualified.length} passed the quiz; the farm pooled ${knownGold.size} of ${GOLD_ITEMS} gold items from its sittings`);

  const bought = new Map<string, bigint>();
  for (const attacker of qualified) {
    await giveEther(attacker.wallet.address);
    await buyData(token, attacker.wallet.address, STAKE);
    bought.set(attacker.id, STAKE);
    await stakeFrom(attacker.wallet, token, escrow, campaignKey, STAKE);
  }
  await indexEscrowToHead();
  const junk = { text: junkText(++serial, random), truth: "junk" as Truth, label: "positive" as Label };
  let junkId: string | null = null;

  // ---- the attack, with honest reviewers and contributors carrying on meanwhile ----
  const servedTo = new Map<string, Set<string>>();
  const actions = new Map<string, number>();
  const active = new Set(qualified.map((a) => a.id));
  let goldRecognised = 0;
  let reallyGold = 0;
  let forcedRejections = 0;
  let junkVotes = 0;
  const left = new Map<string, string>();
  let votes = 0;
  let skips = 0;
  for (let round = 0; round < ATTACK_ROUNDS && active.size > 0; round++) {
    if (round % 3 === 0) await upload(contributors[2]!, Array.from({ length: UPLOADS_PER_THIRD_ROUND }, honestItem));
    const recordBuilt = qualified.every((a) => !active.has(a.id) || (actions.get(a.id) ?? 0) >= RECORD_BEFORE_JUNK);
    if (junkId === null && (recordBuilt || round === Math.floor(ATTACK_ROUNDS / 3))) {
      junkId = (await upload(junkOwner, [junk]))[0]!;
      progress(`${attackers} attackers: the farm built its record (${votes} votes, ${skips} skips, gold recognised ${goldRecognised} times); junk uploaded`);
    }
    for (let step = 0; step < ATTACKER_SPEED; step++) {
      for (const attacker of qualified) {
        if (!active.has(attacker.id)) continue;
        const done = (actions.get(attacker.id) ?? 0) + 1;
        actions.set(attacker.id, done);
        const claim = await claimAsClient(attacker, campaign.id);
        if (claim.refusal) {
          active.delete(attacker.id);
          left.set(attacker.id, claim.refusal);
          continue;
        }
        // Nothing to serve now: the farm polls again next round.
        if (!claim.task) continue;
        const task = claim.task;
        const text = task.content.kind === "text" ? task.content.text : "";
        const wallets = servedTo.get(text) ?? new Set<string>();
        wallets.add(attacker.id);
        servedTo.set(text, wallets);
        // Gold, as the farm can tell it: shown in one of its quiz sittings, or served to more wallets than a sample has slots.
        const gold = knownGold.has(text) || wallets.size > 3;
        let vote: Vote;
        if (text === junk.text) {
          vote = { verdict: "ACCEPT" };
          junkVotes++;
        } else if (gold) {
          goldRecognised++;
          if (goldTexts.has(text)) reallyGold++;
          vote = voteFor(knownGold.get(text) ?? perceive(truth.get(text)!, ATTACKER_SKILL, random), task.contributorLabels[0]);
        } else {
          // Not the target: skip it while skips last, else reject it (the strategy keeps rivals out).
          const skipped = await skipReview(attacker, { sampleId: sampleIdOfTask(attacker, { taskId: task.taskId }) }).then(
            () => true,
            (error: unknown) => (isAppError(error) && error.code === "RATE_LIMITED" ? false : Promise.reject(error)),
          );
          if (skipped) {
            skips++;
            continue;
          }
          vote = { verdict: "REJECT", reason: "low_quality" };
          forcedRejections++;
        }
        votes++;
        await submitVerdict(attacker, { sampleId: sampleIdOfTask(attacker, { taskId: task.taskId }), ...vote }).catch((error: unknown) => {
          if (!isAppError(error)) throw error;
        });
      }
    }
    for (const reviewer of honest) await honestStep(reviewer, campaign.id, truth, random);
  }
  if (junkId === null) junkId = (await upload(junkOwner, [junk]))[0]!;
  const reasons = [...new Set(left.values())].map((r) => `${[...left.values()].filter((v) => v === r).length}x ${r.slice(0, 90)}`);
  progress(`${attackers} attackers: the farm stopped (${votes} votes, ${skips} skips); refused: ${reasons.join("; ") || "none"}`);
  const afterVotes = await reviewUntilEmpty(honest, campaign.id, truth, random);
  const junkStatus = (await db.sample.findUniqueOrThrow({ where: { id: junkId } })).status;
  progress(`${attackers} attackers: attack over (gold recognised ${goldRecognised} times, ${junkVotes} farm votes on the junk, ${afterVotes} honest verdicts after it); junk is ${junkStatus}`);

  // ---- the worker: fits, reconciles, indexes, slashes and pays ----
  const worker = await startWorker({ PAYOUT_POLL_MS: "200", PAYOUT_BATCH_MAX_WAIT_MS: "0", INDEXER_POLL_MS: "200" }, { viaTsx: true });
  const workerStarted = Date.now();
  try {
    await waitUntil(
      "the worker settled: findings slashed, payouts paid",
      async () => {
        // Fees held until their sample's appeal window closes are not due yet (counted below as earned).
        const [openSlashes, unpaid] = await Promise.all([
          db.stakeSlash.count({ where: { state: { in: ["FOUND", "SIGNED"] } } }),
          db.payout.count({ where: { status: { not: "PAID" }, OR: [{ payableAfter: null }, { payableAfter: { lte: new Date() } }] } }),
        ]);
        // At least three of the slasher's passes, so that it looked after the last fit.
        return Date.now() - workerStarted > 20_000 && openSlashes === 0 && unpaid === 0;
      },
      300_000,
      1_000,
    );
    // The indexer credits the last slashes from the chain.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  } catch (error) {
    progress(`worker output:\n${worker.output()}`);
    throw error;
  } finally {
    worker.child.kill("SIGTERM");
    await worker.exited;
  }

  // ---- what the farm got out of it, from the chain ----
  const farmWallets = [...qualified, junkOwner];
  let held = 0n;
  let spent = 0n;
  for (const wallet of farmWallets) {
    held += await dataHeld(token, escrow, campaignKey, wallet.wallet.address);
    spent += bought.get(wallet.id) ?? 0n;
  }
  const farmIds = farmWallets.map((w) => w.id);
  const paid = (await db.payout.findMany({ where: { recipientId: { in: farmIds }, status: "PAID" }, select: { amountWei: true } })).reduce((s, p) => s + BigInt(p.amountWei), 0n);
  // Fees earned but held until the appeal window closes: the farm's as surely as what was paid.
  const pending = (await db.payout.findMany({ where: { recipientId: { in: farmIds }, status: { not: "PAID" } }, select: { amountWei: true } })).reduce((s, p) => s + BigInt(p.amountWei), 0n);
  const slashes = await db.stakeSlash.findMany({ where: { state: "SLASHED" }, select: { userId: true, amountWei: true } });
  const farmSlashes = slashes.filter((s) => farmIds.includes(s.userId));
  const figures: AttackFigures = {
    attackers,
    qualified: qualified.length,
    junk_accepted: (await db.sample.findUniqueOrThrow({ where: { id: junkId } })).status === "ACCEPTED" ? 1 : 0,
    attacker_paid_data: toData(paid + pending),
    attacker_slashed_data: toData(farmSlashes.reduce((s, r) => s + BigInt(r.amountWei ?? "0"), 0n)),
    attacker_profit_data: toData(held + pending - spent),
    attackers_slashed: new Set(farmSlashes.map((s) => s.userId)).size,
    honest_slashed: new Set(slashes.filter((s) => honest.some((h) => h.id === s.userId)).map((s) => s.userId)).size,
    farm_votes: votes,
    farm_skips: skips,
    farm_taken_for_gold: goldRecognised,
    farm_taken_for_gold_really_gold: reallyGold,
    farm_forced_rejections: forcedRejections,
    junk_votes_by_attackers: junkVotes,
    seconds: Math.round((performance.now() - started) / 100) / 10,
  };
  progress(`${attackers} attackers: ${JSON.stringify(figures)}`);
  return figures;
}

/** One honest verdict; false when the queue has nothing for this reviewer. */
async function honestStep(reviewer: Person, campaignId: string, truth: Map<string, Truth>, random: () => number): Promise<boolean> {
  const { task } = await claimAsClient(reviewer, campaignId);
  if (!task) return false;
  const text = task.content.kind === "text" ? task.content.text : "";
  const vote = voteFor(perceive(truth.get(text) ?? "junk", HONEST_SKILL, random), task.contributorLabels[0]);
  await submitVerdict(reviewer, { sampleId: sampleIdOfTask(reviewer, { taskId: task.taskId }), ...vote }).catch((error: unknown) => {
    if (!isAppError(error)) throw error;
  });
  return true;
}

async function reviewUntilEmpty(reviewers: Person[], campaignId: string, truth: Map<string, Truth>, random: () => number): Promise<number> {
  let verdicts = 0;
  for (let round = 0; round < 200; round++) {
    let any = false;
    for (const reviewer of reviewers) {
      if (await honestStep(reviewer, campaignId, truth, random)) {
        any = true;
        verdicts++;
      }
    }
    if (!any) break;
  }
  return verdicts;
}
