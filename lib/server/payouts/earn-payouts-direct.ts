import "server-only";
import { AppError } from "@/lib/errors";
import type { LockedLedger } from "@/lib/server/payouts/campaign-ledger";
import { newRowId, sqliteDateTime, statement, type DirectConnection } from "@/lib/server/sqlite-direct";
import { fundNewItems, uniqueEarnItems, type EarnItem } from "./earn-payouts";

// earnPayouts (earn-payouts.ts) for a write transaction on the direct connection (sqlite-direct.ts), where the review
// loop decides samples: the same rules (uniqueEarnItems, fundNewItems), the same rows, in plain SQL.

/** Records what `items` earn inside the caller's direct write transaction; idempotent on each payout's key. */
export function earnPayoutsDirect(connection: DirectConnection, items: readonly EarnItem[], now: Date): void {
  const unique = uniqueEarnItems(items);
  if (unique.size === 0) return;
  const at = sqliteDateTime(now);
  const campaignIds = [...new Set([...unique.values()].flatMap((item) => (item.campaignId ? [item.campaignId] : [])))].sort();
  const ledgers = campaignIds.map((campaignId) => lockLedger(connection, campaignId, at));

  const existing = statement(`SELECT "key" FROM "Payout" WHERE "key" IN (SELECT "value" FROM json_each(?))`, connection).all(JSON.stringify([...unique.keys()])) as { key: string }[];
  const known = new Set(existing.map((row) => row.key));
  const fresh = [...unique.values()].filter((item) => !known.has(item.key));
  const { funded, fundedWei } = fundNewItems(ledgers, fresh);
  for (const [campaignId, total] of fundedWei) {
    statement(`UPDATE "CampaignPayoutLedger" SET "fundedWei" = ?, "updatedAt" = ? WHERE "campaignId" = ?`, connection).run(total.toString(), at, campaignId);
  }
  const insert = statement(
    `INSERT INTO "Payout" ("id", "key", "reason", "subjectId", "recipientId", "campaignId", "amountWei", "status", "round", "createdAt", "fundedAt", "payableAfter")
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)`,
    connection,
  );
  for (const item of fresh) {
    const isFunded = funded.get(item.key) ?? true;
    insert.run(newRowId(now.getTime()), item.key, item.reason, item.subjectId, item.recipientUserId, item.campaignId ?? null, item.amountWei.toString(), isFunded ? "PENDING" : "UNFUNDED", at, isFunded ? at : null, item.payableAfter ? sqliteDateTime(item.payableAfter) : null);
  }
}

/** lockCampaignLedger (campaign-ledger.ts) on the direct connection: the ledger row written first, then read. */
function lockLedger(connection: DirectConnection, campaignId: string, at: string): LockedLedger {
  const touched = statement(`UPDATE "CampaignPayoutLedger" SET "updatedAt" = ? WHERE "campaignId" = ?`, connection).run(at, campaignId).changes;
  const campaign = statement(`SELECT "budgetWei" FROM "Campaign" WHERE "id" = ?`, connection).get(campaignId) as { budgetWei: string } | undefined;
  if (!campaign) throw new AppError("NOT_FOUND", `Campaign ${campaignId} does not exist.`);
  if (touched === 0) statement(`INSERT INTO "CampaignPayoutLedger" ("campaignId", "fundedWei", "updatedAt") VALUES (?, '0', ?)`, connection).run(campaignId, at);
  const ledger = statement(`SELECT "fundedWei" FROM "CampaignPayoutLedger" WHERE "campaignId" = ?`, connection).get(campaignId) as { fundedWei: string };
  const unfunded = statement(`SELECT 1 AS "one" FROM "Payout" WHERE "campaignId" = ? AND "status" = 'UNFUNDED' LIMIT 1`, connection).get(campaignId);
  return { campaignId, budgetWei: BigInt(campaign.budgetWei), fundedWei: BigInt(ledger.fundedWei), queueBlocked: unfunded !== undefined };
}
