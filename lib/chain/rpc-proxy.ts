// Forwards the browser's JSON-RPC calls to the configured node. Only read methods and signed raw transactions pass:
// the node's own accounts (unlocked on Hardhat) must never be reachable from a browser.
import { getEnv } from "@/lib/env";

export const ALLOWED_RPC_METHODS = new Set([
  "eth_blockNumber",
  "eth_call",
  "eth_chainId",
  "eth_estimateGas",
  "eth_feeHistory",
  "eth_gasPrice",
  "eth_getBalance",
  "eth_getBlockByHash",
  "eth_getBlockByNumber",
  "eth_getCode",
  "eth_getLogs",
  "eth_getTransactionByHash",
  "eth_getTransactionCount",
  "eth_getTransactionReceipt",
  "eth_maxPriorityFeePerGas",
  "eth_sendRawTransaction",
  "net_version",
]);

type RpcCall = { jsonrpc?: string; id?: unknown; method?: unknown; params?: unknown };

function refuse(call: RpcCall, message: string) {
  return { jsonrpc: "2.0", id: call.id ?? null, error: { code: -32601, message } };
}

async function forwardOne(call: RpcCall): Promise<unknown> {
  if (typeof call.method !== "string" || !ALLOWED_RPC_METHODS.has(call.method)) {
    return refuse(call, `Method ${String(call.method)} is not available through this proxy.`);
  }
  const response = await fetch(getEnv().rpcUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: call.id ?? 1, method: call.method, params: call.params ?? [] }),
    signal: AbortSignal.timeout(10_000),
  });
  return response.json();
}

/** Handles a single call or a batch, as JSON-RPC 2.0 allows. */
export async function proxyRpc(body: unknown): Promise<unknown> {
  if (Array.isArray(body)) return Promise.all(body.slice(0, 50).map((c) => forwardOne(c as RpcCall)));
  if (body && typeof body === "object") return forwardOne(body as RpcCall);
  return refuse({}, "Expected a JSON-RPC request.");
}
