"use server";
import { z } from "zod";
import { runAction, type ActionResult } from "@/app/_lib/action-result";
import { requireUser } from "@/lib/server/auth/session";
import type { FiledAppeal } from "@/lib/server/trust/appeals";
import { getAppeal } from "@/lib/server/trust/get-appeal";
import { fileGoldChallenge } from "@/lib/server/trust/gold-challenges";
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

/** Files the signed-in reviewer's challenge of a gold answer (the service checks everything and writes nothing on a refusal). */
export async function fileGoldChallengeAction(goldItemId: string, bondWei: string): Promise<ActionResult<FiledAppeal>> {
  return runAction(async () => fileGoldChallenge(await requireUser(), { goldItemId, bondWei }));
}

/** Polled after the bond transaction: the challenge's state as the escrow indexer left it. */
export async function goldChallengeStateAction(appealId: string): Promise<ActionResult<{ state: string }>> {
  return runAction(async () => {
    const appeal = await getAppeal(await requireUser(), z.string().min(1).max(100).parse(appealId));
    return { state: appeal.state };
  });
}
