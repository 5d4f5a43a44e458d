// The appeals of the bench, with the real worker running: contributors file and post their bonds from their wallets,
// the worker's escrow indexer credits them and seats panels, panelists vote when the queue serves them the sample, and
// the payout worker pays outcomes and settles bonds. Runs until nothing is open (or the time runs out).
import type { Address, Hex } from "viem";
import { HELD_UNTIL_DECIDED } from "@/lib/domain/trust/appeal-rules";
import { db } from "@/lib/server/db";
import { fileAppeal } from "@/lib/server/trust/appeals";
import { startWorker } from "../../support/payouts/worker-process";
import { postBondFrom } from "../trust-sim/wallets";
import { REWARD, reviewStep, type Campaign, type Upload } from "./campaign";

/** Why the bench filed an appeal: an honest contributor's good sample, a gambler's good one, or a gambler's bad one. */
export type AppealCategory = "honest" | "gambler-good" | "frivolous";
export type FiledAppeal = { appealId: string; bondKey: Hex; upload: Upload; category: AppealCategory };

/** How long nothing may move (no task served, nothing open changing) before the bench calls it stalled. */
const STALL_MS = 60_000;

export type AppealRun = { filed: FiledAppeal[]; settled: boolean; seconds: number; workerLog: string };

export async function runAppeals(
  campaign: Campaign,
  firstStatus: ReadonlyMap<string, string>,
  contracts: { token: Address; escrow: Address },
  random: () => number,
  timeoutMs: number,
  progress: (line: string) => void,
): Promise<AppealRun> {
  const started = Date.now();
  // Filed before the worker starts, so that a sample left undecided is not first sent to a campaign panel for free.
  const filed: FiledAppeal[] = [];
  for (const upload of campaign.uploads) {
    const status = firstStatus.get(upload.sampleId);
    if (status !== "REJECTED" && status !== "ESCALATED") continue;
    const good = upload.item.truth !== "junk";
    // An honest contributor appeals only what they know to be good; a gambler appeals everything not accepted.
    if (upload.contributor.kind === "honest" && !good) continue;
    const appeal = await fileAppeal(upload.contributor, { sampleId: upload.sampleId, bondWei: REWARD.toString() });
    await postBondFrom(upload.contributor.wallet, contracts.token, contracts.escrow, appeal.bondKey, REWARD);
    filed.push({ appealId: appeal.appealId, bondKey: appeal.bondKey, upload, category: upload.contributor.kind === "honest" ? "honest" : good ? "gambler-good" : "frivolous" });
  }
  progress(`${filed.length} appeals filed and bonded (${filed.filter((f) => f.category === "frivolous").length} frivolous); the worker starts, panels sit`);

  const worker = await startWorker({ PAYOUT_POLL_MS: "200", PAYOUT_BATCH_MAX_WAIT_MS: "0", INDEXER_POLL_MS: "200" }, { viaTsx: true });
  const stop = () => worker.kill();
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  try {
    let lastReport = Date.now();
    let settled = false;
    let last = { open: "", since: Date.now() };
    while (Date.now() - started < timeoutMs) {
      let served = false;
      for (const reviewer of [...campaign.crowd].sort(() => random() - 0.5)) {
        if (await reviewStep(reviewer, campaign.id, campaign.items, random)) served = true;
      }
      if (served) {
        last = { open: "", since: Date.now() };
        continue;
      }
      const open = await openWork();
      if (Object.values(open).every((n) => n === 0)) {
        settled = true;
        break;
      }
      // Nobody is served anything and nothing moved for a while: what is open stays open without someone new.
      if (JSON.stringify(open) !== last.open) last = { open: JSON.stringify(open), since: Date.now() };
      else if (Date.now() - last.since > STALL_MS) break;
      if (Date.now() - lastReport > 15_000) {
        progress(`waiting: ${JSON.stringify(open)}`);
        lastReport = Date.now();
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    if (!settled) progress(`stopped with work open: ${JSON.stringify(await openWork())}`);
    return { filed, settled, seconds: (Date.now() - started) / 1000, workerLog: worker.output() };
  } finally {
    process.off("SIGINT", stop);
    process.off("SIGTERM", stop);
    worker.child.kill("SIGTERM");
    await worker.exited;
  }
}

/** What is still open anywhere: appeals, escalations, payouts due, bonds unsettled, stake slashes in progress. */
async function openWork(now = new Date()) {
  const [appeals, escalated, payoutsDue, bonds, slashes] = await Promise.all([
    db.appeal.count({ where: { state: { in: ["AWAITING_BOND", "OPEN"] } } }),
    db.sample.count({ where: { status: "ESCALATED", goldItem: null } }),
    // Fees held until their rejection's appeal window closes are not due yet; fees held for an open appeal are.
    db.payout.count({ where: { status: { not: "PAID" }, OR: [{ payableAfter: null }, { payableAfter: { lte: now } }, { payableAfter: HELD_UNTIL_DECIDED }] } }),
    db.bondSettlement.count({ where: { state: { not: "CONFIRMED" } } }),
    db.stakeSlash.count({ where: { state: { in: ["FOUND", "SIGNED"] } } }),
  ]);
  return { appeals, escalated, payouts_due: payoutsDue, bonds, slashes };
}
