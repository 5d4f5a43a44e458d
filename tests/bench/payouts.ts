/**
 * Accepted samples to confirmed payments: 10,000 payouts paid by the real payout worker in RewardDistributor batches
 * of 100, against a baseline paying the same number of payouts with one plain DATA `transfer` each, in the same run,
 * on the same Hardhat node.
 *
 *   npm run bench:payouts            (BENCH_PAYOUTS=… changes the count; BENCH_BATCH_SIZE=… the batch size)
 *
 * Both paths start from funded PENDING ledger rows (earned through earnPayouts, as review decisions earn them) to
 * fresh recipients (one row each, so no two rows share a transfer) and end when every row is PAID with its
 * transaction hash and block number in the database.
 * - batched: `scripts/worker.ts` as a child process, started paused (its start-up is not timed) and resumed when the
 *   clock starts. It records each batch, simulates, signs locally, broadcasts, waits for the receipt and marks the rows
 *   paid, one transaction in flight at a time.
 * - single: the same payer account pays each row with one `transfer` from a funded balance: signed locally with
 *   explicit nonces, sent in windows of the batch size without waiting in between (pipelined: the node mines each as
 *   it arrives), every receipt fetched and its status checked, then the window's rows marked paid in one database
 *   transaction. A generous baseline: no simulation and no per-transaction bookkeeping before broadcast.
 * Gas per recipient comes from the receipts of this run (both to new holders, the costly case).
 * Progress goes to stderr; the last line on stdout is one JSON object.
 */
import { randomBytes } from "node:crypto";
import { encodeFunctionData, keccak256, parseUnits, type Address, type Hash, type Hex } from "viem";
import setupIntegrationStack from "../integration/global-setup";

const PAYOUTS = Number(process.env.BENCH_PAYOUTS ?? 10_000);
const BATCH_SIZE = Number(process.env.BENCH_BATCH_SIZE ?? 100);
/** Rows earned per database transaction, like many review decisions landing one after another. */
const EARN_CHUNK = 500;
const TRANSFER_GAS = 100_000n;

const round = (x: number, digits = 1) => Number(x.toFixed(digits));
const progress = (line: string) => process.stderr.write(`[bench:payouts] ${line}\n`);

