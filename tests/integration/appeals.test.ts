// Filing an appeal and crediting its bond (issue 18), against a real SQLite file and the integration Hardhat node:
// the service checks who, what, when and how much before anything is written, and the appeal opens only once the
// escrow indexer read a BondPosted event from the appellant's wallet for at least the bond filed.
import { randomBytes } from "node:crypto";
import { parseUnits, type Address, type Hex } from "viem";
import { beforeEach, describe, expect, it } from "vitest";
import { POST } from "@/app/api/appeals/route";
import { createPayoutWalletClient, createTesseraPublicClient, type TesseraWalletClient } from "@/lib/chain/clients";
import { dataBalanceOf, mintData } from "@/lib/chain/token";
import { getEnv } from "@/lib/env";
import type { SessionUser } from "@/lib/server/auth/session";
import { sha256Hex } from "@/lib/server/auth/tokens";
import { db } from "@/lib/server/db";
import { ensureDeployments } from "@/lib/server/ensure-deployment";
import { fileAppeal } from "@/lib/server/trust/appeals";
import { makeCampaign } from "../support/campaigns";
import { hardhatWallet } from "../support/datasets";
import { resetDb } from "../support/db-reset";
import { escrowWrite, indexEscrowToHead } from "../support/escrow";
import { rpc } from "../support/payouts/payout-fixtures";
import { pendingSample } from "../support/reviews";
import { requestAs, type TestUser } from "../support/sessions";

const DATA = (n: string) => parseUnits(n, 18);
const DAY = 24 * 3600 * 1000;
const publicClient = createTesseraPublicClient();
const contributorWallet = hardhatWallet(7);
const otherWallet = hardhatWallet(8);

let token: Address;
let escrow: Address;
let contributor: SessionUser;
let sampleId: string;
let decidedAt: Date;

const balanceOf = (address: Address) => dataBalanceOf(publicClient, token, address);
const file = (actor: SessionUser, input: unknown, now = new Date(decidedAt.getTime() + DAY)) => fileAppeal(actor, input, { now, balanceOf });

/** A write by `wallet` to the token or the escrow, in the app's order. */
const write = (wallet: TesseraWalletClient, address: Address, functionName: string, args: readonly unknown[]) => escrowWrite(wallet, { address, isToken: address === token }, functionName, args);

async function postBond(wallet: TesseraWalletClient, bondKey: Hex, amount: bigint) {
  await write(wallet, token, "approve", [escrow, amount]);
  return write(wallet, escrow, "postBond", [bondKey, amount]);
}

const indexAll = indexEscrowToHead;

/** The wallet's user, signed in. */
async function userOf(wallet: TesseraWalletClient): Promise<SessionUser> {
  const address = wallet.account.address.toLowerCase();
  const user = await db.user.upsert({ where: { address }, create: { address }, update: {} });
  return { id: user.id, address, displayName: null, roles: [] };
}

beforeEach(async () => {
  await resetDb();
  await rpc(publicClient, "hardhat_reset");
  const deployments = await ensureDeployments();
  token = deployments.find((d) => d.name === "DataToken")!.address;
  escrow = deployments.find((d) => d.name === "ReviewEscrow")!.address;
  const payout = { publicClient, walletClient: createPayoutWalletClient() };
  await mintData(payout, token, contributorWallet.account.address, DATA("10"));
  await mintData(payout, token, otherWallet.account.address, DATA("10"));
  contributor = await userOf(contributorWallet);
  // The campaign's reward (2 DATA) is the smallest bond by default.
  const campaign = await makeCampaign();
  decidedAt = new Date(Date.now() - DAY);
  sampleId = (await pendingSample(campaign.id, contributor.id)).id;
  await db.sample.update({ where: { id: sampleId }, data: { status: "REJECTED", decidedAt } });
});

