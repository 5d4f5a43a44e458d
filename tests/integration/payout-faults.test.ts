// The chain going away under the worker: unreachable mid-batch (a proxy the test cuts), answering JSON-RPC errors or
// not answering at all for a while (a proxy that fails or hangs), and replaced by a fresh chain (hardhat_reset), where
// the recorded contracts no longer exist; and two worker processes started at once. A real node stop and restart
// mid-batch is in payout-node-restart.test.ts.
import { parseUnits } from "viem";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createPayoutWalletClient } from "@/lib/chain/clients";
import { mintData } from "@/lib/chain/token";
import { getEnv } from "@/lib/env";
import { db } from "@/lib/server/db";
import { ensureDeployments } from "@/lib/server/ensure-deployment";
import { readWorkerControl } from "@/lib/server/payouts/worker-control";
import { allPaid, createUsers, earnRewards, ledgerVersusChain, rpc, setupPayoutWorld, waitUntil, type PayoutWorld } from "../support/payouts/payout-fixtures";
import { startRpcFaultProxy, type RpcFaultProxy } from "../support/payouts/rpc-fault-proxy";
import { startTcpProxy, type TcpProxy } from "../support/payouts/tcp-proxy";
import { startWorker, type WorkerProcess } from "../support/payouts/worker-process";

const FAST = { PAYOUT_POLL_MS: "50", PAYOUT_BATCH_MAX_WAIT_MS: "0", PAYOUT_BACKOFF_MAX_MS: "400" };

let world: PayoutWorld;
let worker: WorkerProcess | null = null;
let proxy: TcpProxy | null = null;
let faulty: RpcFaultProxy | null = null;
const others: WorkerProcess[] = [];

beforeEach(async () => {
  world = await setupPayoutWorld({ recipients: 6 });
});
afterEach(async () => {
  for (const w of [worker, ...others.splice(0)]) {
    w?.kill();
    await w?.exited;
  }
  await proxy?.close();
  await faulty?.close();
  worker = proxy = faulty = null;
  await rpc(world.publicClient, "evm_setAutomine", [true]);
});

