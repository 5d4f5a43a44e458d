// ReviewEscrow against Hardhat's in-process network: a DATA token, a treasury address and an escrow are deployed once;
// each test starts from a snapshot in which alice and bob (reviewers) and carol (a contributor) hold DATA.
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  BaseError,
  ContractFunctionRevertedError,
  decodeErrorResult,
  keccak256,
  parseEventLogs,
  parseSignature,
  parseUnits,
  toHex,
  zeroAddress,
  type Address,
  type Hex,
  type PublicClient,
  type TransactionReceipt,
} from "viem";
import { hardhat } from "viem/chains";
import { dataTokenAbi, reviewEscrowAbi } from "@/lib/chain/abi";
import { deployDataToken, deployReviewEscrow } from "@/lib/chain/deploy-contracts";
import { inProcessChain, type InProcessChain, type TestWallet as Wallet } from "./in-process-chain";

const ARBITER_ROLE = keccak256(toHex("ARBITER_ROLE"));
const COOLDOWN = 14n * 24n * 3600n;
const DATA = (amount: string) => parseUnits(amount, 18);
const abi = [...reviewEscrowAbi, ...dataTokenAbi];
const campaign = keccak256(toHex("campaign-1"));
const otherCampaign = keccak256(toHex("campaign-2"));
const bondId = (name: string) => keccak256(toHex(name));

let chain: InProcessChain;
let publicClient: PublicClient;
let admin: Wallet;
let arbiter: Wallet;
let alice: Wallet;
let bob: Wallet;
let carol: Wallet;
let treasury: Wallet;
let token: Address;
let escrow: Address;
let snapshot: Hex;

beforeAll(async () => {
  chain = await inProcessChain();
  publicClient = chain.publicClient;
  [admin, arbiter, alice, bob, carol, treasury] = [chain.wallet(0), chain.wallet(1), chain.wallet(2), chain.wallet(3), chain.wallet(4), chain.wallet(5)];
  token = (await deployDataToken({ walletClient: admin, publicClient, admin: admin.account.address })).address;
  escrow = (
    await deployReviewEscrow({
      walletClient: admin,
      publicClient,
      token,
      treasury: treasury.account.address,
      cooldownSeconds: COOLDOWN,
      admin: admin.account.address,
      arbiter: arbiter.account.address,
    })
  ).address;
  for (const who of [alice, bob, carol]) await write(admin, token, "mint", [who.account.address, DATA("100")]);
});

beforeEach(async () => {
  snapshot = await chain.snapshot();
});

afterEach(async () => {
  expect(await chain.revert(snapshot)).toBe(true);
});

const balanceOf = (who: Address) => publicClient.readContract({ address: token, abi: dataTokenAbi, functionName: "balanceOf", args: [who] });
const stakeOf = async (who: Wallet, id: Hex = campaign) => {
  const [active, leaving, unlockAt] = await publicClient.readContract({ address: escrow, abi: reviewEscrowAbi, functionName: "stakeOf", args: [id, who.account.address] });
  return { active, leaving, unlockAt };
};
const bondOf = async (id: Hex) => {
  const [poster, amount, settled] = await publicClient.readContract({ address: escrow, abi: reviewEscrowAbi, functionName: "bondOf", args: [id] });
  return { poster, amount, settled };
};
/** Every balance a test looks at, so "nothing moved" is one comparison. */
const balances = () => Promise.all([escrow, alice.account.address, bob.account.address, carol.account.address, treasury.account.address].map(balanceOf));

/** A write in the app's order: simulate, write, wait for the receipt, check its status. */
async function write(wallet: Wallet, address: Address, functionName: string, args: readonly unknown[]): Promise<TransactionReceipt> {
  const { request } = await publicClient.simulateContract({ account: wallet.account, address, abi: address === token ? dataTokenAbi : reviewEscrowAbi, functionName, args } as never);
  const hash = await wallet.writeContract(request as never);
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  expect(receipt.status).toBe("success");
  return receipt;
}

const approve = (who: Wallet, amount: bigint) => write(who, token, "approve", [escrow, amount]);

async function stake(who: Wallet, amount: bigint, id: Hex = campaign): Promise<TransactionReceipt> {
  await approve(who, amount);
  return write(who, escrow, "stake", [id, amount]);
}

async function postBond(who: Wallet, id: Hex, amount: bigint): Promise<TransactionReceipt> {
  await approve(who, amount);
  return write(who, escrow, "postBond", [id, amount]);
}

