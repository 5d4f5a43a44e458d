// One run of the appeals bench: a fresh chain and database, the campaign decided by the crowd, the appeals with the
// real worker, then the figures. Imported after the stack is up.
import type { Address } from "viem";
import { createTesseraPublicClient } from "@/lib/chain/clients";
import { db } from "@/lib/server/db";
import { ensureDeployments } from "@/lib/server/ensure-deployment";
import { resetDb } from "../../support/db-reset";
import { rpc } from "../../support/payouts/payout-fixtures";
import { mulberry32 } from "../trust-sim/texts";
import { buyData } from "../trust-sim/wallets";
import { runAppeals } from "./appeal-run";
import { buildCampaign, DATA, type Sizes } from "./campaign";
import { measure } from "./figures";

export async function runBench(sizes: Sizes, seed: number, timeoutMs: number, progress: (line: string) => void): Promise<Record<string, number | boolean | null>> {
  const random = mulberry32(seed);
  await resetDb();
  await rpc(createTesseraPublicClient(), "hardhat_reset");
  const deployments = await ensureDeployments();
  const address = (name: string) => deployments.find((d) => d.name === name)!.address as Address;
  const contracts = { token: address("DataToken"), distributor: address("RewardDistributor"), escrow: address("ReviewEscrow") };
  // The treasury the campaign's rewards and fees are paid from.
  await buyData(contracts.token, contracts.distributor, DATA("100000"));

  const campaign = await buildCampaign(contracts, sizes, random, progress);
  const firstStatus = new Map((await db.sample.findMany({ where: { id: { in: campaign.uploads.map((u) => u.sampleId) } }, select: { id: true, status: true } })).map((s) => [s.id, s.status as string]));
  const counts = [...firstStatus.values()].reduce<Record<string, number>>((acc, s) => ({ ...acc, [s]: (acc[s] ?? 0) + 1 }), {});
  progress(`first decisions: ${JSON.stringify(counts)}`);

  const run = await runAppeals(campaign, firstStatus, contracts, random, timeoutMs, progress);
  if (!run.settled) progress(`worker output (tail):\n${run.workerLog.split("\n").slice(-40).join("\n")}`);
  const { figures, problems } = await measure(campaign, firstStatus, run.filed, contracts);
  for (const problem of problems.slice(0, 20)) progress(`payment audit: ${problem}`);
  return { ...figures, settled: run.settled, appeals_phase_seconds: Math.round(run.seconds) };
}
