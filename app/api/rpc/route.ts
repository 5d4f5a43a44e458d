import { NextResponse } from "next/server";
import { getEnv } from "@/lib/env";
import { AppError, isAppError } from "@/lib/errors";
import { proxyRpc, rpcCallCount } from "@/lib/chain/rpc-proxy";
import { clientAddress, readJson, requireJsonContentType, route } from "@/lib/server/http";
import { takeRateLimit } from "@/lib/server/rate-limit";

/** Anonymous on purpose (the browser reads the chain before sign-in), so bounded per client address instead. */
export const POST = route(async (request: Request) => {
  requireJsonContentType(request);
  const body = await readJson(request);
  await takeRateLimit(`rpc:${clientAddress(request)}`, getEnv().rpcRateLimit, rpcCallCount(body));
  try {
    return NextResponse.json(await proxyRpc(body));
  } catch (cause) {
    if (isAppError(cause)) throw cause;
    throw new AppError("UNAVAILABLE", "The blockchain node is not reachable right now.", { cause });
  }
});
