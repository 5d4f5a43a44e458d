// RewardDistributor against Hardhat's in-process network: a DATA token and a distributor with a funded treasury are
// deployed once, a snapshot is taken before each test and reverted after it, so every test starts from that state.
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  BaseError,
  ContractFunctionRevertedError,
  decodeErrorResult,
  keccak256,
  parseEventLogs,
  parseUnits,
  toHex,
  zeroAddress,
  zeroHash,
  type Address,
  type Hex,
  type PublicClient,
  type TransactionReceipt,
} from "viem";
import { dataTokenAbi, rewardDistributorAbi } from "@/lib/chain/abi";
import { deployDataToken, deployRewardDistributor, hasCode } from "@/lib/chain/deploy-contracts";
import {
  PAYER_ROLE as PAYER_ROLE_FROM_HELPERS,
  batchPaidAtBlock,
  decodePayBatchRevert,
  describePayBatchError,
  isBatchPaid,
  payBatch,
  simulatePayBatch,
  treasuryBalance,
} from "@/lib/chain/reward-distributor";
import { inProcessChain, type InProcessChain, type TestWallet as Wallet } from "./in-process-chain";

const PAYER_ROLE = keccak256(toHex("PAYER_ROLE"));
const DEFAULT_ADMIN_ROLE = zeroHash;
const TREASURY = parseUnits("1000", 18);
const DATA = (amount: string) => parseUnits(amount, 18);
/** Both ABIs: the distributor's own errors and events, and the token's that bubble up or appear in the same receipt. */
const abi = [...rewardDistributorAbi, ...dataTokenAbi];

let chain: InProcessChain;
let publicClient: PublicClient;
let admin: Wallet;
let payer: Wallet;
let alice: Wallet;
let bob: Wallet;
let carol: Wallet;
let outsider: Wallet;
let token: Address;
let distributor: Address;
let snapshot: Hex;

const batchId = (name: string) => keccak256(toHex(name));

beforeAll(async () => {
  chain = await inProcessChain();
  publicClient = chain.publicClient;
  [admin, payer, alice, bob, carol, outsider] = [chain.wallet(0), chain.wallet(1), chain.wallet(2), chain.wallet(3), chain.wallet(4), chain.wallet(5)];
  token = (await deployDataToken({ walletClient: admin, publicClient, admin: admin.account.address })).address;
  distributor = (
    await deployRewardDistributor({ walletClient: admin, publicClient, token, admin: admin.account.address, payer: payer.account.address })
  ).address;
  await write(admin, token, "mint", [distributor, TREASURY]);
});

beforeEach(async () => {
  snapshot = await chain.snapshot();
});

afterEach(async () => {
  // A failed revert would let this test's writes leak into the next one.
  expect(await chain.revert(snapshot)).toBe(true);
});

const read = {
  balanceOf: (who: Address) => publicClient.readContract({ address: token, abi: dataTokenAbi, functionName: "balanceOf", args: [who] }),
  hasRole: (role: Hex, who: Address) =>
    publicClient.readContract({ address: distributor, abi: rewardDistributorAbi, functionName: "hasRole", args: [role, who] }),
  isPaid: (id: Hex) => publicClient.readContract({ address: distributor, abi: rewardDistributorAbi, functionName: "isPaid", args: [id] }),
  paidAtBlock: (id: Hex) =>
    publicClient.readContract({ address: distributor, abi: rewardDistributorAbi, functionName: "paidAtBlock", args: [id] }),
};

/** Every balance a test looks at, so "nothing moved" is one comparison. */
const balances = async () =>
  Promise.all([distributor, alice.account.address, bob.account.address, carol.account.address].map((who) => read.balanceOf(who)));

type WriteName = "mint" | "grantRole" | "revokeRole" | "payBatch" | "withdraw";

/** A write in viem's order (simulate, write, receipt, status), as the app does it. */
async function write(wallet: Wallet, address: Address, functionName: WriteName, args: readonly unknown[]): Promise<TransactionReceipt> {
  const { request } = await publicClient.simulateContract({
    account: wallet.account,
    address,
    abi: address === token ? dataTokenAbi : rewardDistributorAbi,
    functionName,
    args,
  } as never);
  const hash = await wallet.writeContract(request as never);
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  expect(receipt.status).toBe("success");
  return receipt;
}

