// The payout worker as a process against the integration Hardhat node: normal payment, stuck and dropped
// transactions, a nonce taken by someone else, an empty treasury, the pause switch, and budget raised later.
import { parseUnits, type Hex } from "viem";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createPayoutWalletClient } from "@/lib/chain/clients";
import { receiptOrNull } from "@/lib/chain/payout-transactions";
import { mintData } from "@/lib/chain/token";
import { isValidReplacement } from "@/lib/domain/payouts/fees";
import { db } from "@/lib/server/db";
import { fundUnfundedPayouts } from "@/lib/server/payouts/fund-unfunded-payouts";
import { setWorkerPaused } from "@/lib/server/payouts/set-worker-paused";
import { readWorkerControl } from "@/lib/server/payouts/worker-control";
import { allPaid, earnRewards, ledgerVersusChain, rpc, setupPayoutWorld, waitUntil, type PayoutWorld } from "../support/payouts/payout-fixtures";
import { startWorker, type WorkerProcess } from "../support/payouts/worker-process";

const FAST = { PAYOUT_POLL_MS: "50", PAYOUT_BATCH_MAX_WAIT_MS: "0", PAYOUT_BACKOFF_MAX_MS: "300" };

let world: PayoutWorld;
let workers: WorkerProcess[] = [];
const worker = async (env: Record<string, string> = {}) => {
  const w = await startWorker({ ...FAST, ...env });
  workers.push(w);
  return w;
};

beforeEach(async () => {
  world = await setupPayoutWorld({ recipients: 12 });
});
afterEach(async () => {
  for (const w of workers) w.kill();
  await Promise.all(workers.map((w) => w.exited));
  workers = [];
  await rpc(world.publicClient, "evm_setAutomine", [true]);
});

async function expectPaidExactlyOnce(rows: number) {
  const check = await ledgerVersusChain(world);
  expect(check.mismatches).toEqual([]);
  expect(check.byStatus).toEqual({ PAID: rows });
}

