import "server-only";
import { AppError } from "@/lib/errors";
import type { SessionUser } from "@/lib/server/auth/session";
import type { DirectConnection } from "@/lib/server/sqlite-direct";
import { stakeShortfallMessage, stakeShortfalls } from "@/lib/server/trust/stake-rows";
import { ESTABLISHED_GOLD_ANSWERS, isEstablished } from "@/lib/domain/trust/farm-rules";
import { goldAnswerCount, openCampaignIds, reviewerRows } from "./review-rows";

/**
 * The open campaigns this user may review, oldest first: those where they are an active CampaignReviewer (quiz or
 * admin), plus, for holders of the global REVIEWER role, every other open campaign. An inactive row (say, after
 * falling below the campaign's reliability floor) overrides the global role for that campaign. A campaign that asks
 * for a stake is left out until the reviewer's active stake in the escrow covers it; asked for by name (`only`), it
 * says so.
 */
export function reviewableCampaignIdsOf(connection: DirectConnection, user: SessionUser, only?: string): string[] {
  const rows = reviewerRows(connection, user.id, only);
  const open = openCampaignIds(connection, only);
  let allowed: string[];
  if (user.roles.includes("REVIEWER")) {
    const inactive = new Set(rows.filter((r) => !r.active).map((r) => r.campaignId));
    allowed = open.filter((id) => !inactive.has(id));
  } else {
    const active = new Set(rows.filter((r) => r.active).map((r) => r.campaignId));
    allowed = open.filter((id) => active.has(id));
  }
  const short = stakeShortfalls(connection, user.id, allowed);
  if (only !== undefined && short.has(only)) throw new AppError("FORBIDDEN", stakeShortfallMessage(short.get(only)!), { details: { reason: "stake" } });
  return short.size === 0 ? allowed : allowed.filter((id) => !short.has(id));
}

/** Whether the user reviews this campaign at all, whatever its status (a closed campaign has its own error). */
export function isReviewerOf(connection: DirectConnection, user: SessionUser, campaignId: string): boolean {
  const [row] = reviewerRows(connection, user.id, campaignId);
  if (row) return row.active;
  return user.roles.includes("REVIEWER");
}

export function assertReviewerOf(connection: DirectConnection, user: SessionUser, campaignId: string): void {
  if (!isReviewerOf(connection, user, campaignId)) {
    throw new AppError("FORBIDDEN", "You are not a reviewer of this campaign. Pass its qualification quiz or ask an admin for the reviewer role.");
  }
  // A stake asked back (or slashed) after the claim no longer stands behind a verdict.
  const short = stakeShortfalls(connection, user.id, [campaignId]).get(campaignId);
  if (short) throw new AppError("FORBIDDEN", stakeShortfallMessage(short), { details: { reason: "stake" } });
}

/**
 * Of these campaigns, those where the user has no record yet (farm-rules.ts): neither the global reviewer role nor an
 * admin's grant, and fewer gold answers than ESTABLISHED_GOLD_ANSWERS. Counting stops there, so it costs a handful of
 * index probes, and only for quiz-qualified reviewers.
 */
export function newcomerCampaignIds(connection: DirectConnection, user: SessionUser, campaignIds: readonly string[]): string[] {
  if (user.roles.includes("REVIEWER") || campaignIds.length === 0) return [];
  const granted = new Set(reviewerRows(connection, user.id).filter((r) => r.source === "ADMIN").map((r) => r.campaignId));
  return campaignIds.filter(
    (id) => !isEstablished({ globalReviewer: false, grantedByAdmin: granted.has(id), goldAnswers: granted.has(id) ? 0 : goldAnswerCount(connection, user.id, id, ESTABLISHED_GOLD_ANSWERS) }),
  );
}