const pay = (wallet: Wallet, id: Hex, recipients: readonly Address[], amounts: readonly bigint[]) =>
  write(wallet, distributor, "payBatch", [id, recipients, amounts]);

async function failureOf(run: Promise<unknown>): Promise<BaseError> {
  const error = await run.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof BaseError)) throw new Error(`expected a revert, but the call ${error ? `threw ${String(error)}` : "succeeded"}`);
  return error;
}

/** Runs a write expected to revert and returns the custom error it reverted with, decoded against both ABIs. */
async function revertOf(run: Promise<unknown>): Promise<{ errorName: string; args: readonly unknown[] }> {
  const error = await failureOf(run);
  const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError);
  if (!(reverted instanceof ContractFunctionRevertedError) || !reverted.raw) throw new Error(`no revert data in: ${error.shortMessage}`);
  const decoded = decodeErrorResult({ abi, data: reverted.raw });
  return { errorName: decoded.errorName, args: decoded.args ?? [] };
}

describe("deployment", () => {
  it("wires the token, the admin and the payer, and starts with the treasury it was funded with", async () => {
    expect(await hasCode(publicClient, distributor)).toBe(true);
    expect(await publicClient.readContract({ address: distributor, abi: rewardDistributorAbi, functionName: "token" })).toBe(token);
    expect(await publicClient.readContract({ address: distributor, abi: rewardDistributorAbi, functionName: "PAYER_ROLE" })).toBe(PAYER_ROLE);
    expect(PAYER_ROLE_FROM_HELPERS).toBe(PAYER_ROLE);
    expect(await read.hasRole(DEFAULT_ADMIN_ROLE, admin.account.address)).toBe(true);
    expect(await read.hasRole(PAYER_ROLE, payer.account.address)).toBe(true);
    // Separate keys: the admin cannot pay and the payer cannot withdraw or grant roles.
    expect(await read.hasRole(PAYER_ROLE, admin.account.address)).toBe(false);
    expect(await read.hasRole(DEFAULT_ADMIN_ROLE, payer.account.address)).toBe(false);
    expect(await treasuryBalance(publicClient, distributor)).toBe(TREASURY);
  });

  it.each([
    ["token", { token: zeroAddress }],
    ["admin", { admin: zeroAddress }],
    ["payer", { payer: zeroAddress }],
  ] as const)("refuses the zero address as %s", async (_, override) => {
    const error = await failureOf(
      deployRewardDistributor({ walletClient: admin, publicClient, token, admin: admin.account.address, payer: payer.account.address, ...override }),
    );
    // deployContract knows no ABI, so the revert arrives as raw data somewhere in the cause chain.
    const withData = error.walk((e) => typeof (e as { data?: unknown }).data === "string");
    const data = (withData as { data?: Hex } | null)?.data;
    expect(data, "revert data").toMatch(/^0x/);
    expect(decodeErrorResult({ abi: rewardDistributorAbi, data: data! }).errorName).toBe("RewardDistributorZeroAddress");
  });
});

describe("roles", () => {
  it.each([
    ["the admin", () => admin],
    ["an outsider", () => outsider],
  ])("does not let %s pay: AccessControlUnauthorizedAccount(caller, PAYER_ROLE), nothing moves", async (_, who) => {
    const before = await balances();
    const revert = await revertOf(pay(who(), batchId("b1"), [alice.account.address], [DATA("1")]));
    expect(revert).toEqual({ errorName: "AccessControlUnauthorizedAccount", args: [who().account.address, PAYER_ROLE] });
    expect(await balances()).toEqual(before);
    expect(await read.isPaid(batchId("b1"))).toBe(false);
  });

  it("lets the admin grant PAYER_ROLE, after which that account can pay, and revoke it again", async () => {
    await write(admin, distributor, "grantRole", [PAYER_ROLE, carol.account.address]);
    await pay(carol, batchId("b1"), [alice.account.address], [DATA("1")]);
    expect(await read.balanceOf(alice.account.address)).toBe(DATA("1"));

    await write(admin, distributor, "revokeRole", [PAYER_ROLE, carol.account.address]);
    const revert = await revertOf(pay(carol, batchId("b2"), [alice.account.address], [DATA("1")]));
    expect(revert).toEqual({ errorName: "AccessControlUnauthorizedAccount", args: [carol.account.address, PAYER_ROLE] });
    expect(await read.balanceOf(alice.account.address)).toBe(DATA("1"));
  });

  it("does not let the payer grant roles", async () => {
    const revert = await revertOf(write(payer, distributor, "grantRole", [PAYER_ROLE, carol.account.address]));
    expect(revert).toEqual({ errorName: "AccessControlUnauthorizedAccount", args: [payer.account.address, DEFAULT_ADMIN_ROLE] });
    expect(await read.hasRole(PAYER_ROLE, carol.account.address)).toBe(false);
  });
});

