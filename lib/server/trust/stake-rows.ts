import "server-only";
import { formatData } from "@/lib/format";
import { stakeCovers } from "@/lib/domain/trust/stake-rules";
import { statement, type DirectConnection } from "@/lib/server/sqlite-direct";

export type StakeShortfall = { campaignId: string; requiredWei: bigint; activeWei: bigint };

/**
 * The open campaigns (among `campaignIds`) that ask for a stake the user's active stake does not cover: one indexed
 * read per claim, of only the campaigns that ask for a stake at all.
 */
export function stakeShortfalls(connection: DirectConnection, userId: string, campaignIds: readonly string[]): Map<string, StakeShortfall> {
  if (campaignIds.length === 0) return new Map();
  const rows = statement(
    `SELECT c."id" AS "campaignId", c."reviewStakeWei" AS "required", s."activeWei" AS "active"
       FROM "Campaign" c LEFT JOIN "ReviewerStake" s ON s."campaignId" = c."id" AND s."userId" = ?
      WHERE c."status" = 'OPEN' AND c."reviewStakeWei" <> '0'`,
    connection,
  ).all(userId) as { campaignId: string; required: string; active: string | null }[];
  const wanted = new Set(campaignIds);
  const out = new Map<string, StakeShortfall>();
  for (const row of rows) {
    if (!wanted.has(row.campaignId)) continue;
    const requiredWei = BigInt(row.required);
    const activeWei = BigInt(row.active ?? "0");
    if (!stakeCovers(activeWei, requiredWei)) out.set(row.campaignId, { campaignId: row.campaignId, requiredWei, activeWei });
  }
  return out;
}

/** What a reviewer is told when a campaign's stake is not covered. */
export function stakeShortfallMessage(shortfall: StakeShortfall): string {
  return (
    `This campaign asks its reviewers to stake ${formatData(shortfall.requiredWei)} DATA in the review escrow; ` +
    `you have ${formatData(shortfall.activeWei)} DATA staked. Stake on the Stakes page, then try again.`
  );
}
