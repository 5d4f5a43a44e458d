// A payout world for integration tests: a fresh chain with our contracts, a funded treasury, a campaign and
// contributors, and helpers to earn rows and to read what the chain and the ledger say.
import { getAddress, parseUnits, type Address, type PublicClient } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { createPayoutWalletClient, createTesseraPublicClient } from "@/lib/chain/clients";
import { dataBalanceOf, mintData } from "@/lib/chain/token";
import { PAYOUT_REASONS } from "@/lib/domain/payouts/reasons";
import { db } from "@/lib/server/db";
import { ensureDeployments } from "@/lib/server/ensure-deployment";
import { earnPayouts, type EarnItem } from "@/lib/server/payouts/earn-payouts";
import { waitFor } from "../../../scripts/lib/processes";
import { resetDb } from "../db-reset";

export type PayoutWorld = {
  publicClient: PublicClient;
  token: Address;
  distributor: Address;
  campaignId: string;
  users: { id: string; address: Address }[];
};

export async function rpc<T = unknown>(publicClient: PublicClient, method: string, params: unknown[] = []): Promise<T> {
  return (await publicClient.request({ method: method as never, params: params as never })) as T;
}

/** Empty database, fresh chain, contracts deployed, `treasury` DATA in the distributor, `recipients` new users. */
export async function setupPayoutWorld(opts: { recipients: number; budget?: bigint; treasury?: bigint }): Promise<PayoutWorld> {
  const publicClient = createTesseraPublicClient();
  await resetDb();
  await rpc(publicClient, "hardhat_reset");
  const [token, distributor] = await ensureDeployments();
  const treasury = opts.treasury ?? parseUnits("1000000", 18);
  if (treasury > 0n) await mintData({ publicClient, walletClient: createPayoutWalletClient() }, token!.address, distributor!.address, treasury);
  const campaign = await db.campaign.create({
    data: {
      slug: `payout-test-${Date.now()}`,
      title: "Payout test",
      description: "Rows for payout tests",
      dataType: "TEXT",
      labelSchema: { kind: "single_label", labels: ["a", "b"] },
      rewardWei: parseUnits("1", 18).toString(),
      budgetWei: (opts.budget ?? parseUnits("1000000", 18)).toString(),
      targetSamples: 1000,
      licence: "CC0-1.0",
      status: "OPEN",
    },
  });
  const users = await createUsers(opts.recipients);
  return { publicClient, token: token!.address, distributor: distributor!.address, campaignId: campaign.id, users };
}

export async function createUsers(count: number): Promise<{ id: string; address: Address }[]> {
  const users: { id: string; address: Address }[] = [];
  for (let i = 0; i < count; i++) {
    const address = privateKeyToAccount(generatePrivateKey()).address;
    const user = await db.user.create({ data: { address: address.toLowerCase() }, select: { id: true } });
    users.push({ id: user.id, address });
  }
  return users;
}

let subjectCounter = 0;

/** `count` accepted-sample rewards dealt round-robin over `users`, with varied amounts, earned in one transaction. */
export async function earnRewards(world: PayoutWorld, count: number, users = world.users) {
  const items: EarnItem[] = Array.from({ length: count }, () => {
    const n = subjectCounter++;
    return {
      reason: PAYOUT_REASONS.SAMPLE_ACCEPTED,
      subjectId: `sample-${process.pid}-${n}`,
      recipientUserId: users[n % users.length]!.id,
      amountWei: parseUnits("1", 18) + BigInt(n) * 1_000_000_007n,
      campaignId: world.campaignId,
    };
  });
  return db.$transaction((tx) => earnPayouts(tx, items));
}

/** Per recipient address: DATA received on-chain vs the sum of its PAID rows, plus the ledger's overall state. */
export async function ledgerVersusChain(world: PayoutWorld) {
  const rows = await db.payout.findMany({ select: { status: true, amountWei: true, recipient: { select: { address: true } } } });
  const paidByRecipient = new Map<string, bigint>();
  for (const row of rows) {
    if (row.status !== "PAID") continue;
    const key = getAddress(row.recipient.address);
    paidByRecipient.set(key, (paidByRecipient.get(key) ?? 0n) + BigInt(row.amountWei));
  }
  const mismatches: { address: Address; onChain: bigint; ledger: bigint }[] = [];
  for (const user of world.users) {
    const onChain = await dataBalanceOf(world.publicClient, world.token, user.address);
    const ledger = paidByRecipient.get(user.address) ?? 0n;
    if (onChain !== ledger) mismatches.push({ address: user.address, onChain, ledger });
  }
  const byStatus = rows.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.status]: (acc[r.status] ?? 0) + 1 }), {});
  return { mismatches, byStatus, total: rows.length };
}

/** Polls `check` until it returns true; fails naming `what` after `timeoutMs`. */
export function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs = 30_000, intervalMs = 50): Promise<void> {
  return waitFor(what, check, timeoutMs, intervalMs);
}

export async function allPaid(): Promise<boolean> {
  return (await db.payout.count({ where: { status: { not: "PAID" } } })) === 0;
}