describe("payBatch", () => {
  const id = batchId("payout-batch-1");

  it("pays every recipient its exact amount out of the treasury", async () => {
    const amounts = [DATA("1.5"), DATA("2"), 7n];
    await pay(payer, id, [alice.account.address, bob.account.address, carol.account.address], amounts);
    expect(await balances()).toEqual([TREASURY - DATA("3.5") - 7n, ...amounts]);
  });

  it("emits one BatchPaid(batchId, recipients, total) and, per recipient in order, the token's Transfer(distributor, recipient, amount)", async () => {
    const recipients = [alice.account.address, bob.account.address, carol.account.address];
    const amounts = [DATA("1.5"), DATA("2"), 7n];
    const receipt = await pay(payer, id, recipients, amounts);

    const logs = parseEventLogs({ abi, logs: receipt.logs });
    expect(logs.map((log) => [log.address, log.eventName])).toEqual([
      [distributor.toLowerCase(), "BatchPaid"],
      ...recipients.map(() => [token.toLowerCase(), "Transfer"]),
    ]);
    expect(logs[0]?.args).toEqual({ batchId: id, recipients: 3n, total: DATA("3.5") + 7n });
    expect(logs.slice(1).map((log) => log.args)).toEqual(recipients.map((to, i) => ({ from: distributor, to, value: amounts[i] })));
  });

  it("records the batch: isPaid false before and true after, paidAtBlock is the receipt's block", async () => {
    expect(await read.isPaid(id)).toBe(false);
    expect(await read.paidAtBlock(id)).toBe(0n);
    expect(await isBatchPaid(publicClient, distributor, id)).toBe(false);
    expect(await batchPaidAtBlock(publicClient, distributor, id)).toBeNull();

    const receipt = await pay(payer, id, [alice.account.address], [DATA("1")]);
    expect(await read.isPaid(id)).toBe(true);
    expect(await read.paidAtBlock(id)).toBe(receipt.blockNumber);
    expect(await isBatchPaid(publicClient, distributor, id)).toBe(true);
    expect(await batchPaidAtBlock(publicClient, distributor, id)).toBe(receipt.blockNumber);
    expect(await read.isPaid(batchId("another batch"))).toBe(false);
  });

  it("reverts a second payment of the same batch id with BatchAlreadyPaid(batchId), and no token moves twice", async () => {
    await pay(payer, id, [alice.account.address, bob.account.address], [DATA("1"), DATA("2")]);
    const after = await balances();

    expect(await revertOf(pay(payer, id, [alice.account.address, bob.account.address], [DATA("1"), DATA("2")]))).toEqual({
      errorName: "BatchAlreadyPaid",
      args: [id],
    });
    // Keyed by id, not by content: other recipients under a paid id are refused too.
    expect(await revertOf(pay(payer, id, [carol.account.address], [DATA("5")]))).toEqual({ errorName: "BatchAlreadyPaid", args: [id] });
    expect(await balances()).toEqual(after);
  });

  it("pays the same contents again under a different batch id (the id is the only key)", async () => {
    await pay(payer, batchId("a"), [alice.account.address], [DATA("1")]);
    await pay(payer, batchId("b"), [alice.account.address], [DATA("1")]);
    expect(await read.balanceOf(alice.account.address)).toBe(DATA("2"));
  });

  it("pays a recipient listed twice once per entry", async () => {
    const receipt = await pay(payer, id, [alice.account.address, bob.account.address, alice.account.address], [DATA("1"), DATA("2"), DATA("3")]);
    expect(await read.balanceOf(alice.account.address)).toBe(DATA("4"));
    expect(await read.balanceOf(bob.account.address)).toBe(DATA("2"));
    const transfers = parseEventLogs({ abi: dataTokenAbi, logs: receipt.logs, eventName: "Transfer" });
    expect(transfers.map((log) => [log.args.to, log.args.value])).toEqual([
      [alice.account.address, DATA("1")],
      [bob.account.address, DATA("2")],
      [alice.account.address, DATA("3")],
    ]);
  });

  it("may spend the treasury down to exactly zero", async () => {
    await pay(payer, id, [alice.account.address, bob.account.address], [TREASURY - 1n, 1n]);
    expect(await treasuryBalance(publicClient, distributor)).toBe(0n);
    expect(await read.balanceOf(alice.account.address)).toBe(TREASURY - 1n);
  });

  it.each([
    ["more recipients than amounts", 2, 1, [2n, 1n]],
    ["more amounts than recipients", 1, 3, [1n, 3n]],
  ] as const)("rejects %s with BatchLengthMismatch(recipients, amounts)", async (_, recipients, amounts, args) => {
    const revert = await revertOf(pay(payer, id, Array(recipients).fill(alice.account.address), Array(amounts).fill(DATA("1"))));
    expect(revert).toEqual({ errorName: "BatchLengthMismatch", args });
    expect(await read.isPaid(id)).toBe(false);
  });

  it("rejects an empty batch with EmptyBatch and leaves it unpaid", async () => {
    expect(await revertOf(pay(payer, id, [], []))).toEqual({ errorName: "EmptyBatch", args: [] });
    expect(await read.isPaid(id)).toBe(false);
  });

  it("rejects a zero-address recipient with ZeroRecipient(index), paying nobody", async () => {
    const before = await balances();
    const revert = await revertOf(pay(payer, id, [alice.account.address, bob.account.address, zeroAddress], [DATA("1"), DATA("1"), DATA("1")]));
    expect(revert).toEqual({ errorName: "ZeroRecipient", args: [2n] });
    expect(await balances()).toEqual(before);
    expect(await read.isPaid(id)).toBe(false);
  });

  it("rejects a zero amount with ZeroAmount(index), paying nobody", async () => {
    const before = await balances();
    const revert = await revertOf(pay(payer, id, [alice.account.address, bob.account.address], [DATA("1"), 0n]));
    expect(revert).toEqual({ errorName: "ZeroAmount", args: [1n] });
    expect(await balances()).toEqual(before);
    expect(await read.isPaid(id)).toBe(false);
  });

  it("reverts the whole batch with InsufficientTreasury(needed, available) and keeps it payable once funded", async () => {
    const recipients = [alice.account.address, bob.account.address];
    const amounts = [DATA("600"), DATA("400") + 1n];
    const before = await balances();
    const revert = await revertOf(pay(payer, id, recipients, amounts));
    expect(revert).toEqual({ errorName: "InsufficientTreasury", args: [TREASURY + 1n, TREASURY] });
    expect(await balances()).toEqual(before);
    expect(await read.isPaid(id)).toBe(false);

    await write(admin, token, "mint", [distributor, 1n]);
    await pay(payer, id, recipients, amounts);
    expect(await read.isPaid(id)).toBe(true);
    expect(await balances()).toEqual([0n, DATA("600"), DATA("400") + 1n, 0n]);
  });
});

