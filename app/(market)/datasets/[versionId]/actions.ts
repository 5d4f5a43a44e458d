"use server";
import { runAction, type ActionResult } from "@/app/_lib/action-result";
import { requireUser } from "@/lib/server/auth/session";
import { getPurchaseStatus, type PurchaseStatus } from "@/lib/server/datasets/list-purchases";

/**
 * Polled by the Buy panel after the buyer's transaction: confirmed only once the indexer recorded the event. A
 * signed-out caller gets a sentence, not an HTTP 500.
 */
export async function purchaseStatusAction(versionId: string): Promise<ActionResult<PurchaseStatus>> {
  return runAction(async () => getPurchaseStatus(await requireUser(), versionId));
}
