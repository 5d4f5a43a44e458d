// Funding a campaign's budget from an admin's wallet (issue 17, item 12) against a real SQLite file and the
// integration Hardhat node: the route reads the transfer from the chain before it raises a budget, and every bad
// input (amounts, callers, a transfer that does not match, one already counted, one that reverted) changes nothing.
import { randomBytes } from "node:crypto";
import { encodeFunctionData, keccak256, parseUnits, type Address, type Hash } from "viem";
import { beforeEach, describe, expect, it } from "vitest";
import { POST } from "@/app/api/admin/campaigns/[id]/funding/route";
import { dataTokenAbi } from "@/lib/chain/abi";
import { createPayoutWalletClient, createTesseraPublicClient } from "@/lib/chain/clients";
import { describeTransferError } from "@/lib/chain/treasury-funding";
import { dataBalanceOf, mintData } from "@/lib/chain/token";
import { getEnv } from "@/lib/env";
import { sha256Hex } from "@/lib/server/auth/tokens";
import { getTreasuryOverview } from "@/lib/server/campaigns/treasury-overview";
import { db } from "@/lib/server/db";
import { ensureDeployments } from "@/lib/server/ensure-deployment";
import { makeCampaign } from "../support/campaigns";
import { hardhatWallet, send } from "../support/datasets";
import { resetDb } from "../support/db-reset";
import { rpc } from "../support/payouts/payout-fixtures";
import { requestAs, userWithSession, type TestUser } from "../support/sessions";

const DATA = (n: string) => parseUnits(n, 18);
const publicClient = createTesseraPublicClient();
const adminWallet = hardhatWallet(6);

let token: Address;
let treasury: Address;
let campaignId: string;
let admin: TestUser;

/** An admin whose session address is a wallet this test can sign with. */
async function adminWithWallet(): Promise<TestUser> {
  const user = await db.user.create({ data: { address: adminWallet.account.address.toLowerCase(), displayName: "Funder" } });
  await db.roleGrant.create({ data: { userId: user.id, role: "ADMIN" } });
  const tokenText = randomBytes(24).toString("base64url");
  await db.session.create({ data: { tokenHash: sha256Hex(tokenText), userId: user.id, chainId: 31337, expiresAt: new Date(Date.now() + 3_600_000) } });
  return { id: user.id, address: user.address, cookie: `tessera_session=${tokenText}` };
}

function fundRequest(user: TestUser | null, body: unknown, id = campaignId) {
  const url = `${getEnv().appUrl}/api/admin/campaigns/${id}/funding`;
  const request = requestAs(user, url, { method: "POST", body: typeof body === "string" ? body : JSON.stringify(body), headers: { "content-type": "application/json", origin: new URL(getEnv().appUrl).origin } });
  return POST(request, { params: Promise.resolve({ id }) });
}

async function budgetOf(id = campaignId): Promise<bigint> {
  return BigInt((await db.campaign.findUniqueOrThrow({ where: { id }, select: { budgetWei: true } })).budgetWei);
}

async function transferToTreasury(amount: bigint): Promise<Hash> {
  return (await send(adminWallet, token, dataTokenAbi, "transfer", [treasury, amount])).transactionHash;
}

beforeEach(async () => {
  await resetDb();
  await rpc(publicClient, "hardhat_reset");
  const [t, d] = await ensureDeployments();
  [token, treasury] = [t!.address, d!.address];
  await mintData({ publicClient, walletClient: createPayoutWalletClient() }, token, adminWallet.account.address, DATA("100"));
  admin = await adminWithWallet();
  campaignId = (await makeCampaign({ status: "OPEN" })).id;
});

