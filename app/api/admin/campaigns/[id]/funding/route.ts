import { NextResponse, type NextRequest } from "next/server";
import { AppError } from "@/lib/errors";
import { userFromRequest } from "@/lib/server/auth/session";
import { fundCampaign } from "@/lib/server/campaigns/fund-campaign";
import { assertSameOrigin } from "@/lib/server/csrf";
import { readJson, requireJsonContentType, route } from "@/lib/server/http";

export const dynamic = "force-dynamic";

/**
 * Raises a campaign's budget by a DATA transfer the signed-in admin made into the reward treasury:
 * `{ amount: "25", txHash: "0x…" }`. The server reads the transfer from the chain before anything changes. 201 with
 * the new budget; 401 signed out, 403 not an admin, 404 unknown campaign or unmined transaction, 409 a transfer
 * already counted, 422 a bad amount or hash, a reverted transfer (its decoded reason) or one that does not match.
 */
export const POST = route(async (request: NextRequest, context: { params: Promise<{ id: string }> }) => {
  assertSameOrigin(request);
  requireJsonContentType(request);
  const user = await userFromRequest(request);
  if (!user) throw new AppError("UNAUTHENTICATED", "Sign in with an admin wallet first.");
  const { id } = await context.params;
  const funded = await fundCampaign(user, id, await readJson(request));
  return NextResponse.json(
    { ok: true, campaignId: funded.campaignId, amountWei: funded.amountWei.toString(), budgetWei: funded.budgetWei.toString(), txHash: funded.txHash, fundedPayouts: funded.fundedPayouts },
    { status: 201 },
  );
});
