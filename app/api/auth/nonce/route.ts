import { NextResponse } from "next/server";
import { issueNonce } from "@/lib/server/auth/issue-nonce";
import { clientAddress, route } from "@/lib/server/http";

export const dynamic = "force-dynamic";

export const GET = route(async (request: Request) => {
  const { nonce, expiresAt } = await issueNonce({ client: clientAddress(request) });
  return NextResponse.json({ nonce, expiresAt: expiresAt.toISOString() }, { headers: { "Cache-Control": "no-store" } });
});
