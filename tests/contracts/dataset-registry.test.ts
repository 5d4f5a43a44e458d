// DatasetRegistry against Hardhat's in-process network: token, distributor (the revenue sink) and registry deployed
// once, a snapshot before each test and a revert after it.
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { BaseError, keccak256, maxUint256, parseEventLogs, parseUnits, toHex, zeroHash, type Address, type Hex, type PublicClient } from "viem";
import { dataTokenAbi, datasetRegistryAbi } from "@/lib/chain/abi";
import { deployDataToken, deployDatasetRegistry, deployRewardDistributor } from "@/lib/chain/deploy-contracts";
import {
  decodeRegistryRevert,
  describeRegistryRevert,
  licenceHash,
  onChainVersionId,
  publishOnChain,
  purchasedLogs,
  readRegistryVersion,
  PUBLISHER_ROLE,
} from "@/lib/chain/dataset-registry";
import { permitSignatureParts, permitTypedData } from "@/lib/chain/permit";
import { inProcessChain, type InProcessChain, type TestWallet as Wallet } from "./in-process-chain";

const DATA = (amount: string) => parseUnits(amount, 18);
const PRICE = DATA("25");
const ROOT = keccak256(toHex("root"));
const LICENCE = licenceHash("CC-BY-4.0");

let chain: InProcessChain;
let publicClient: PublicClient;
let admin: Wallet;
let buyer: Wallet;
let poor: Wallet;
let outsider: Wallet;
let token: Address;
let distributor: Address;
let registry: Address;
let snapshot: Hex;
const V1 = onChainVersionId("version-1");

beforeAll(async () => {
  chain = await inProcessChain();
  publicClient = chain.publicClient;
  [admin, buyer, poor, outsider] = [chain.wallet(0), chain.wallet(1), chain.wallet(2), chain.wallet(3)];
  const me = admin.account.address;
  token = (await deployDataToken({ walletClient: admin, publicClient, admin: me })).address;
  distributor = (await deployRewardDistributor({ walletClient: admin, publicClient, token, admin: me, payer: me })).address;
  registry = (await deployDatasetRegistry({ walletClient: admin, publicClient, token, revenueSink: distributor, admin: me, publisher: me })).address;
  await write(admin, token, dataTokenAbi, "mint", [buyer.account.address, DATA("100")]);
  await write(admin, token, dataTokenAbi, "mint", [poor.account.address, DATA("10")]);
  await publishOnChain({ publicClient, walletClient: admin }, registry, { versionId: V1, merkleRoot: ROOT, priceWei: PRICE, licenceHash: LICENCE });
});

beforeEach(async () => {
  snapshot = await chain.snapshot();
});

afterEach(async () => {
  expect(await chain.revert(snapshot)).toBe(true);
});

async function write(wallet: Wallet, address: Address, abi: typeof dataTokenAbi | typeof datasetRegistryAbi, functionName: string, args: readonly unknown[]) {
  const { request } = await publicClient.simulateContract({ account: wallet.account, address, abi, functionName, args } as never);
  const hash = await wallet.writeContract(request as never);
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  expect(receipt.status).toBe("success");
  return receipt;
}

const buy = (wallet: Wallet, versionId = V1) => write(wallet, registry, datasetRegistryAbi, "purchase", [versionId]);
const approve = (wallet: Wallet, amount = PRICE) => write(wallet, token, dataTokenAbi, "approve", [registry, amount]);
const balanceOf = (who: Address) => publicClient.readContract({ address: token, abi: dataTokenAbi, functionName: "balanceOf", args: [who] });
const balances = () => Promise.all([buyer.account.address, poor.account.address, distributor, registry].map(balanceOf));

async function revertOf(run: Promise<unknown>): Promise<string> {
  const error = await run.then(() => null, (e: unknown) => e);
  if (!(error instanceof BaseError)) throw new Error(`expected a revert, got ${error ? String(error) : "success"}`);
  const revert = decodeRegistryRevert(error);
  if (!revert) throw new Error(`undecoded failure: ${error.shortMessage}`);
  return revert.errorName;
}

async function signPermit(wallet: Wallet, value = PRICE, deadline = maxUint256) {
  const nonce = await publicClient.readContract({ address: token, abi: dataTokenAbi, functionName: "nonces", args: [wallet.account.address] });
  const signature = await wallet.signTypedData(
    permitTypedData({ token, chainId: chain.publicClient.chain!.id, owner: wallet.account.address, spender: registry, value, nonce, deadline }),
  );
  return { deadline, ...permitSignatureParts(signature) };
}
const buyWithPermit = (wallet: Wallet, p: Awaited<ReturnType<typeof signPermit>>, versionId = V1) =>
  write(wallet, registry, datasetRegistryAbi, "purchaseWithPermit", [versionId, p.deadline, p.v, p.r, p.s]);

