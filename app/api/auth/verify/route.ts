import { NextResponse } from "next/server";
import { ZSignIn } from "@/lib/schemas/auth";
import { setSessionCookie } from "@/lib/server/auth/cookie";
import { signIn } from "@/lib/server/auth/sign-in";
import { assertSameOrigin } from "@/lib/server/csrf";
import { readJson, route } from "@/lib/server/http";
import { AppError } from "@/lib/errors";

export const POST = route(async (request: Request) => {
  assertSameOrigin(request);
  const parsed = ZSignIn.safeParse(await readJson(request));
  if (!parsed.success) throw new AppError("BAD_REQUEST", "Send a SIWE message and its signature.");
  const { token, expiresAt, user } = await signIn(parsed.data);
  const response = NextResponse.json({ user });
  setSessionCookie(response, token, expiresAt);
  return response;
});
