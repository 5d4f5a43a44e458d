import { NextResponse } from "next/server";
import { AppError } from "@/lib/errors";
import { proxyRpc } from "@/lib/chain/rpc-proxy";
import { readJson, route } from "@/lib/server/http";

export const POST = route(async (request: Request) => {
  const body = await readJson(request);
  try {
    return NextResponse.json(await proxyRpc(body));
  } catch (cause) {
    throw new AppError("UNAVAILABLE", "The blockchain node is not reachable right now.", { cause });
  }
});