describe("withdraw", () => {
  it("lets the admin move treasury tokens out and emits Withdrawn(to, amount)", async () => {
    const receipt = await write(admin, distributor, "withdraw", [carol.account.address, DATA("250")]);
    expect(await read.balanceOf(carol.account.address)).toBe(DATA("250"));
    expect(await treasuryBalance(publicClient, distributor)).toBe(TREASURY - DATA("250"));
    const [withdrawn] = parseEventLogs({ abi: rewardDistributorAbi, logs: receipt.logs, eventName: "Withdrawn" });
    expect(withdrawn?.args).toEqual({ to: carol.account.address, amount: DATA("250") });
  });

  it.each([
    ["the payer", () => payer],
    ["an outsider", () => outsider],
  ])("does not let %s withdraw: AccessControlUnauthorizedAccount(caller, DEFAULT_ADMIN_ROLE)", async (_, who) => {
    const revert = await revertOf(write(who(), distributor, "withdraw", [who().account.address, 1n]));
    expect(revert).toEqual({ errorName: "AccessControlUnauthorizedAccount", args: [who().account.address, DEFAULT_ADMIN_ROLE] });
    expect(await treasuryBalance(publicClient, distributor)).toBe(TREASURY);
  });

  it("cannot take more than the treasury holds: the token's ERC20InsufficientBalance bubbles up", async () => {
    const revert = await revertOf(write(admin, distributor, "withdraw", [carol.account.address, TREASURY + 1n]));
    expect(revert).toEqual({ errorName: "ERC20InsufficientBalance", args: [distributor, TREASURY, TREASURY + 1n] });
    expect(await treasuryBalance(publicClient, distributor)).toBe(TREASURY);
  });
});

