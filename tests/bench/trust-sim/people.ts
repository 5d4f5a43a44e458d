// The people of a trust bench: a wallet with its user, and a claim as a review client sees it.
import { isAppError } from "@/lib/errors";
import type { SessionUser } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import { claimReview } from "@/lib/server/reviews/claim-review";
import { toClientTask, type ClientTask } from "@/lib/server/reviews/review-task";
import type { Wallet } from "./wallets";

export type Person = SessionUser & { wallet: Wallet };

/** The wallet's user, signed in (created on first sight, as sign-in does). */
export async function person(wallet: Wallet, roles: SessionUser["roles"] = []): Promise<Person> {
  const address = wallet.address.toLowerCase();
  const user = await db.user.upsert({ where: { address }, create: { address }, update: {} });
  return { id: user.id, address, displayName: null, roles, wallet };
}

/** A claim as the review client sees it: an opaque task id and the content, nothing else; or why there is none. */
export async function claimAsClient(reviewer: Person, campaignId: string): Promise<{ task: ClientTask | null; refusal?: string }> {
  try {
    const task = await claimReview(reviewer, { campaignId });
    return { task: task ? toClientTask(task) : null };
  } catch (error) {
    // Slashed below the stake, or dropped below the reliability floor: out of the queue.
    if (isAppError(error) && error.code === "FORBIDDEN") return { task: null, refusal: error.message };
    throw error;
  }
}
