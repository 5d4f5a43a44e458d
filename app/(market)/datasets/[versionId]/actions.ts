"use server";
import { requireUser } from "@/lib/server/auth/session";
import { getPurchaseStatus, type PurchaseStatus } from "@/lib/server/datasets/list-purchases";

/** Polled by the Buy panel after the buyer's transaction: confirmed only once the indexer recorded the event. */
export async function purchaseStatusAction(versionId: string): Promise<PurchaseStatus> {
  const user = await requireUser();
  return getPurchaseStatus(user, versionId);
}
