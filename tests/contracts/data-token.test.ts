// DataToken against Hardhat's in-process network: no node to start, a snapshot taken before each test and reverted
// after it, so every test starts from the same freshly deployed token.
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  BaseError,
  ContractFunctionRevertedError,
  decodeErrorResult,
  keccak256,
  parseSignature,
  parseUnits,
  toHex,
  zeroAddress,
  zeroHash,
  type Address,
  type Hex,
  type PublicClient,
} from "viem";
import { hardhat } from "viem/chains";
import { dataTokenAbi } from "@/lib/chain/abi";
import { deployDataToken, hasCode } from "@/lib/chain/deploy-contracts";
import { inProcessChain, type InProcessChain, type TestWallet as Wallet } from "./in-process-chain";

const MINTER_ROLE = keccak256(toHex("MINTER_ROLE"));
const DEFAULT_ADMIN_ROLE = zeroHash;

let chain: InProcessChain;
let publicClient: PublicClient;
let admin: Wallet;
let alice: Wallet;
let bob: Wallet;
let token: Address;
let snapshot: Hex;

beforeAll(async () => {
  chain = await inProcessChain();
  publicClient = chain.publicClient;
  [admin, alice, bob] = [chain.wallet(0), chain.wallet(1), chain.wallet(2)];
  token = (await deployDataToken({ walletClient: admin, publicClient, admin: admin.account.address })).address;
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
  totalSupply: () => publicClient.readContract({ address: token, abi: dataTokenAbi, functionName: "totalSupply" }),
  hasRole: (role: Hex, who: Address) => publicClient.readContract({ address: token, abi: dataTokenAbi, functionName: "hasRole", args: [role, who] }),
  allowance: (owner: Address, spender: Address) =>
    publicClient.readContract({ address: token, abi: dataTokenAbi, functionName: "allowance", args: [owner, spender] }),
  nonces: (owner: Address) => publicClient.readContract({ address: token, abi: dataTokenAbi, functionName: "nonces", args: [owner] }),
};

type WriteName = "mint" | "grantRole" | "revokeRole" | "permit" | "transferFrom";

/** A write in viem's order (simulate, write, receipt, status), as the app does it. */
async function write(wallet: Wallet, functionName: WriteName, args: readonly unknown[]): Promise<void> {
  const { request } = await publicClient.simulateContract({
    account: wallet.account,
    address: token,
    abi: dataTokenAbi,
    functionName,
    args,
  } as never);
  const hash = await wallet.writeContract(request as never);
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  expect(receipt.status).toBe("success");
}

/** Runs a write expected to revert and returns the custom error it reverted with, decoded against the token's ABI. */
async function revertOf(wallet: Wallet, functionName: WriteName, args: readonly unknown[]): Promise<{ errorName: string; args: readonly unknown[] }> {
  const error = await write(wallet, functionName, args).then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof BaseError)) throw new Error(`expected ${functionName} to revert, but it ${error ? `threw ${String(error)}` : "succeeded"}`);
  const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError);
  if (!(reverted instanceof ContractFunctionRevertedError) || !reverted.raw) throw new Error(`no revert data in: ${error.shortMessage}`);
  const decoded = decodeErrorResult({ abi: dataTokenAbi, data: reverted.raw });
  return { errorName: decoded.errorName, args: decoded.args ?? [] };
}