async function main(): Promise<void> {
  const teardown = await setupIntegrationStack();
  try {
    // Imported only now: the database client reads DATABASE_URL (set by the setup) when it is first loaded.
    const { db } = await import("@/lib/server/db");
    const { setupPayoutWorld, waitUntil } = await import("../support/payouts/payout-fixtures");
    const { startWorker } = await import("../support/payouts/worker-process");
    const { earnPayouts } = await import("@/lib/server/payouts/earn-payouts");
    const { PAYOUT_REASONS } = await import("@/lib/domain/payouts/reasons");
    const { PAYOUT_JOB_ID } = await import("@/lib/server/payouts/worker-control");
    const { createPayoutAccount, createPayoutWalletClient } = await import("@/lib/chain/clients");
    const { mintData, dataBalanceOf } = await import("@/lib/chain/token");
    const { suggestFees } = await import("@/lib/chain/payout-transactions");
    const { dataTokenAbi } = await import("@/lib/chain/abi/DataToken");

    const amount = parseUnits("1.5", 18);
    const world = await setupPayoutWorld({ recipients: 0, treasury: amount * BigInt(PAYOUTS), budget: amount * BigInt(PAYOUTS) * 2n });
    const { publicClient } = world;
    const account = createPayoutAccount();

    /** `count` users with fresh addresses (never held DATA), created in bulk: the bench measures payments, not sign-ups. */
    async function freshUsers(count: number): Promise<{ id: string; address: Address }[]> {
      const addresses = Array.from({ length: count }, () => `0x${randomBytes(20).toString("hex")}`);
      for (let i = 0; i < count; i += 1_000) await db.user.createMany({ data: addresses.slice(i, i + 1_000).map((address) => ({ address })) });
      const users = await db.user.findMany({ where: { address: { in: addresses } }, select: { id: true, address: true } });
      return users.map((u) => ({ id: u.id, address: u.address as Address }));
    }

    /** One funded row per user, earned in chunks; returns how long earning took. */
    async function earn(users: { id: string }[], tag: string): Promise<number> {
      const started = performance.now();
      for (let i = 0; i < users.length; i += EARN_CHUNK) {
        const items = users.slice(i, i + EARN_CHUNK).map((user, j) => ({
          reason: PAYOUT_REASONS.SAMPLE_ACCEPTED,
          subjectId: `bench-${tag}-${i + j}`,
          recipientUserId: user.id,
          amountWei: amount,
          campaignId: world.campaignId,
        }));
        await db.$transaction((tx) => earnPayouts(tx, items), { timeout: 60_000 });
      }
      return performance.now() - started;
    }

    const setPaused = (paused: boolean) =>
      db.workerControl.upsert({ where: { id: PAYOUT_JOB_ID }, create: { id: PAYOUT_JOB_ID, paused }, update: { paused } });

    // ---- batched: the real worker --------------------------------------------------------------------------------
    const batchedUsers = await freshUsers(PAYOUTS);
    await setPaused(true);
    const worker = await startWorker({ PAYOUT_BATCH_MAX_SIZE: String(BATCH_SIZE), PAYOUT_BATCH_MAX_WAIT_MS: "0", PAYOUT_POLL_MS: "20" });
    await worker.waitForOutput(/paused by an admin/, 60_000);
    const earnMs = await earn(batchedUsers, "batched");
    progress(`earned ${PAYOUTS} rows in ${Math.round(earnMs)} ms; resuming the worker`);

    const batchedStarted = performance.now();
    await setPaused(false);
    await waitUntil(
      "every batched row paid",
      async () => {
        const open = await db.payout.count({ where: { status: { not: "PAID" } } });
        progress(`batched: ${PAYOUTS - open}/${PAYOUTS} paid`);
        return open === 0;
      },
      30 * 60_000,
      1_000,
    ).catch((error: Error) => {
      worker.kill();
      throw new Error(`${error.message}\n--- worker output ---\n${worker.output()}`);
    });
    const batchedSeconds = (performance.now() - batchedStarted) / 1000;
    worker.child.kill("SIGTERM");
    await worker.exited;
    if (process.env.BENCH_VERBOSE === "1") progress(`worker output:\n${worker.output()}`);

    const batches = await db.payoutBatch.findMany({ where: { state: "CONFIRMED" }, select: { rowCount: true, gasUsed: true } });
    const full = batches.filter((b) => b.rowCount === BATCH_SIZE);
    if (full.length === 0) throw new Error(`no batch carried ${BATCH_SIZE} rows`);
    const batchGasPerRecipient = full.reduce((s, b) => s + Number(b.gasUsed), 0) / full.reduce((s, b) => s + b.rowCount, 0);
    const batchedTransactions = await db.payoutTransaction.count();
    progress(`batched: ${PAYOUTS} payouts in ${batchedSeconds.toFixed(1)} s over ${batches.length} batches`);

    // ---- single: one transfer per payout --------------------------------------------------------------------------
    const singleUsers = await freshUsers(PAYOUTS);
    await earn(singleUsers, "single");
    await mintData({ publicClient, walletClient: createPayoutWalletClient() }, world.token, account.address, amount * BigInt(PAYOUTS));
    const pendingIds = new Set((await db.payout.findMany({ where: { status: "PENDING" }, select: { id: true } })).map((r) => r.id));
    if (pendingIds.size !== PAYOUTS) throw new Error(`expected ${PAYOUTS} pending rows for the baseline, found ${pendingIds.size}`);

    const singleStarted = performance.now();
    let nonce = await publicClient.getTransactionCount({ address: account.address, blockTag: "pending" });
    let singleGas = 0n;
    let paid = 0;
    while (paid < PAYOUTS) {
      const rows = await db.payout.findMany({
        where: { status: "PENDING" },
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        take: BATCH_SIZE,
        select: { id: true, amountWei: true, recipient: { select: { address: true } } },
      });
      const fees = await suggestFees(publicClient);
      const signed: { rowId: string; hash: Hash }[] = [];
      for (const row of rows) {
        const raw: Hex = await account.signTransaction({
          type: "eip1559",
          chainId: world.publicClient.chain!.id,
          to: world.token,
          data: encodeFunctionData({ abi: dataTokenAbi, functionName: "transfer", args: [row.recipient.address as Address, BigInt(row.amountWei)] }),
          nonce: nonce++,
          gas: TRANSFER_GAS,
          ...fees,
        });
        await publicClient.sendRawTransaction({ serializedTransaction: raw });
        signed.push({ rowId: row.id, hash: keccak256(raw) });
      }
      const receipts = await Promise.all(signed.map((s) => publicClient.waitForTransactionReceipt({ hash: s.hash, pollingInterval: 20 })));
      const now = new Date();
      await db.$transaction(
        receipts.map((receipt, i) => {
          if (receipt.status !== "success") throw new Error(`transfer ${receipt.transactionHash} reverted`);
          singleGas += receipt.gasUsed;
          return db.payout.update({
            where: { id: signed[i]!.rowId, status: "PENDING" },
            data: { status: "PAID", txHash: receipt.transactionHash, blockNumber: Number(receipt.blockNumber), paidAt: now },
          });
        }),
      );
      paid += rows.length;
      if (paid % 1_000 === 0) progress(`single: ${paid}/${PAYOUTS} paid`);
    }
    const singleSeconds = (performance.now() - singleStarted) / 1000;
    const singleGasPerRecipient = Number(singleGas) / PAYOUTS;

    // Both paths must really have paid: every recipient of a sample of each holds exactly its one reward.
    const sample = [...batchedUsers.slice(0, 50), ...singleUsers.slice(0, 50), batchedUsers.at(-1)!, singleUsers.at(-1)!];
    for (const user of sample) {
      const balance = await dataBalanceOf(publicClient, world.token, user.address);
      if (balance !== amount) throw new Error(`${user.address} holds ${balance} wei, expected ${amount}`);
    }
    if ((await db.payout.count({ where: { status: { not: "PAID" } } })) !== 0) throw new Error("rows left unpaid");

    const batchedRate = PAYOUTS / batchedSeconds;
    const singleRate = PAYOUTS / singleSeconds;
    console.log(
      `${PAYOUTS} payouts: batched ${batchedRate.toFixed(0)} recipients/s (${batches.length} batches), single ${singleRate.toFixed(0)} recipients/s ` +
        `(${PAYOUTS} transfers): ${(batchedRate / singleRate).toFixed(2)}x | gas per recipient ${batchGasPerRecipient.toFixed(0)} vs ${singleGasPerRecipient.toFixed(0)}`,
    );
    console.log(
      JSON.stringify({
        bench: "payouts",
        payouts: PAYOUTS,
        batch_size: BATCH_SIZE,
        earn_ms: round(earnMs),
        batched_seconds: round(batchedSeconds, 2),
        single_seconds: round(singleSeconds, 2),
        recipients_per_s_batched: round(batchedRate),
        recipients_per_s_single: round(singleRate),
        throughput_ratio: round(batchedRate / singleRate, 2),
        batches: batches.length,
        batched_transactions: batchedTransactions,
        single_transactions: PAYOUTS,
        gas_per_recipient_batch_100: round(batchGasPerRecipient),
        gas_per_recipient_single: round(singleGasPerRecipient),
        gas_ratio_100: round(batchGasPerRecipient / singleGasPerRecipient, 4),
      }),
    );
  } finally {
    await teardown();
  }
}

main().catch((error: unknown) => {
  console.error(`[bench:payouts] ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
