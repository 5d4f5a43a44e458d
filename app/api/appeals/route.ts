import { NextResponse, type NextRequest } from "next/server";
import { AppError } from "@/lib/errors";
import { userFromRequest } from "@/lib/server/auth/session";
import { assertSameOrigin } from "@/lib/server/csrf";
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
  const filed = await fileAppeal(user, await readJson(request));
  return NextResponse.json({ ok: true, ...filed }, { status: 201 });
});
