"use server";
import { z } from "zod";
import { runAction, type ActionResult } from "@/app/_lib/action-result";
import { requireUser } from "@/lib/server/auth/session";
import { assertMayRequestWithdrawal, myStakeIn } from "@/lib/server/trust/stakes";

const ZCampaignId = z.string().min(1).max(100);

/** Polled by the stake panel after a transaction: the stake as the escrow indexer credited it. */
export async function stakeStatusAction(campaignId: string): Promise<ActionResult<Awaited<ReturnType<typeof myStakeIn>>>> {
  return runAction(async () => myStakeIn(await requireUser(), ZCampaignId.parse(campaignId)));
}

/** Asked before a withdrawal request is sent: refused while the reviewer has open work in the campaign. */
export async function withdrawalCheckAction(campaignId: string): Promise<ActionResult<null>> {
  return runAction(async () => {
    await assertMayRequestWithdrawal(await requireUser(), ZCampaignId.parse(campaignId));
    return null;
  });
}