describe("payout worker", () => {
  // Eight batches back to back: on a machine shared with builds this has taken over 30 s, so it gets a longer bound.
  it("pays every funded row exactly once, in batches no larger than the configured size", { timeout: 180_000 }, async () => {
    await earnRewards(world, 40);
    await worker({ PAYOUT_BATCH_MAX_SIZE: "5" });
    await waitUntil("every row paid", allPaid, 150_000);
    await expectPaidExactlyOnce(40);
    const batches = await db.payoutBatch.findMany({ select: { state: true, recipients: true, attempts: true, gasUsed: true } });
    expect(batches.length).toBeGreaterThanOrEqual(8);
    for (const b of batches) {
      expect(b).toMatchObject({ state: "CONFIRMED", attempts: 1 });
      expect((b.recipients as string[]).length).toBeLessThanOrEqual(5);
      expect(BigInt(b.gasUsed!)).toBeGreaterThan(0n);
    }
    const kinds = (await db.payoutBatchEvent.findMany({ where: { batchId: (await db.payoutBatch.findFirstOrThrow()).id }, orderBy: { createdAt: "asc" } })).map((e) => e.kind);
    expect(kinds).toEqual(["recorded", "signed", "sent", "mined", "confirmed"]);
  });

  it("replaces a stuck transaction with fees raised by at least 10 %, and the batch is paid once", async () => {
    await rpc(world.publicClient, "evm_setAutomine", [false]);
    await earnRewards(world, 3);
    await worker({ PAYOUT_STUCK_AFTER_MS: "300" });
    await waitUntil("a replacement accepted by the node", async () => {
      const batch = await db.payoutBatch.findFirst({ select: { state: true, attempts: true } });
      return batch !== null && batch.state === "SENT" && batch.attempts >= 2;
    });
    await rpc(world.publicClient, "evm_mine");
    await waitUntil("every row paid", allPaid);

    const txs = await db.payoutTransaction.findMany({ orderBy: { createdAt: "asc" } });
    for (let i = 1; i < txs.length; i++) {
      const fees = (t: (typeof txs)[number]) => ({ maxFeePerGas: BigInt(t.maxFeePerGas), maxPriorityFeePerGas: BigInt(t.maxPriorityFeePerGas) });
      expect(txs[i]!.nonce).toBe(txs[0]!.nonce);
      expect(isValidReplacement(fees(txs[i - 1]!), fees(txs[i]!))).toBe(true);
    }
    const receipts = await Promise.all(txs.map((t) => receiptOrNull(world.publicClient, t.hash as Hex)));
    const mined = txs.filter((_, i) => receipts[i] !== null);
    expect(mined).toHaveLength(1);
    expect(mined[0]!.status).toBe("MINED");
    expect((await db.payout.findMany({ select: { txHash: true } })).every((p) => p.txHash === mined[0]!.hash)).toBe(true);
    expect(await db.payoutBatchEvent.count({ where: { kind: "replaced" } })).toBe(txs.length - 1);
    await expectPaidExactlyOnce(3);
  });

  it("broadcasts the recorded bytes again when the node drops the transaction", async () => {
    await rpc(world.publicClient, "evm_setAutomine", [false]);
    await earnRewards(world, 2);
    await worker({ PAYOUT_STUCK_AFTER_MS: "600000" });
    await waitUntil("the batch sent", async () => (await db.payoutBatch.findFirst())?.state === "SENT");
    const sent = await db.payoutTransaction.findFirstOrThrow();
    expect(await rpc(world.publicClient, "hardhat_dropTransaction", [sent.hash])).toBe(true);
    await waitUntil("the rebroadcast", async () => (await db.payoutBatchEvent.count({ where: { kind: "rebroadcast" } })) > 0);
    await rpc(world.publicClient, "evm_mine");
    await waitUntil("every row paid", allPaid);
    expect(await db.payoutTransaction.count()).toBe(1);
    expect((await db.payout.findFirstOrThrow()).txHash).toBe(sent.hash);
    await expectPaidExactlyOnce(2);
  });

  it("signs anew with a fresh nonce when another transaction used the recorded one", async () => {
    await earnRewards(world, 2);
    const first = await worker({ PAYOUT_CRASH_AT: "signed:1" });
    expect((await first.exited).signal).toBe("SIGKILL");
    const recorded = await db.payoutTransaction.findFirstOrThrow();
    // The payer's wallet spends that nonce on something else while the worker is down.
    const wallet = createPayoutWalletClient();
    await wallet.sendTransaction({ to: wallet.account.address, value: 0n, nonce: recorded.nonce });

    await worker();
    await waitUntil("every row paid", allPaid);
    const batch = await db.payoutBatch.findFirstOrThrow({ include: { transactions: { orderBy: { createdAt: "asc" } } } });
    expect(batch.attempts).toBe(2);
    expect(batch.transactions.map((t) => t.status)).toEqual(["DROPPED", "MINED"]);
    expect(batch.transactions[1]!.nonce).toBe(recorded.nonce + 1);
    const dropped = await db.payoutBatchEvent.findFirstOrThrow({ where: { kind: "dropped" } });
    expect(dropped.message).toMatch(new RegExp(`Nonce ${recorded.nonce} was used by another transaction`));
    await expectPaidExactlyOnce(2);
  });

  it("waits with the decoded reason while the treasury cannot pay, and pays once it is funded", async () => {
    world = await setupPayoutWorld({ recipients: 4, treasury: 0n });
    await earnRewards(world, 3);
    const w = await worker();
    await waitUntil("the worker reporting the empty treasury", async () => /treasury holds 0 DATA but the batch needs/.test((await readWorkerControl())?.lastError ?? ""));
    await w.waitForOutput(/Retrying in \d+ ms \(failure 2\)/);
    const batch = await db.payoutBatch.findFirstOrThrow();
    expect(batch).toMatchObject({ state: "RECORDED", attempts: 0 });
    expect(batch.lastError).toMatch(/The reward treasury holds 0 DATA but the batch needs 3\.0\d* DATA/);
    expect(await db.payoutBatchEvent.count({ where: { kind: "blocked" } })).toBe(1);

    await mintData({ publicClient: world.publicClient, walletClient: createPayoutWalletClient() }, world.token, world.distributor, parseUnits("100", 18));
    await waitUntil("every row paid", allPaid);
    await waitUntil("the error cleared", async () => (await readWorkerControl())?.lastError === null);
    expect(w.child.exitCode).toBeNull();
    await expectPaidExactlyOnce(3);
  });

  it("sends nothing while paused by an admin, and carries on when resumed", async () => {
    const grace = await db.user.create({ data: { address: "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266", displayName: "Grace" } });
    const admin = { id: grace.id, address: grace.address, displayName: grace.displayName, roles: ["ADMIN" as const] };
    await setWorkerPaused(admin, true);
    await earnRewards(world, 2);
    const w = await worker();
    await w.waitForOutput(/paused by an admin/);
    expect(await db.payoutBatch.count()).toBe(0);
    await expect(setWorkerPaused({ ...admin, roles: [] }, false)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await setWorkerPaused(admin, false);
    await waitUntil("every row paid", allPaid);
    await expectPaidExactlyOnce(2);
    expect(await db.auditEvent.count({ where: { action: { in: ["payouts.pause", "payouts.resume"] } } })).toBe(2);
  });

  it("pays rows that were over budget once the budget is raised", async () => {
    await db.campaign.update({ where: { id: world.campaignId }, data: { budgetWei: parseUnits("2.5", 18).toString() } });
    await earnRewards(world, 4); // a little over 1 DATA each: two fit
    await worker();
    await waitUntil("the funded rows paid", async () => (await db.payout.count({ where: { status: "PAID" } })) === 2);
    expect(await db.payout.count({ where: { status: "UNFUNDED" } })).toBe(2);
    await db.$transaction(async (tx) => {
      await tx.campaign.update({ where: { id: world.campaignId }, data: { budgetWei: parseUnits("100", 18).toString() } });
      await fundUnfundedPayouts(tx, world.campaignId);
    });
    await waitUntil("every row paid", allPaid);
    await expectPaidExactlyOnce(4);
  });
});
