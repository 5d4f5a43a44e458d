import { NextResponse, type NextRequest } from "next/server";
import { AppError } from "@/lib/errors";
import { userFromRequest } from "@/lib/server/auth/session";
import { route } from "@/lib/server/http";

export const dynamic = "force-dynamic";

export const GET = route(async (request: NextRequest) => {
  const user = await userFromRequest(request);
  if (!user) throw new AppError("UNAUTHENTICATED", "You are not signed in.");
  return NextResponse.json({ user });
});
