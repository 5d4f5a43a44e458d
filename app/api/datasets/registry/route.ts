import { NextResponse } from "next/server";
import { platformRegistry } from "@/lib/server/datasets/published-root";
import { route } from "@/lib/server/http";

export const dynamic = "force-dynamic";

/** The platform's DatasetRegistry and chain: what `npm run verify -- <zip> --app <url>` trusts, public like the chain. */
export const GET = route(async () => NextResponse.json(await platformRegistry(), { headers: { "Cache-Control": "no-store" } }));
