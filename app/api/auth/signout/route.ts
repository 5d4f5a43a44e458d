import { NextResponse, type NextRequest } from "next/server";
import { clearSessionCookie } from "@/lib/server/auth/cookie";
import { SESSION_COOKIE, revokeSessionToken } from "@/lib/server/auth/session";
import { assertSameOrigin } from "@/lib/server/csrf";
import { route } from "@/lib/server/http";

export const POST = route(async (request: NextRequest) => {
  assertSameOrigin(request);
  await revokeSessionToken(request.cookies.get(SESSION_COOKIE)?.value);
  const response = NextResponse.json({ ok: true });
  clearSessionCookie(response);
  return response;
});