describe("publish", () => {
  it("records the version once, with the block it was published in", async () => {
    const v = await readRegistryVersion(publicClient, registry, V1);
    expect(v).toMatchObject({ merkleRoot: ROOT, price: PRICE, licenceHash: LICENCE });
    expect(v!.publishedAtBlock).toBeGreaterThan(0n);
    expect(await readRegistryVersion(publicClient, registry, onChainVersionId("never"))).toBeNull();
  });

  it("is immutable: a second publish of the same id reverts, whatever it says", async () => {
    expect(await revertOf(write(admin, registry, datasetRegistryAbi, "publish", [V1, keccak256(toHex("other")), 1n, LICENCE]))).toBe("AlreadyPublished");
    expect((await readRegistryVersion(publicClient, registry, V1))!.price).toBe(PRICE);
  });

  it.each([
    ["an empty root", [onChainVersionId("x"), zeroHash, PRICE, LICENCE], "EmptyMerkleRoot"],
    ["a zero price", [onChainVersionId("x"), ROOT, 0n, LICENCE], "ZeroPrice"],
  ])("refuses %s", async (_what, args, error) => {
    expect(await revertOf(write(admin, registry, datasetRegistryAbi, "publish", args))).toBe(error);
  });

  it("needs the publisher role", async () => {
    const error = write(outsider, registry, datasetRegistryAbi, "publish", [onChainVersionId("x"), ROOT, PRICE, LICENCE]);
    expect(await revertOf(error)).toBe("AccessControlUnauthorizedAccount");
    expect(await publicClient.readContract({ address: registry, abi: datasetRegistryAbi, functionName: "hasRole", args: [PUBLISHER_ROLE, admin.account.address] })).toBe(true);
  });
});

describe("purchase (approve + purchase)", () => {
  it("pulls the price into the distributor's treasury and emits Purchased", async () => {
    const before = await balances();
    await approve(buyer);
    const receipt = await buy(buyer);
    const [event] = parseEventLogs({ abi: datasetRegistryAbi, eventName: "Purchased", logs: receipt.logs });
    expect(event!.args).toEqual({ buyer: buyer.account.address, versionId: V1, price: PRICE });
    expect(await balances()).toEqual([before[0]! - PRICE, before[1], before[2]! + PRICE, 0n]);
    expect(await publicClient.readContract({ address: registry, abi: datasetRegistryAbi, functionName: "hasPurchased", args: [V1, buyer.account.address] })).toBe(true);
    const logs = await purchasedLogs(publicClient, registry, receipt.blockNumber, receipt.blockNumber);
    expect(logs).toEqual([expect.objectContaining({ buyer: buyer.account.address, versionId: V1, price: PRICE, txHash: receipt.transactionHash })]);
  });

  it("refuses a buyer without the balance: no tokens move, no purchase recorded", async () => {
    await approve(poor);
    const before = await balances();
    const error = buy(poor).catch((e: unknown) => e);
    expect(decodeRegistryRevert(await error)?.errorName).toBe("ERC20InsufficientBalance");
    expect(describeRegistryRevert(await error)).toBe("Your wallet holds 10 DATA but this dataset costs 25 DATA.");
    expect(await balances()).toEqual(before);
    expect(await publicClient.readContract({ address: registry, abi: datasetRegistryAbi, functionName: "hasPurchased", args: [V1, poor.account.address] })).toBe(false);
  });

  it("refuses without an allowance, an unknown version, and a second purchase by the same wallet", async () => {
    expect(await revertOf(buy(buyer))).toBe("ERC20InsufficientAllowance");
    expect(await revertOf(buy(buyer, onChainVersionId("draft")))).toBe("UnknownVersion");
    await approve(buyer, PRICE * 2n);
    await buy(buyer);
    const before = await balances();
    expect(await revertOf(buy(buyer))).toBe("AlreadyPurchased");
    expect(await balances()).toEqual(before);
  });
});

describe("purchaseWithPermit", () => {
  it("buys in one transaction from a signature, leaving no allowance behind", async () => {
    const before = await balances();
    const receipt = await buyWithPermit(buyer, await signPermit(buyer));
    expect(parseEventLogs({ abi: datasetRegistryAbi, eventName: "Purchased", logs: receipt.logs })).toHaveLength(1);
    expect(await balances()).toEqual([before[0]! - PRICE, before[1], before[2]! + PRICE, 0n]);
    expect(await publicClient.readContract({ address: token, abi: dataTokenAbi, functionName: "allowance", args: [buyer.account.address, registry] })).toBe(0n);
  });

  it("refuses a replayed permit: the nonce is spent", async () => {
    const permit = await signPermit(buyer);
    await buyWithPermit(buyer, permit, V1);
    const V2 = onChainVersionId("version-2");
    await publishOnChain({ publicClient, walletClient: admin }, registry, { versionId: V2, merkleRoot: ROOT, priceWei: PRICE, licenceHash: LICENCE });
    const before = await balances();
    expect(await revertOf(buyWithPermit(buyer, permit, V2))).toBe("ERC2612InvalidSigner");
    expect(await balances()).toEqual(before);
  });

  it.each([
    ["signed by someone else", async () => ({ ...(await signPermit(outsider)) }), "ERC2612InvalidSigner"],
    ["for less than the price", async () => signPermit(buyer, PRICE - 1n), "ERC2612InvalidSigner"],
    ["past its deadline", async () => signPermit(buyer, PRICE, 1n), "ERC2612ExpiredSignature"],
  ])("refuses a permit %s", async (_what, make, error) => {
    const before = await balances();
    expect(await revertOf(buyWithPermit(buyer, await make()))).toBe(error);
    expect(await balances()).toEqual(before);
  });

  it("refuses an unknown version before touching the permit", async () => {
    expect(await revertOf(buyWithPermit(buyer, await signPermit(buyer), onChainVersionId("draft")))).toBe("UnknownVersion");
  });
});