describe("lib/chain/reward-distributor helpers", () => {
  const id = batchId("helper-batch");
  const clients = () => ({ publicClient, walletClient: payer });

  it("simulatePayBatch returns a request that writeContract sends, and payBatch does the whole round", async () => {
    const request = await simulatePayBatch(publicClient, payer.account, distributor, { batchId: id, recipients: [alice.account.address], amounts: [5n] });
    const receipt = await publicClient.waitForTransactionReceipt({ hash: await payer.writeContract(request) });
    expect(receipt.status).toBe("success");
    expect(await read.balanceOf(alice.account.address)).toBe(5n);

    const paid = await payBatch(clients(), distributor, { batchId: batchId("second"), recipients: [bob.account.address], amounts: [6n] });
    expect(await read.paidAtBlock(batchId("second"))).toBe(paid.blockNumber);
    expect(await read.balanceOf(bob.account.address)).toBe(6n);
  });

  it("describes an already paid batch, a short treasury, a missing role and a bad entry in one sentence each", async () => {
    await payBatch(clients(), distributor, { batchId: id, recipients: [alice.account.address], amounts: [1n] });
    const again = await failureOf(payBatch(clients(), distributor, { batchId: id, recipients: [alice.account.address], amounts: [1n] }));
    expect(decodePayBatchRevert(again)).toEqual({ errorName: "BatchAlreadyPaid", args: [id] });
    expect(describePayBatchError(again)).toBe("This batch was already paid on-chain.");

    const short = await failureOf(
      simulatePayBatch(publicClient, payer.account, distributor, { batchId: batchId("big"), recipients: [alice.account.address], amounts: [DATA("1500")] }),
    );
    expect(describePayBatchError(short)).toBe("The reward treasury holds 999.999999999999999999 DATA but the batch needs 1500 DATA.");

    const role = await failureOf(
      simulatePayBatch(publicClient, outsider.account, distributor, { batchId: batchId("x"), recipients: [alice.account.address], amounts: [1n] }),
    );
    expect(describePayBatchError(role)).toBe(`The wallet ${outsider.account.address} lacks PAYER_ROLE on the reward distributor.`);

    const zero = await failureOf(
      simulatePayBatch(publicClient, payer.account, distributor, { batchId: batchId("x"), recipients: [alice.account.address, bob.account.address], amounts: [1n, 0n] }),
    );
    expect(describePayBatchError(zero)).toBe("Entry 2 of the batch pays an amount of zero.");
  });

  it("decodes the token's own error and leaves non-reverts to their short message", async () => {
    const tooMuch = await failureOf(write(admin, distributor, "withdraw", [carol.account.address, TREASURY + 1n]));
    expect(describePayBatchError(tooMuch)).toBe("The reward treasury holds 1000 DATA but a transfer needs 1000.000000000000000001 DATA.");

    expect(decodePayBatchRevert(new Error("socket hang up"))).toBeNull();
    expect(describePayBatchError(new Error("socket hang up"))).toBe("socket hang up");
    expect(describePayBatchError(new BaseError("The request took too long to respond."))).toBe("The request took too long to respond.");
  });
});
