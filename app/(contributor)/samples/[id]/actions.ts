"use server";
import { z } from "zod";
import { runAction, type ActionResult } from "@/app/_lib/action-result";
import { requireUser } from "@/lib/server/auth/session";
import { fileAppeal, type FiledAppeal } from "@/lib/server/trust/appeals";
import { getAppeal } from "@/lib/server/trust/get-appeal";

/** Files the signed-in contributor's appeal (the service checks everything and writes nothing on a refusal). */
export async function fileAppealAction(sampleId: string, bondWei: string): Promise<ActionResult<FiledAppeal>> {
  return runAction(async () => fileAppeal(await requireUser(), { sampleId, bondWei }));
}

/** Polled after the bond transaction: the appeal's state as the escrow indexer left it. */
export async function appealStateAction(appealId: string): Promise<ActionResult<{ state: string }>> {
  return runAction(async () => {
    const appeal = await getAppeal(await requireUser(), z.string().min(1).max(100).parse(appealId));
    return { state: appeal.state };
  });
}
