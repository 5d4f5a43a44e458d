import "server-only";
import { z } from "zod";
import { splitByBudget } from "@/lib/domain/payouts/budget";
import { PAYOUT_REASON_VALUES, payoutKey, type PayoutReason } from "@/lib/domain/payouts/reasons";
import { AppError } from "@/lib/errors";
import type { PayoutStatus, Prisma } from "@/lib/generated/prisma/client";
import { lockCampaignLedger, setCampaignFunded, type LockedLedger } from "./campaign-ledger";

export type EarnItem = {
  reason: PayoutReason;
  /** What earned it: the sample, the review, the purchase. */
  subjectId: string;
  recipientUserId: string;
  amountWei: bigint;
  /** The campaign whose budget pays it; omit for amounts no budget caps (revenue shares). */
  campaignId?: string;
  /** Not paid before this moment (a reviewer fee waiting for its sample's appeal window); omit: paid when funded. */
  payableAfter?: Date;
};

export type EarnedPayout = { id: string; key: string; status: PayoutStatus; amountWei: bigint; created: boolean };

export type KeyedEarnItem = EarnItem & { key: string };

const ZEarnItem = z.object({
  reason: z.enum(PAYOUT_REASON_VALUES),
  subjectId: z.string().min(1),
  recipientUserId: z.string().min(1).regex(/^[^:]+$/, "cannot contain ':'"),
  amountWei: z.bigint().positive(),
  campaignId: z.string().min(1).optional(),
  payableAfter: z.date().optional(),
});

/** The items validated and keyed (reason:subject:recipient), one per key in input order; a key listed twice must agree. */
export function uniqueEarnItems(items: readonly EarnItem[]): Map<string, KeyedEarnItem> {
  const parsed = items.map((item, i) => {
    const result = ZEarnItem.safeParse(item);
    if (!result.success) throw new AppError("VALIDATION", `Payout ${i + 1} is invalid: ${result.error.issues.map((x) => `${x.path.join(".")} ${x.message}`).join("; ")}.`);
    return { ...result.data, key: payoutKey(result.data.reason, result.data.subjectId, result.data.recipientUserId) };
  });
  const unique = new Map<string, KeyedEarnItem>();
  for (const item of parsed) {
    const seen = unique.get(item.key);
    if (seen && (seen.amountWei !== item.amountWei || seen.campaignId !== item.campaignId)) {
      throw new AppError("CONFLICT", `Payout ${item.key} is listed twice with different amounts or campaigns.`);
    }
    unique.set(item.key, item);
  }
  return unique;
}

/** Which of the new items each campaign's budget funds, in earning order (see splitByBudget), and the totals after. */
export function fundNewItems(ledgers: readonly LockedLedger[], fresh: readonly KeyedEarnItem[]): { funded: Map<string, boolean>; fundedWei: Map<string, bigint> } {
  const funded = new Map<string, boolean>();
  const fundedWei = new Map<string, bigint>();
  for (const ledger of ledgers) {
    const ofCampaign = fresh.filter((item) => item.campaignId === ledger.campaignId);
    if (ofCampaign.length === 0) continue;
    const split = splitByBudget(ledger, ofCampaign.map((item) => item.amountWei));
    ofCampaign.forEach((item, i) => funded.set(item.key, split.funded[i]!));
    fundedWei.set(ledger.campaignId, split.fundedWei);
  }
  return { funded, fundedWei };
}

/**
 * Records what `items` earn, inside the caller's transaction (the one writing the decision that earns them), so a
 * decision and its payouts commit or vanish together. Idempotent: an item whose key (reason:subject:recipient) exists
 * returns the existing row, untouched; the unique key is the backstop if two transactions race. Rows of a campaign are
 * funded from its budget in earning order; what does not fit is UNFUNDED until the budget is raised
 * (fundUnfundedPayouts). Returns one entry per distinct key, in input order.
 */
export async function earnPayouts(tx: Prisma.TransactionClient, items: readonly EarnItem[]): Promise<EarnedPayout[]> {
  const unique = uniqueEarnItems(items);
  if (unique.size === 0) return [];

  // Ledgers first (writes: they serialise earners of a campaign), in a fixed order so that two transactions locking
  // several campaigns cannot deadlock; then what already exists; then the budget split of what is new.
  const campaignIds = [...new Set([...unique.values()].flatMap((item) => (item.campaignId ? [item.campaignId] : [])))].sort();
  const ledgers = [];
  for (const campaignId of campaignIds) ledgers.push(await lockCampaignLedger(tx, campaignId));

  const existing = await tx.payout.findMany({
    where: { key: { in: [...unique.keys()] } },
    select: { id: true, key: true, status: true, amountWei: true },
  });
  const byKey = new Map(existing.map((row) => [row.key, { ...row, amountWei: BigInt(row.amountWei), created: false }]));
  const fresh = [...unique.values()].filter((item) => !byKey.has(item.key));

  const { funded, fundedWei } = fundNewItems(ledgers, fresh);
  for (const [campaignId, total] of fundedWei) await setCampaignFunded(tx, campaignId, total);

  if (fresh.length > 0) {
    const now = new Date();
    const created = await tx.payout.createManyAndReturn({
      data: fresh.map((item) => {
        const isFunded = funded.get(item.key) ?? true;
        return {
          key: item.key,
          reason: item.reason,
          subjectId: item.subjectId,
          recipientId: item.recipientUserId,
          campaignId: item.campaignId ?? null,
          amountWei: item.amountWei.toString(),
          status: isFunded ? ("PENDING" as const) : ("UNFUNDED" as const),
          fundedAt: isFunded ? now : null,
          payableAfter: item.payableAfter ?? null,
        };
      }),
      select: { id: true, key: true, status: true, amountWei: true },
    });
    for (const row of created) byKey.set(row.key, { ...row, amountWei: BigInt(row.amountWei), created: true });
  }
  return [...unique.keys()].map((key) => byKey.get(key)!);
}
