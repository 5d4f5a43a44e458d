import { NextResponse } from "next/server";
import { issueNonce } from "@/lib/server/auth/issue-nonce";
import { route } from "@/lib/server/http";

export const dynamic = "force-dynamic";

export const GET = route(async () => {
  const { nonce, expiresAt } = await issueNonce();
  return NextResponse.json({ nonce, expiresAt: expiresAt.toISOString() }, { headers: { "Cache-Control": "no-store" } });
});