describe("funding a campaign", () => {
  it("raises the budget by a transfer read from the chain, once, and the treasury page shows the balance that backs it", async () => {
    const before = await budgetOf();
    const treasuryBefore = await dataBalanceOf(publicClient, token, treasury);
    const txHash = await transferToTreasury(DATA("25"));

    const response = await fundRequest(admin, { amount: "25", txHash });
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ ok: true, amountWei: DATA("25").toString(), budgetWei: (before + DATA("25")).toString() });
    expect(await budgetOf()).toBe(before + DATA("25"));
    expect(await dataBalanceOf(publicClient, token, treasury)).toBe(treasuryBefore + DATA("25"));
    expect(await db.campaignFunding.count({ where: { campaignId, txHash: txHash.toLowerCase() } })).toBe(1);
    expect(await db.auditEvent.count({ where: { action: "campaign.fund" } })).toBe(1);

    // The same transfer again, for this campaign or another: counted once.
    const other = (await makeCampaign({ status: "OPEN" })).id;
    const otherBefore = await budgetOf(other);
    const again = await fundRequest(admin, { amount: "25", txHash });
    expect(again.status).toBe(409);
    expect((await fundRequest(admin, { amount: "25", txHash }, other)).status).toBe(409);
    expect(await budgetOf()).toBe(before + DATA("25"));
    expect(await budgetOf(other)).toBe(otherBefore);

    const overview = await getTreasuryOverview({ id: admin.id, address: admin.address, displayName: null, roles: ["ADMIN"] });
    expect(overview.treasury).toBe(treasury);
    expect(overview.coverage?.balanceWei).toBe(treasuryBefore + DATA("25"));
    const row = overview.campaigns.find((c) => c.id === campaignId)!;
    expect(row.budgetWei).toBe(before + DATA("25"));
    expect(row.remainingWei).toBe(before + DATA("25"));
    // Two open campaigns owe their whole budgets; the treasury holds only what was moved into it here.
    expect(overview.coverage?.owedWei).toBe(before + DATA("25") + otherBefore);
    expect(overview.coverage?.covered).toBe(treasuryBefore + DATA("25") >= before + DATA("25") + otherBefore);
  });

  it.each([
    ["zero", "0", /more than 0/],
    ["negative", "-5", /must be a number of DATA/],
    ["not a number", "ten", /must be a number of DATA/],
    ["empty", "", /must be a number of DATA/],
    ["too many decimals", "1.0000000000000000001", /must be a number of DATA/],
  ])("refuses a %s amount with 422 and changes nothing", async (_, amount, message) => {
    const before = await budgetOf();
    const txHash = await transferToTreasury(DATA("5"));
    const response = await fundRequest(admin, { amount, txHash });
    expect(response.status).toBe(422);
    const body = (await response.json()) as { error: { details: { fieldErrors: { amount: string[] } } } };
    expect(body.error.details.fieldErrors.amount.join(" ")).toMatch(message);
    expect(await budgetOf()).toBe(before);
    expect(await db.campaignFunding.count()).toBe(0);
  });

  it("refuses callers who are not admins, and requests that are not what they claim", async () => {
    const before = await budgetOf();
    const txHash = await transferToTreasury(DATA("5"));
    const someone = await userWithSession();
    expect((await fundRequest(someone, { amount: "5", txHash })).status).toBe(403);
    expect((await fundRequest(null, { amount: "5", txHash })).status).toBe(401);
    // Another amount than the transfer moved.
    const mismatch = await fundRequest(admin, { amount: "6", txHash });
    expect(mismatch.status).toBe(422);
    expect(((await mismatch.json()) as { error: { message: string } }).error.message).toMatch(/does not move exactly that amount of DATA from your wallet to the treasury/);
    // A hash that names no transaction, a malformed one, a body that is not JSON, an unknown campaign.
    expect((await fundRequest(admin, { amount: "5", txHash: `0x${"ab".repeat(32)}` })).status).toBe(404);
    expect((await fundRequest(admin, { amount: "5", txHash: "0x1234" })).status).toBe(422);
    expect((await fundRequest(admin, "{not json")).status).toBe(400);
    expect((await fundRequest(admin, { amount: "5", txHash }, "no-such-campaign")).status).toBe(404);
    expect(await budgetOf()).toBe(before);
    expect(await db.campaignFunding.count()).toBe(0);
  });

  it("a transfer to the treasury from someone else's wallet funds nothing", async () => {
    const before = await budgetOf();
    const stranger = hardhatWallet(7);
    await mintData({ publicClient, walletClient: createPayoutWalletClient() }, token, stranger.account.address, DATA("5"));
    const txHash = (await send(stranger, token, dataTokenAbi, "transfer", [treasury, DATA("5")])).transactionHash;
    expect((await fundRequest(admin, { amount: "5", txHash })).status).toBe(422);
    expect(await budgetOf()).toBe(before);
  });

  it("more than the wallet holds: the simulation refuses with the decoded error, and a reverted transfer is refused with its reason", async () => {
    const before = await budgetOf();
    // What the Fund button does first: simulate. The token's custom error comes back as a sentence.
    const simulated = await publicClient
      .simulateContract({ account: adminWallet.account, address: token, abi: dataTokenAbi, functionName: "transfer", args: [treasury, DATA("1000")] })
      .then(() => null, (error: unknown) => describeTransferError(error));
    expect(simulated).toBe(`The wallet ${adminWallet.account.address} holds 100 DATA but the transfer needs 1000 DATA.`);

    // A wallet that skips the simulation: the transfer is mined and reverts. Signed here, so its hash is known even
    // when the node answers the send with an error.
    const nonce = await publicClient.getTransactionCount({ address: adminWallet.account.address });
    const signed = await adminWallet.signTransaction({
      to: token,
      data: encodeFunctionData({ abi: dataTokenAbi, functionName: "transfer", args: [treasury, DATA("1000")] }),
      gas: 100_000n,
      nonce,
      maxFeePerGas: 10_000_000_000n,
      maxPriorityFeePerGas: 1_000_000_000n,
      chain: adminWallet.chain,
      account: adminWallet.account,
    });
    const txHash = keccak256(signed);
    await publicClient.sendRawTransaction({ serializedTransaction: signed }).catch(() => undefined);
    expect((await publicClient.getTransactionReceipt({ hash: txHash })).status).toBe("reverted");

    const response = await fundRequest(admin, { amount: "1000", txHash });
    expect(response.status).toBe(422);
    const { error } = (await response.json()) as { error: { message: string } };
    expect(error.message).toContain("The transfer reverted on-chain, so no DATA reached the treasury and the budget is unchanged.");
    expect(error.message).toContain("holds 100 DATA but the transfer needs 1000 DATA");
    expect(await budgetOf()).toBe(before);
    expect(await db.campaignFunding.count()).toBe(0);
  });

  it("funds payouts the old budget left waiting, oldest first", async () => {
    const contributor = await userWithSession();
    await db.campaign.update({ where: { id: campaignId }, data: { budgetWei: DATA("1").toString() } });
    await db.campaignPayoutLedger.create({ data: { campaignId, fundedWei: DATA("1").toString() } });
    await db.payout.create({ data: { key: `reward:s1:${contributor.id}`, reason: "reward", subjectId: "s1", recipientId: contributor.id, campaignId, amountWei: DATA("2").toString(), status: "UNFUNDED" } });
    const txHash = await transferToTreasury(DATA("2"));
    const response = await fundRequest(admin, { amount: "2", txHash });
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ fundedPayouts: 1 });
    expect(await db.payout.count({ where: { campaignId, status: "PENDING" } })).toBe(1);
  });
});