describe("deployment", () => {
  it("starts as an empty 18-decimal token named Tessera Data (DATA)", async () => {
    const call = <F extends "name" | "symbol" | "decimals">(functionName: F) =>
      publicClient.readContract({ address: token, abi: dataTokenAbi, functionName });
    expect(await call("name")).toBe("Tessera Data");
    expect(await call("symbol")).toBe("DATA");
    expect(await call("decimals")).toBe(18);
    expect(await read.totalSupply()).toBe(0n);
    expect(await read.balanceOf(admin.account.address)).toBe(0n);
  });

  it("leaves code at the returned address, which hasCode sees, and none at an account", async () => {
    expect(await hasCode(publicClient, token)).toBe(true);
    expect(await hasCode(publicClient, alice.account.address)).toBe(false);
  });

  it("refuses the zero address as admin", async () => {
    const error = await deployDataToken({ walletClient: admin, publicClient, admin: zeroAddress }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(BaseError);
    // deployContract knows no ABI, so the revert arrives as raw data somewhere in the cause chain.
    const withData = (error as BaseError).walk((e) => typeof (e as { data?: unknown }).data === "string");
    const data = (withData as { data?: Hex } | null)?.data;
    expect(data, "revert data").toMatch(/^0x/);
    expect(decodeErrorResult({ abi: dataTokenAbi, data: data! }).errorName).toBe("DataTokenZeroAdmin");
  });
});

describe("roles", () => {
  it("exposes MINTER_ROLE as keccak256(\"MINTER_ROLE\")", async () => {
    expect(await publicClient.readContract({ address: token, abi: dataTokenAbi, functionName: "MINTER_ROLE" })).toBe(MINTER_ROLE);
  });

  it("gives the admin DEFAULT_ADMIN_ROLE and MINTER_ROLE, and nobody else either", async () => {
    expect(await read.hasRole(DEFAULT_ADMIN_ROLE, admin.account.address)).toBe(true);
    expect(await read.hasRole(MINTER_ROLE, admin.account.address)).toBe(true);
    for (const other of [alice, bob]) {
      expect(await read.hasRole(DEFAULT_ADMIN_ROLE, other.account.address)).toBe(false);
      expect(await read.hasRole(MINTER_ROLE, other.account.address)).toBe(false);
    }
  });

  it("lets the admin grant MINTER_ROLE, after which that account can mint, and revoke it again", async () => {
    await write(admin, "grantRole", [MINTER_ROLE, alice.account.address]);
    expect(await read.hasRole(MINTER_ROLE, alice.account.address)).toBe(true);
    await write(alice, "mint", [bob.account.address, 5n]);
    expect(await read.balanceOf(bob.account.address)).toBe(5n);

    await write(admin, "revokeRole", [MINTER_ROLE, alice.account.address]);
    expect(await read.hasRole(MINTER_ROLE, alice.account.address)).toBe(false);
    const revert = await revertOf(alice, "mint", [bob.account.address, 5n]);
    expect(revert).toEqual({ errorName: "AccessControlUnauthorizedAccount", args: [alice.account.address, MINTER_ROLE] });
    expect(await read.balanceOf(bob.account.address)).toBe(5n);
  });

  it("does not let a non-admin grant MINTER_ROLE", async () => {
    const revert = await revertOf(alice, "grantRole", [MINTER_ROLE, alice.account.address]);
    expect(revert).toEqual({ errorName: "AccessControlUnauthorizedAccount", args: [alice.account.address, DEFAULT_ADMIN_ROLE] });
    expect(await read.hasRole(MINTER_ROLE, alice.account.address)).toBe(false);
  });
});

describe("mint", () => {
  it("credits the recipient and grows the total supply", async () => {
    const amount = parseUnits("12.5", 18);
    await write(admin, "mint", [alice.account.address, amount]);
    await write(admin, "mint", [bob.account.address, 1n]);
    expect(await read.balanceOf(alice.account.address)).toBe(amount);
    expect(await read.balanceOf(bob.account.address)).toBe(1n);
    expect(await read.totalSupply()).toBe(amount + 1n);
  });

  it("reverts for a non-minter with AccessControlUnauthorizedAccount(caller, MINTER_ROLE)", async () => {
    const revert = await revertOf(alice, "mint", [alice.account.address, 1n]);
    expect(revert).toEqual({ errorName: "AccessControlUnauthorizedAccount", args: [alice.account.address, MINTER_ROLE] });
    expect(await read.totalSupply()).toBe(0n);
  });

  it("starts every test from the deployed state (the previous tests' mints were reverted)", async () => {
    expect(await read.totalSupply()).toBe(0n);
    expect(await read.hasRole(MINTER_ROLE, alice.account.address)).toBe(false);
  });
});

describe("permit (ERC-2612)", () => {
  const value = parseUnits("3", 18);

  async function latestTimestamp(): Promise<bigint> {
    return (await publicClient.getBlock()).timestamp;
  }

  /** alice (owner) signs an allowance for bob (spender); bob submits it, so alice needs no transaction. */
  async function signPermit(opts: { nonce: bigint; deadline: bigint }) {
    const signature = await alice.signTypedData({
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
      message: { owner: alice.account.address, spender: bob.account.address, value, nonce: opts.nonce, deadline: opts.deadline },
    });
    const { r, s, yParity } = parseSignature(signature);
    return [alice.account.address, bob.account.address, value, opts.deadline, 27 + yParity, r, s] as const;
  }

  it("publishes the EIP-712 domain the app signs against", async () => {
    const [, name, version, chainId, verifyingContract] = await publicClient.readContract({
      address: token,
      abi: dataTokenAbi,
      functionName: "eip712Domain",
    });
    expect({ name, version, chainId, verifyingContract }).toEqual({ name: "Tessera Data", version: "1", chainId: BigInt(hardhat.id), verifyingContract: token });
  });

  it("sets the allowance from a signature, bumps the nonce, and the spender can then pull the tokens", async () => {
    await write(admin, "mint", [alice.account.address, value]);
    expect(await read.nonces(alice.account.address)).toBe(0n);

    await write(bob, "permit", await signPermit({ nonce: 0n, deadline: (await latestTimestamp()) + 3600n }));
    expect(await read.allowance(alice.account.address, bob.account.address)).toBe(value);
    expect(await read.nonces(alice.account.address)).toBe(1n);

    await write(bob, "transferFrom", [alice.account.address, bob.account.address, value]);
    expect(await read.balanceOf(bob.account.address)).toBe(value);
    expect(await read.allowance(alice.account.address, bob.account.address)).toBe(0n);
  });

  it("rejects a replayed permit: the nonce moved on, so the signature recovers to someone else", async () => {
    // The harmful replay: bob spends the allowance, then tries to re-grant it to himself with the same signature.
    await write(admin, "mint", [alice.account.address, 2n * value]);
    const permit = await signPermit({ nonce: 0n, deadline: (await latestTimestamp()) + 3600n });
    await write(bob, "permit", permit);
    await write(bob, "transferFrom", [alice.account.address, bob.account.address, value]);

    const revert = await revertOf(bob, "permit", permit);
    expect(revert.errorName).toBe("ERC2612InvalidSigner");
    const [signer, owner] = revert.args;
    expect(owner).toBe(alice.account.address);
    expect(signer).not.toBe(alice.account.address);
    expect(await read.allowance(alice.account.address, bob.account.address)).toBe(0n);
    expect(await read.nonces(alice.account.address)).toBe(1n);
  });

  it("rejects a permit whose deadline has passed with ERC2612ExpiredSignature(deadline)", async () => {
    const deadline = (await latestTimestamp()) - 1n;
    const revert = await revertOf(bob, "permit", await signPermit({ nonce: 0n, deadline }));
    expect(revert).toEqual({ errorName: "ERC2612ExpiredSignature", args: [deadline] });
    expect(await read.allowance(alice.account.address, bob.account.address)).toBe(0n);
    expect(await read.nonces(alice.account.address)).toBe(0n);
  });
});