describe("filing an appeal", () => {
  it("records it waiting for its bond, returns the same on a second filing, and opens it once the indexer credits the bond", async () => {
    const filed = await file(contributor, { sampleId, bondWei: DATA("2").toString() });
    expect(filed).toMatchObject({ state: "AWAITING_BOND", bondWei: DATA("2").toString(), escrow });
    expect(await file(contributor, { sampleId, bondWei: DATA("2").toString() })).toEqual(filed);

    // Nothing opens on the browser's word: only the escrow's event does.
    const receipt = await postBond(contributorWallet, filed.bondKey, DATA("2"));
    expect((await db.appeal.findUniqueOrThrow({ where: { id: filed.appealId } })).state).toBe("AWAITING_BOND");
    await indexAll();
    expect(await db.appeal.findUniqueOrThrow({ where: { id: filed.appealId } })).toMatchObject({ state: "OPEN", bondTxHash: receipt.transactionHash });
    expect(await balanceOf(escrow)).toBe(DATA("2"));

    // Appealed once: a second appeal is refused.
    await expect(file(contributor, { sampleId, bondWei: DATA("2").toString() })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/already been appealed/) });
  });

  it.each<[string, () => Promise<unknown>, string, RegExp]>([
    ["after the window", () => file(contributor, { sampleId, bondWei: DATA("2").toString() }, new Date(decidedAt.getTime() + 7 * DAY + 1)), "CONFLICT", /appeal window closed on \d{4}-\d\d-\d\d, 7 days after the decision/],
    ["by someone else", async () => file(await userOf(otherWallet), { sampleId, bondWei: DATA("2").toString() }), "FORBIDDEN", /Only the sample's contributor/],
    ["with a bond below the campaign's", () => file(contributor, { sampleId, bondWei: DATA("1").toString() }), "VALIDATION", /at least 2 DATA; 1 DATA was offered/],
    ["with a bond above the wallet's balance", () => file(contributor, { sampleId, bondWei: DATA("50").toString() }), "CONFLICT", /bond is 50 DATA but the wallet holds 10 DATA/],
    ["of an unknown sample", () => file(contributor, { sampleId: "no-such-sample", bondWei: DATA("2").toString() }), "NOT_FOUND", /does not exist/],
  ])("is refused %s, and nothing is written", async (_, run, code, message) => {
    await expect(run()).rejects.toMatchObject({ code, message: expect.stringMatching(message) });
    expect(await db.appeal.count()).toBe(0);
  });

  it("is refused for an accepted sample, and for a malformed bond", async () => {
    await db.sample.update({ where: { id: sampleId }, data: { status: "ACCEPTED" } });
    await expect(file(contributor, { sampleId, bondWei: DATA("2").toString() })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/Only a rejected sample/) });
    await db.sample.update({ where: { id: sampleId }, data: { status: "REJECTED" } });
    for (const bondWei of ["-1", "2.5", "", "1e18"]) await expect(file(contributor, { sampleId, bondWei })).rejects.toThrow();
    await expect(file(contributor, { sampleId, bondWei: DATA("2").toString(), extra: true })).rejects.toThrow();
    expect(await db.appeal.count()).toBe(0);
  });
});

describe("concurrent filings", () => {
  it("of two samples both go through; of one sample, one wins and the other is told it was appealed", async () => {
    const campaign = await makeCampaign();
    const other = (await pendingSample(campaign.id, contributor.id)).id;
    await db.sample.update({ where: { id: other }, data: { status: "REJECTED", decidedAt } });
    const bondWei = DATA("2").toString();
    const both = await Promise.allSettled([file(contributor, { sampleId, bondWei }), file(contributor, { sampleId: other, bondWei })]);
    expect(both.map((r) => r.status)).toEqual(["fulfilled", "fulfilled"]);

    const third = (await pendingSample(campaign.id, contributor.id)).id;
    await db.sample.update({ where: { id: third }, data: { status: "REJECTED", decidedAt } });
    const race = await Promise.allSettled(Array.from({ length: 4 }, () => file(contributor, { sampleId: third, bondWei })));
    const won = race.filter((r): r is PromiseFulfilledResult<Awaited<ReturnType<typeof fileAppeal>>> => r.status === "fulfilled");
    // A filing that finds the appeal already waiting for its bond gets that same appeal back; any other is refused.
    expect(new Set(won.map((r) => r.value.appealId)).size).toBe(1);
    for (const r of race) if (r.status === "rejected") expect(r.reason).toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/already been appealed/) });
    expect(await db.appeal.count({ where: { sampleId: third } })).toBe(1);
  });
});

