// The Hardhat node itself stopped (SIGTERM to the real process) while a batch is in flight, then started again on the
// same port: a restarted Hardhat node is a fresh chain, so the transaction and the contracts are gone. The worker must
// back off while the node is down, then refuse to pay into the void (not mark anything paid, not crash), and pay the
// batch exactly once when the contracts are deployed again. This file runs its own node: the shared one stays up.
import path from "node:path";
import { parseUnits } from "viem";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { rewardDistributorAbi } from "@/lib/chain/abi/RewardDistributor";
import { createPayoutWalletClient } from "@/lib/chain/clients";
import { mintData } from "@/lib/chain/token";
import { db } from "@/lib/server/db";
import { ensureDeployments } from "@/lib/server/ensure-deployment";
import { readWorkerControl } from "@/lib/server/payouts/worker-control";
import { rpcChainId, startManaged, stopManaged, waitFor, type Managed } from "../../scripts/lib/processes";
import { allPaid, earnRewards, ledgerVersusChain, rpc, setupPayoutWorld, waitUntil } from "../support/payouts/payout-fixtures";
import { startWorker, type WorkerProcess } from "../support/payouts/worker-process";

// Before any module reads the configuration: this file's services, and the worker it starts, talk to its own node.
const node = await vi.hoisted(async () => {
  const { freePort } = await import("../support/free-port");
  const port = await freePort();
  process.env.RPC_URL = `http://127.0.0.1:${port}`;
  return { port, url: process.env.RPC_URL };
});

const root = path.resolve(import.meta.dirname, "..", "..");
let chain: Managed | null = null;
let worker: WorkerProcess | null = null;

async function startNode(): Promise<Managed> {
  const managed = startManaged(
    "chain",
    process.execPath,
    [path.join(root, "node_modules/hardhat/internal/cli/cli.js"), "node", "--hostname", "127.0.0.1", "--port", String(node.port), "--config", path.join(root, "hardhat.config.cjs")],
    { keepLine: (line) => /error/i.test(line) },
  );
  await waitFor("the Hardhat node", async () => (await rpcChainId(node.url)) === 31337, 90_000);
  return managed;
}

beforeAll(async () => {
  chain = await startNode();
});
afterAll(async () => {
  worker?.kill();
  await worker?.exited;
  if (chain) await stopManaged(chain);
});

describe("payout worker when the Hardhat node is stopped and restarted mid-batch", () => {
  it("backs off while it is down, refuses the fresh chain with a clear error, and pays the batch once after a redeploy", { timeout: 240_000 }, async () => {
    const world = await setupPayoutWorld({ recipients: 4 });
    await rpc(world.publicClient, "evm_setAutomine", [false]);
    await earnRewards(world, 4);
    worker = await startWorker({ PAYOUT_POLL_MS: "50", PAYOUT_BATCH_MAX_WAIT_MS: "0", PAYOUT_BACKOFF_MAX_MS: "500", PAYOUT_STUCK_AFTER_MS: "600000" });
    await waitUntil("the batch sent", async () => (await db.payoutBatch.findFirst())?.state === "SENT");
    const sent = await db.payoutTransaction.findFirstOrThrow();

    await stopManaged(chain!);
    chain = null;
    await worker.waitForOutput(/does not answer.*Retrying in \d+ ms \(failure 2\)/);
    expect(worker.child.exitCode).toBeNull();

    chain = await startNode();
    await waitUntil(
      "the refusal recorded for the admin page",
      async () => /is no longer on the chain: the chain was reset/.test((await readWorkerControl())?.lastError ?? ""),
      60_000,
    );
    await worker.waitForOutput(/Refusing to pay into the void/);
    expect(worker.child.exitCode).toBeNull();
    expect(await db.payout.count({ where: { status: "PAID" } })).toBe(0);
    expect((await db.payoutBatch.findFirstOrThrow()).state).toBe("SENT");
    // The node lost the transaction with everything else.
    expect(await rpc(world.publicClient, "eth_getTransactionByHash", [sent.hash])).toBeNull();

    // What `npm start` does on a new chain: deploy and fund again. The worker then pays the batch on this chain.
    const [token, distributor] = await ensureDeployments();
    await mintData({ publicClient: world.publicClient, walletClient: createPayoutWalletClient() }, token!.address, distributor!.address, parseUnits("1000", 18));
    await waitUntil("every row paid on the new chain", allPaid, 60_000);
    expect((await ledgerVersusChain({ ...world, token: token!.address })).mismatches).toEqual([]);
    const paid = await db.payoutBatch.findFirstOrThrow();
    expect(paid.state).toBe("CONFIRMED");
    const logs = await world.publicClient.getContractEvents({ address: distributor!.address, abi: rewardDistributorAbi, eventName: "BatchPaid", fromBlock: 0n });
    expect(logs.map((l) => l.args.batchId)).toEqual([paid.batchKey]);
  });
});
