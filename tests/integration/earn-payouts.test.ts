import { parseUnits } from "viem";
import { beforeEach, describe, expect, it } from "vitest";
import { PAYOUT_REASONS } from "@/lib/domain/payouts/reasons";
import { db } from "@/lib/server/db";
import { earnPayouts, type EarnItem } from "@/lib/server/payouts/earn-payouts";
import { fundUnfundedPayouts } from "@/lib/server/payouts/fund-unfunded-payouts";
import { resetDb } from "../support/db-reset";
import { createUsers } from "../support/payouts/payout-fixtures";

const DATA = (n: string) => parseUnits(n, 18);
let campaignId: string;
let ada: string;
let bob: string;

async function campaign(budget: string): Promise<string> {
  const c = await db.campaign.create({
    data: {
      slug: `earn-${Math.random().toString(36).slice(2)}`,
      title: "Earn test",
      description: "-",
      dataType: "TEXT",
      labelSchema: { kind: "single_label", labels: ["a"] },
      rewardWei: DATA("4").toString(),
      budgetWei: DATA(budget).toString(),
      targetSamples: 10,
      licence: "CC0-1.0",
    },
  });
  return c.id;
}

const reward = (subjectId: string, recipientUserId: string, amount: string, campaign = campaignId): EarnItem => ({
  reason: PAYOUT_REASONS.SAMPLE_ACCEPTED,
  subjectId,
  recipientUserId,
  amountWei: DATA(amount),
  campaignId: campaign,
});
const earn = (items: EarnItem[]) => db.$transaction((tx) => earnPayouts(tx, items));
const statuses = async () => (await db.payout.findMany({ orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { subjectId: true, status: true } })).map((r) => `${r.subjectId}:${r.status}`);

beforeEach(async () => {
  await resetDb();
  [ada, bob] = (await createUsers(2)).map((u) => u.id) as [string, string];
  campaignId = await campaign("10");
});

describe("earnPayouts", () => {
  it("is idempotent: the same reason, subject and recipient is earned once, whatever the amount asked the second time", async () => {
    const first = await earn([reward("s1", ada, "4"), { ...reward("s1", bob, "1"), reason: PAYOUT_REASONS.REVIEW_AGREED }]);
    expect(first.map((p) => [p.status, p.created])).toEqual([
      ["PENDING", true],
      ["PENDING", true],
    ]);
    const again = await earn([reward("s1", ada, "9")]);
    expect(again).toEqual([{ ...first[0], created: false }]);
    expect(again[0]!.amountWei).toBe(DATA("4"));
    expect(await db.payout.count()).toBe(2);
    expect(await db.payout.findUniqueOrThrow({ where: { id: first[0]!.id } })).toMatchObject({ key: `sample.accepted:s1:${ada}`, amountWei: DATA("4").toString() });
  });

  it("refuses one key listed twice with different amounts, and invalid items, naming them", async () => {
    await expect(earn([reward("s1", ada, "1"), reward("s1", ada, "2")])).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(earn([reward("s1", ada, "0")])).rejects.toMatchObject({ code: "VALIDATION", message: expect.stringMatching(/Payout 1 is invalid: amountWei/) });
    await expect(earn([{ ...reward("s1", ada, "1"), reason: "bribe" as never }])).rejects.toMatchObject({ code: "VALIDATION" });
    await expect(earn([reward("s1", ada, "1", "no-such-campaign")])).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await db.payout.count()).toBe(0);
  });

  it("commits or vanishes with the caller's transaction", async () => {
    await expect(
      db.$transaction(async (tx) => {
        await earnPayouts(tx, [reward("s1", ada, "1")]);
        throw new Error("the decision failed");
      }),
    ).rejects.toThrow("the decision failed");
    expect(await db.payout.count()).toBe(0);
    expect((await db.campaignPayoutLedger.findUnique({ where: { campaignId } }))?.fundedWei ?? "0").toBe("0");
  });

  it("never funds beyond the campaign budget: later rows wait as UNFUNDED, first in first out", async () => {
    await earn([reward("s1", ada, "4"), reward("s2", bob, "4")]);
    await earn([reward("s3", ada, "4")]);
    // 2 would fit the 2 left, but it queues behind s3.
    await earn([reward("s4", bob, "2")]);
    expect(await statuses()).toEqual(["s1:PENDING", "s2:PENDING", "s3:UNFUNDED", "s4:UNFUNDED"]);
    expect((await db.campaignPayoutLedger.findUniqueOrThrow({ where: { campaignId } })).fundedWei).toBe(DATA("8").toString());
  });

  it("funds waiting rows in earning order when the budget is raised, as far as it goes", async () => {
    await earn([reward("s1", ada, "4"), reward("s2", bob, "4"), reward("s3", ada, "4"), reward("s4", bob, "1")]);
    await db.campaign.update({ where: { id: campaignId }, data: { budgetWei: DATA("12").toString() } });
    expect(await db.$transaction((tx) => fundUnfundedPayouts(tx, campaignId))).toEqual({ funded: 1, stillUnfunded: 1 });
    expect(await statuses()).toEqual(["s1:PENDING", "s2:PENDING", "s3:PENDING", "s4:UNFUNDED"]);
    await db.campaign.update({ where: { id: campaignId }, data: { budgetWei: DATA("13").toString() } });
    expect(await db.$transaction((tx) => fundUnfundedPayouts(tx, campaignId))).toEqual({ funded: 1, stillUnfunded: 0 });
    expect((await db.campaignPayoutLedger.findUniqueOrThrow({ where: { campaignId } })).fundedWei).toBe(DATA("13").toString());
  });

  it("holds the budget under concurrent earners", async () => {
    const tries = Array.from({ length: 12 }, (_, i) => earn([reward(`c${i}`, i % 2 ? ada : bob, "3")]));
    await Promise.all(tries);
    const rows = await db.payout.findMany({ where: { status: "PENDING" }, select: { amountWei: true } });
    expect(rows.reduce((s, r) => s + BigInt(r.amountWei), 0n)).toBe(DATA("9"));
    expect(await db.payout.count({ where: { status: "UNFUNDED" } })).toBe(9);
  });

  it("pays amounts no budget caps (revenue shares) without a campaign", async () => {
    const [row] = await earn([{ reason: PAYOUT_REASONS.DATASET_REVENUE, subjectId: "purchase-1", recipientUserId: ada, amountWei: DATA("1000") }]);
    expect(row).toMatchObject({ status: "PENDING", created: true });
  });
});