describe("payout worker when the chain goes away", () => {
  it("backs off while the node is unreachable mid-batch, never marks anything paid blind, and pays once when it is back", async () => {
    proxy = await startTcpProxy(getEnv().rpcUrl);
    await rpc(world.publicClient, "evm_setAutomine", [false]);
    await earnRewards(world, 4);
    worker = await startWorker({ ...FAST, RPC_URL: proxy.url, PAYOUT_STUCK_AFTER_MS: "600000" });
    await waitUntil("the batch sent", async () => (await db.payoutBatch.findFirst())?.state === "SENT");

    await proxy.cut();
    // The transaction is mined while the worker cannot see the chain.
    await rpc(world.publicClient, "evm_mine");
    await worker.waitForOutput(/does not answer.*Retrying in \d+ ms \(failure 3\)/);
    const delays = [...worker.output().matchAll(/Retrying in (\d+) ms \(failure (\d+)\)/g)].map((m) => Number(m[1]));
    expect(delays[2]!).toBeGreaterThan(delays[0]!); // exponential, not a tight loop
    expect(worker.child.exitCode).toBeNull();
    expect(await db.payout.count({ where: { status: "PAID" } })).toBe(0);
    expect((await readWorkerControl())?.lastError).toMatch(/does not answer/);

    await proxy.restore();
    await waitUntil("every row paid", allPaid);
    const check = await ledgerVersusChain(world);
    expect(check.mismatches).toEqual([]);
    expect(await db.payoutTransaction.count()).toBe(1);
    await waitUntil("the error cleared", async () => (await readWorkerControl())?.lastError === null);
    expect(worker.output()).toMatch(/recovered; back to normal/);
  });

  it("refuses to pay into the void on a fresh chain, says why, and resumes once the contracts are redeployed", async () => {
    await earnRewards(world, 3);
    worker = await startWorker(FAST);
    await waitUntil("the first rows paid", allPaid);

    await rpc(world.publicClient, "hardhat_reset");
    const newcomers = await createUsers(2);
    await earnRewards(world, 2, newcomers);
    await waitUntil("the refusal recorded for the admin page", async () =>
      /RewardDistributor recorded at 0x[0-9a-fA-F]{40} \(block \d+\) is no longer on the chain: the chain was reset/.test(
        (await readWorkerControl())?.lastError ?? "",
      ),
    );
    await worker.waitForOutput(/Refusing to pay into the void.*Retrying in \d+ ms \(failure 2\)/);
    expect(worker.child.exitCode).toBeNull();
    expect(await db.payout.count({ where: { status: { not: "PAID" } } })).toBe(2);
    expect(await db.payoutBatch.count({ where: { state: { not: "CONFIRMED" } } })).toBe(0);

    // npm start (or npm run deploy + the seed) on the new chain: the worker notices and pays the new rows there.
    const [token, distributor] = await ensureDeployments();
    await mintData({ publicClient: world.publicClient, walletClient: createPayoutWalletClient() }, token!.address, distributor!.address, parseUnits("100", 18));
    await waitUntil("the new rows paid on the new chain", allPaid);
    const check = await ledgerVersusChain({ ...world, token: token!.address, users: newcomers });
    expect(check.mismatches).toEqual([]);
  });

  it("backs off while the RPC answers errors and then hangs, marks nothing paid meanwhile, and pays once when it answers again", { timeout: 120_000 }, async () => {
    faulty = await startRpcFaultProxy(getEnv().rpcUrl);
    await rpc(world.publicClient, "evm_setAutomine", [false]);
    await earnRewards(world, 4);
    worker = await startWorker({ ...FAST, RPC_URL: faulty.url, PAYOUT_STUCK_AFTER_MS: "600000" });
    await waitUntil("the batch sent", async () => (await db.payoutBatch.findFirst())?.state === "SENT");

    // Errors: the connection works, every answer is a JSON-RPC error. The transaction is mined meanwhile.
    faulty.setMode("error");
    await rpc(world.publicClient, "evm_mine");
    await worker.waitForOutput(/Chain error: .*Retrying in \d+ ms \(failure 3\)/);
    expect(worker.child.exitCode).toBeNull();
    expect(await db.payout.count({ where: { status: "PAID" } })).toBe(0);
    expect((await readWorkerControl())?.lastError).toMatch(/^Chain error: /);

    // Hanging: requests are accepted and never answered; only the client's timeout ends them.
    const faultsBefore = faulty.faults();
    faulty.setMode("hang");
    await worker.waitForOutput(/does not answer \(The request took too long to respond\.\)\. Retrying in \d+ ms/, 60_000);
    expect(faulty.faults()).toBeGreaterThan(faultsBefore);
    expect(worker.child.exitCode).toBeNull();
    expect(await db.payout.count({ where: { status: "PAID" } })).toBe(0);
    expect(await db.payoutBatch.count({ where: { state: { in: ["MINED", "CONFIRMED"] } } })).toBe(0);

    faulty.setMode("forward");
    await waitUntil("every row paid", allPaid, 60_000);
    expect((await ledgerVersusChain(world)).mismatches).toEqual([]);
    expect(await db.payoutTransaction.count()).toBe(1);
    await waitUntil("the error cleared", async () => (await readWorkerControl())?.lastError === null);
  });
});

describe("two payout worker processes started at once", () => {
  it("lets only one of them sign and send; the other stands by, and every row is paid once", async () => {
    await earnRewards(world, 12);
    const [a, b] = await Promise.all([startWorker({ ...FAST, PAYOUT_BATCH_MAX_SIZE: "4" }), startWorker({ ...FAST, PAYOUT_BATCH_MAX_SIZE: "4" })]);
    worker = a!;
    others.push(b!);
    await waitUntil("every row paid", allPaid);
    await earnRewards(world, 6); // more work while both are alive: still one sender
    await waitUntil("the later rows paid", allPaid);

    const outputs = [a!.output(), b!.output()];
    const senders = outputs.filter((o) => /signed 0x[0-9a-f]{64}/.test(o));
    expect(senders).toHaveLength(1);
    expect(outputs.filter((o) => /holds the payout lease; standing by/.test(o))).toHaveLength(1);
    expect(a!.child.exitCode).toBeNull();
    expect(b!.child.exitCode).toBeNull();
    // One transaction per batch: nobody signed a batch the other had already signed.
    const batches = await db.payoutBatch.findMany({ select: { state: true, _count: { select: { transactions: true } } } });
    expect(batches.length).toBeGreaterThanOrEqual(5);
    expect(batches.every((x) => x.state === "CONFIRMED" && x._count.transactions === 1)).toBe(true);
    expect((await ledgerVersusChain(world)).mismatches).toEqual([]);
  });
});