/** The custom error a write reverted with, decoded against the escrow's and the token's ABIs. */
async function revertOf(run: Promise<unknown>): Promise<{ errorName: string; args: readonly unknown[] }> {
  const error = await run.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof BaseError)) throw new Error(`expected a revert, but the call ${error ? `threw ${String(error)}` : "succeeded"}`);
  const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError);
  if (!(reverted instanceof ContractFunctionRevertedError) || !reverted.raw) throw new Error(`no revert data in: ${error.shortMessage}`);
  const decoded = decodeErrorResult({ abi, data: reverted.raw });
  return { errorName: decoded.errorName, args: decoded.args ?? [] };
}

async function signPermit(owner: Wallet, value: bigint, deadline: bigint): Promise<{ v: number; r: Hex; s: Hex }> {
  const nonce = await publicClient.readContract({ address: token, abi: dataTokenAbi, functionName: "nonces", args: [owner.account.address] });
  const signature = await owner.signTypedData({
    domain: { name: "Tessera Data", version: "1", chainId: hardhat.id, verifyingContract: token },
    types: {
      Permit: [
        { name: "owner", type: "address" },
        { name: "spender", type: "address" },
        { name: "value", type: "uint256" },
        { name: "nonce", type: "uint256" },
        { name: "deadline", type: "uint256" },
      ],
    },
    primaryType: "Permit",
    message: { owner: owner.account.address, spender: escrow, value, nonce, deadline },
  });
  const { r, s, yParity } = parseSignature(signature);
  return { v: 27 + yParity, r, s };
}

const now = async () => (await publicClient.getBlock()).timestamp;

