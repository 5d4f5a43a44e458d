import { NextResponse, type NextRequest } from "next/server";
import { AppError } from "@/lib/errors";
import { userFromRequest } from "@/lib/server/auth/session";
import { assertSameOrigin } from "@/lib/server/csrf";
import { readJson, requireJsonContentType, route } from "@/lib/server/http";
import { fileGoldChallenge } from "@/lib/server/trust/gold-challenges";

export const dynamic = "force-dynamic";

/**
 * Files the caller's challenge of a gold answer they gave: `{ goldItemId, bondWei }`. 201 with the bond's escrow key:
 * the reviewer then posts the bond from their wallet, and the challenge opens once the indexer read it. 401 signed
 * out, 403 not a reviewer of the campaign, not staked or never answered the item, 404 no such gold item, 409 a
 * challenge of it open, their own earlier one, the window closed or the wallet short of the bond, 422 a malformed
 * body or a bond below the campaign's.
 */
export const POST = route(async (request: NextRequest) => {
  assertSameOrigin(request);
  requireJsonContentType(request);
  const user = await userFromRequest(request);
  if (!user) throw new AppError("UNAUTHENTICATED", "Sign in with your wallet first.");
  const filed = await fileGoldChallenge(user, await readJson(request));
  return NextResponse.json({ ok: true, ...filed }, { status: 201 });
});
