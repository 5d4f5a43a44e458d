import { NextResponse, type NextRequest } from "next/server";
import { createTesseraPublicClient } from "@/lib/chain/clients";
import { dataBalanceOf } from "@/lib/chain/token";
import { AppError } from "@/lib/errors";
import { userFromRequest } from "@/lib/server/auth/session";
import { assertSameOrigin } from "@/lib/server/csrf";
import { findDeployment } from "@/lib/server/deployments";
import { readJson, requireJsonContentType, route } from "@/lib/server/http";
import { fileAppeal } from "@/lib/server/trust/appeals";

export const dynamic = "force-dynamic";

/**
 * Files an appeal of the caller's rejected (or undecided) sample: `{ sampleId, bondWei }`. 201 with the bond's escrow
 * key: the contributor then posts the bond from their wallet, and the appeal opens once the indexer read it. 401
 * signed out, 403 not the contributor, 404 unknown sample, 409 not appealable, window closed, already appealed or
 * the wallet short of the bond, 422 a malformed body or a bond below the campaign's.
 */
export const POST = route(async (request: NextRequest) => {
  assertSameOrigin(request);
  requireJsonContentType(request);
  const user = await userFromRequest(request);
  if (!user) throw new AppError("UNAUTHENTICATED", "Sign in with your wallet first.");
  const token = await findDeployment("DataToken");
  if (!token) throw new AppError("UNAVAILABLE", "The DATA token is not deployed on this chain yet.");
  const publicClient = createTesseraPublicClient();
  const filed = await fileAppeal(user, await readJson(request), { balanceOf: (address) => dataBalanceOf(publicClient, token.address, address) });
  return NextResponse.json({ ok: true, ...filed }, { status: 201 });
});