describe("deployment", () => {
  it("wires the token, the treasury, the cooldown and the roles", async () => {
    const read = (functionName: "token" | "treasury" | "cooldown") => publicClient.readContract({ address: escrow, abi: reviewEscrowAbi, functionName });
    expect(await read("token")).toBe(token);
    expect(await read("treasury")).toBe(treasury.account.address);
    expect(await read("cooldown")).toBe(COOLDOWN);
    const hasRole = (role: Hex, who: Address) => publicClient.readContract({ address: escrow, abi: reviewEscrowAbi, functionName: "hasRole", args: [role, who] });
    expect(await hasRole(ARBITER_ROLE, arbiter.account.address)).toBe(true);
    expect(await hasRole(ARBITER_ROLE, admin.account.address)).toBe(false);
  });

  it.each([["token"], ["treasury"], ["admin"], ["arbiter"]] as const)("refuses a zero %s address", async (which) => {
    const opts = { walletClient: admin, publicClient, token, treasury: treasury.account.address, cooldownSeconds: COOLDOWN, admin: admin.account.address, arbiter: arbiter.account.address };
    const error = await deployReviewEscrow({ ...opts, [which]: zeroAddress }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(String(error)).toMatch(/ReviewEscrowZeroAddress/);
  });
});

describe("stakes", () => {
  it("locks a stake per campaign, from an allowance or a permit, and says so in an event", async () => {
    const receipt = await stake(alice, DATA("10"));
    const [staked] = parseEventLogs({ abi: reviewEscrowAbi, logs: receipt.logs, eventName: "Staked" });
    expect(staked!.args).toEqual({ campaign, reviewer: alice.account.address, amount: DATA("10"), active: DATA("10") });

    const deadline = (await now()) + 3600n;
    const { v, r, s } = await signPermit(alice, DATA("5"), deadline);
    await write(alice, escrow, "stakeWithPermit", [campaign, DATA("5"), deadline, v, r, s]);
    expect(await stakeOf(alice)).toEqual({ active: DATA("15"), leaving: 0n, unlockAt: 0n });
    expect(await stakeOf(alice, otherCampaign)).toEqual({ active: 0n, leaving: 0n, unlockAt: 0n });
    expect(await balanceOf(escrow)).toBe(DATA("15"));
    expect(await balanceOf(alice.account.address)).toBe(DATA("85"));
  });

  it("refuses a zero stake, a stake without allowance, and one above the balance, moving nothing", async () => {
    const before = await balances();
    expect((await revertOf(write(alice, escrow, "stake", [campaign, 0n]))).errorName).toBe("ZeroAmount");
    expect((await revertOf(write(alice, escrow, "stake", [campaign, DATA("1")]))).errorName).toBe("ERC20InsufficientAllowance");
    await approve(alice, DATA("1000"));
    expect((await revertOf(write(alice, escrow, "stake", [campaign, DATA("101")]))).errorName).toBe("ERC20InsufficientBalance");
    expect(await balances()).toEqual(before);
    expect(await stakeOf(alice)).toEqual({ active: 0n, leaving: 0n, unlockAt: 0n });
  });

  it("a forged permit (signed by someone else) moves nothing", async () => {
    const deadline = (await now()) + 3600n;
    const { v, r, s } = await signPermit(bob, DATA("5"), deadline);
    const before = await balances();
    expect((await revertOf(write(alice, escrow, "stakeWithPermit", [campaign, DATA("5"), deadline, v, r, s]))).errorName).toBe("ERC20InsufficientAllowance");
    expect(await balances()).toEqual(before);
  });

  it("withdraws only after the cooldown, and a request stops the stake backing reviews at once", async () => {
    await stake(alice, DATA("10"));
    const receipt = await write(alice, escrow, "requestWithdrawal", [campaign, DATA("4")]);
    const [requested] = parseEventLogs({ abi: reviewEscrowAbi, logs: receipt.logs, eventName: "WithdrawalRequested" });
    const { active, leaving, unlockAt } = await stakeOf(alice);
    expect({ active, leaving }).toEqual({ active: DATA("6"), leaving: DATA("4") });
    expect(requested!.args.unlockAt).toBe(unlockAt);

    expect(await revertOf(write(alice, escrow, "withdraw", [campaign]))).toEqual({ errorName: "CooldownRunning", args: [unlockAt] });
    await chain.increaseTime(Number(COOLDOWN) - 60);
    expect((await revertOf(write(alice, escrow, "withdraw", [campaign]))).errorName).toBe("CooldownRunning");
    await chain.increaseTime(60);
    await write(alice, escrow, "withdraw", [campaign]);
    expect(await stakeOf(alice)).toEqual({ active: DATA("6"), leaving: 0n, unlockAt: 0n });
    expect(await balanceOf(alice.account.address)).toBe(DATA("94"));
    expect((await revertOf(write(alice, escrow, "withdraw", [campaign]))).errorName).toBe("NothingToWithdraw");
  });

  it("refuses a withdrawal request above the active stake or of zero", async () => {
    await stake(alice, DATA("10"));
    expect(await revertOf(write(alice, escrow, "requestWithdrawal", [campaign, DATA("11")]))).toEqual({ errorName: "InsufficientStake", args: [DATA("11"), DATA("10")] });
    expect((await revertOf(write(alice, escrow, "requestWithdrawal", [campaign, 0n]))).errorName).toBe("ZeroAmount");
    expect((await revertOf(write(bob, escrow, "requestWithdrawal", [campaign, 1n]))).errorName).toBe("InsufficientStake");
  });
});

describe("slashing", () => {
  it("takes from the active stake, then from what is leaving, and sends it to the treasury only", async () => {
    await stake(alice, DATA("10"));
    await write(alice, escrow, "requestWithdrawal", [campaign, DATA("4")]);
    const reason = keccak256(toHex("gold-audit-1"));
    const receipt = await write(arbiter, escrow, "slash", [campaign, alice.account.address, DATA("8"), reason]);
    const [slashed] = parseEventLogs({ abi: reviewEscrowAbi, logs: receipt.logs, eventName: "Slashed" });
    expect(slashed!.args).toEqual({ campaign, reviewer: alice.account.address, amount: DATA("8"), reason });
    const after = await stakeOf(alice);
    expect({ active: after.active, leaving: after.leaving }).toEqual({ active: 0n, leaving: DATA("2") });
    expect(await balanceOf(treasury.account.address)).toBe(DATA("8"));
    expect(await balanceOf(arbiter.account.address)).toBe(0n);
  });

  it("refuses a slash without the role, of zero, or above the stake, moving nothing", async () => {
    await stake(alice, DATA("10"));
    const before = await balances();
    const reason = keccak256(toHex("r"));
    expect((await revertOf(write(bob, escrow, "slash", [campaign, alice.account.address, DATA("1"), reason]))).errorName).toBe("AccessControlUnauthorizedAccount");
    expect((await revertOf(write(admin, escrow, "slash", [campaign, alice.account.address, DATA("1"), reason]))).errorName).toBe("AccessControlUnauthorizedAccount");
    expect((await revertOf(write(arbiter, escrow, "slash", [campaign, alice.account.address, 0n, reason]))).errorName).toBe("ZeroAmount");
    expect(await revertOf(write(arbiter, escrow, "slash", [campaign, alice.account.address, DATA("11"), reason]))).toEqual({ errorName: "SlashExceedsStake", args: [DATA("11"), DATA("10")] });
    expect(await revertOf(write(arbiter, escrow, "slash", [otherCampaign, alice.account.address, DATA("1"), reason]))).toEqual({ errorName: "SlashExceedsStake", args: [DATA("1"), 0n] });
    expect(await balances()).toEqual(before);
  });
});

describe("appeal bonds", () => {
  it("locks a bond once per id, from an allowance or a permit", async () => {
    const receipt = await postBond(carol, bondId("appeal-1"), DATA("2"));
    const [posted] = parseEventLogs({ abi: reviewEscrowAbi, logs: receipt.logs, eventName: "BondPosted" });
    expect(posted!.args).toEqual({ bondId: bondId("appeal-1"), poster: carol.account.address, amount: DATA("2") });
    expect(await bondOf(bondId("appeal-1"))).toEqual({ poster: carol.account.address, amount: DATA("2"), settled: false });

    const deadline = (await now()) + 3600n;
    const { v, r, s } = await signPermit(carol, DATA("3"), deadline);
    await write(carol, escrow, "postBondWithPermit", [bondId("appeal-2"), DATA("3"), deadline, v, r, s]);
    expect(await balanceOf(escrow)).toBe(DATA("5"));

    await approve(bob, DATA("1"));
    expect(await revertOf(write(bob, escrow, "postBond", [bondId("appeal-1"), DATA("1")]))).toEqual({ errorName: "BondExists", args: [bondId("appeal-1")] });
    expect((await revertOf(write(bob, escrow, "postBond", [bondId("appeal-3"), 0n]))).errorName).toBe("ZeroAmount");
    expect((await revertOf(write(bob, escrow, "postBond", [bondId("appeal-3"), DATA("101")]))).errorName).toBe("ERC20InsufficientAllowance");
  });

  it("pays a bond out whole and once: back to the poster, or to the panel and the treasury", async () => {
    await postBond(carol, bondId("overturned"), DATA("2"));
    await postBond(carol, bondId("upheld"), DATA("3"));
    await write(arbiter, escrow, "settleBond", [bondId("overturned"), [carol.account.address], [DATA("2")]]);
    expect(await balanceOf(carol.account.address)).toBe(DATA("97"));

    const receipt = await write(arbiter, escrow, "settleBond", [
      bondId("upheld"),
      [alice.account.address, bob.account.address, treasury.account.address],
      [DATA("1"), DATA("1"), DATA("1")],
    ]);
    const [settled] = parseEventLogs({ abi: reviewEscrowAbi, logs: receipt.logs, eventName: "BondSettled" });
    expect(settled!.args).toEqual({ bondId: bondId("upheld"), recipients: 3n, total: DATA("3") });
    expect(await balanceOf(alice.account.address)).toBe(DATA("101"));
    expect(await balanceOf(escrow)).toBe(0n);
    expect(await bondOf(bondId("upheld"))).toMatchObject({ settled: true });
    expect(await revertOf(write(arbiter, escrow, "settleBond", [bondId("upheld"), [carol.account.address], [DATA("3")]]))).toEqual({
      errorName: "BondAlreadySettled",
      args: [bondId("upheld")],
    });
  });

  it("refuses a settlement without the role, of an unknown bond, not summing to the bond, or to the zero address", async () => {
    await postBond(carol, bondId("b"), DATA("2"));
    const before = await balances();
    const settle = (who: Wallet, id: Hex, to: Address[], amounts: bigint[]) => write(who, escrow, "settleBond", [id, to, amounts]);
    expect((await revertOf(settle(carol, bondId("b"), [carol.account.address], [DATA("2")]))).errorName).toBe("AccessControlUnauthorizedAccount");
    expect((await revertOf(settle(arbiter, bondId("nope"), [carol.account.address], [DATA("2")]))).errorName).toBe("UnknownBond");
    expect(await revertOf(settle(arbiter, bondId("b"), [carol.account.address], [DATA("3")]))).toEqual({ errorName: "SettlementTotal", args: [DATA("3"), DATA("2")] });
    expect((await revertOf(settle(arbiter, bondId("b"), [carol.account.address, alice.account.address], [DATA("2")]))).errorName).toBe("SettlementMismatch");
    expect((await revertOf(settle(arbiter, bondId("b"), [], []))).errorName).toBe("SettlementMismatch");
    expect(await revertOf(settle(arbiter, bondId("b"), [zeroAddress], [DATA("2")]))).toEqual({ errorName: "ZeroRecipient", args: [0n] });
    expect(await balances()).toEqual(before);
    expect(await bondOf(bondId("b"))).toMatchObject({ settled: false });
  });

  it("keeps bonds and stakes apart: settling a bond never touches a stake", async () => {
    await stake(alice, DATA("10"));
    await postBond(carol, bondId("b"), DATA("2"));
    await write(arbiter, escrow, "settleBond", [bondId("b"), [carol.account.address], [DATA("2")]]);
    expect(await stakeOf(alice)).toEqual({ active: DATA("10"), leaving: 0n, unlockAt: 0n });
    expect(await balanceOf(escrow)).toBe(DATA("10"));
  });
});