describe("crediting a bond", () => {
  it("opens nothing for a bond from another wallet under the appeal's key, or below the bond filed", async () => {
    const filed = await file(contributor, { sampleId, bondWei: DATA("2").toString() });
    await postBond(otherWallet, filed.bondKey, DATA("2"));
    let steps = await indexAll();
    expect(steps.flatMap((s) => ("ignored" in s ? s.ignored : [])).map((i) => i.reason)).toEqual([expect.stringMatching(/came from another wallet/)]);
    expect((await db.appeal.findUniqueOrThrow({ where: { id: filed.appealId } })).state).toBe("AWAITING_BOND");

    // A bond from the appellant's own wallet, but smaller than the bond filed (another sample's appeal), opens nothing
    // either.
    const campaign = await makeCampaign();
    const second = (await pendingSample(campaign.id, contributor.id)).id;
    await db.sample.update({ where: { id: second }, data: { status: "REJECTED", decidedAt } });
    const small = await file(contributor, { sampleId: second, bondWei: DATA("2").toString() });
    await postBond(contributorWallet, small.bondKey, DATA("1"));
    steps = await indexAll();
    expect(steps.flatMap((s) => ("ignored" in s ? s.ignored : [])).map((i) => i.reason)).toEqual([expect.stringMatching(/less than the 2000000000000000000 wei filed/)]);
    expect((await db.appeal.findUniqueOrThrow({ where: { id: small.appealId } })).state).toBe("AWAITING_BOND");
    expect(await db.auditEvent.count({ where: { action: "escrow.bond-unmatched" } })).toBe(2);
  });
});

describe("POST /api/appeals", () => {
  /** The contributor's wallet user with a session cookie. */
  async function signedIn(): Promise<TestUser> {
    const tokenText = randomBytes(24).toString("base64url");
    await db.session.create({ data: { tokenHash: sha256Hex(tokenText), userId: contributor.id, chainId: 31337, expiresAt: new Date(Date.now() + 3_600_000) } });
    return { id: contributor.id, address: contributor.address, cookie: `tessera_session=${tokenText}` };
  }
  const appeal = (user: TestUser | null, body: unknown) =>
    POST(requestAs(user, `${getEnv().appUrl}/api/appeals`, { method: "POST", body: typeof body === "string" ? body : JSON.stringify(body), headers: { "content-type": "application/json", origin: new URL(getEnv().appUrl).origin } }));

  it("answers 201 with the bond's key, and a clear 4xx with nothing written for a bad request", async () => {
    // The sample was decided a day ago: well within the window.
    const user = await signedIn();
    expect((await appeal(null, { sampleId, bondWei: DATA("2").toString() })).status).toBe(401);
    const malformed = await appeal(user, "{not json");
    expect(malformed.status).toBe(400);
    const wrongType = await appeal(user, { sampleId, bondWei: 2 });
    expect(wrongType.status).toBe(422);
    const small = await appeal(user, { sampleId, bondWei: "1" });
    expect(small.status).toBe(422);
    expect(((await small.json()) as { error: { message: string } }).error.message).toMatch(/at least 2 DATA/);
    expect(await db.appeal.count()).toBe(0);

    const ok = await appeal(user, { sampleId, bondWei: DATA("2").toString() });
    expect(ok.status).toBe(201);
    expect(await ok.json()).toMatchObject({ ok: true, state: "AWAITING_BOND", escrow, bondKey: expect.stringMatching(/^0x[0-9a-f]{64}$/) });
  });
});
