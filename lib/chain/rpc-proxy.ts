// Forwards the browser's JSON-RPC calls to the configured node. Only read methods and signed raw transactions pass:
// the node's own accounts (unlocked on Hardhat) must never be reachable from a browser. Anything that makes the node
// execute code is bounded by a gas cap, because one node serves the payout worker, the indexer and /api/health too.
import { numberToHex, parseTransaction, type Hex } from "viem";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";

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

/**
 * The most gas one proxied call or transaction may use. Tessera's browser flows (approve, permit purchase) need a
 * small fraction of it; the cap keeps a call that loops forever from holding the node for more than a moment.
 */
export const RPC_CALL_GAS_CAP = 1_000_000n;
/** The most calls in one batch; a longer batch is refused whole, never cut short. */
export const RPC_BATCH_MAX = 20;

const EXECUTING_METHODS = new Set(["eth_call", "eth_estimateGas"]);

type RpcCall = { jsonrpc?: string; id?: unknown; method?: unknown; params?: unknown };
type Refusal = { jsonrpc: "2.0"; id: unknown; error: { code: number; message: string } };

function refuse(call: RpcCall, code: number, message: string): Refusal {
  return { jsonrpc: "2.0", id: call.id ?? null, error: { code, message } };
}

/** The params to forward, or a refusal: calls need a `to` and get at most the gas cap; transactions stay under it. */
function boundedParams(call: RpcCall & { method: string }): unknown[] | Refusal {
  const params = Array.isArray(call.params) ? call.params : [];
  if (EXECUTING_METHODS.has(call.method)) {
    const [tx, ...rest] = params as [unknown, ...unknown[]];
    if (!tx || typeof tx !== "object" || typeof (tx as { to?: unknown }).to !== "string") {
      return refuse(call, -32602, `${call.method} needs a \`to\` address: contract creation is not available through this proxy.`);
    }
    if (rest.length > 1) return refuse(call, -32602, "State overrides are not available through this proxy.");
    const asked = parseGas((tx as { gas?: unknown }).gas);
    const gas = asked !== null && asked < RPC_CALL_GAS_CAP ? asked : RPC_CALL_GAS_CAP;
    return [{ ...tx, gas: numberToHex(gas) }, ...rest];
  }
  if (call.method === "eth_sendRawTransaction") {
    let gas: bigint | undefined;
    try {
      gas = parseTransaction(params[0] as Hex).gas;
    } catch {
      return refuse(call, -32602, "eth_sendRawTransaction needs one signed, serialized transaction.");
    }
    if (gas === undefined || gas > RPC_CALL_GAS_CAP) {
      return refuse(call, -32602, `Transactions sent through this proxy need a gas limit of at most ${RPC_CALL_GAS_CAP}.`);
    }
  }
  return params;
}

function parseGas(value: unknown): bigint | null {
  if (typeof value !== "string" || !/^0x[0-9a-fA-F]{1,16}$/.test(value)) return null;
  return BigInt(value);
}

async function forwardOne(call: RpcCall): Promise<unknown> {
  if (!call || typeof call !== "object" || typeof call.method !== "string" || !ALLOWED_RPC_METHODS.has(call.method)) {
    return refuse(call ?? {}, -32601, `Method ${String(call?.method)} is not available through this proxy.`);
  }
  const params = boundedParams(call as RpcCall & { method: string });
  if (!Array.isArray(params)) return params;
  const response = await fetch(getEnv().rpcUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: call.id ?? 1, method: call.method, params }),
    signal: AbortSignal.timeout(10_000),
  });
  return response.json();
}

/** How many calls a body holds, for the rate limit; a batch over the limit is refused here, before anything is sent. */
export function rpcCallCount(body: unknown): number {
  if (!Array.isArray(body)) return 1;
  if (body.length === 0) throw new AppError("BAD_REQUEST", "A JSON-RPC batch must hold at least one call.");
  if (body.length > RPC_BATCH_MAX) {
    throw new AppError("BAD_REQUEST", `A JSON-RPC batch may hold at most ${RPC_BATCH_MAX} calls; this one has ${body.length}. Split it.`);
  }
  return body.length;
}

/** Handles a single call or a batch, as JSON-RPC 2.0 allows. */
export async function proxyRpc(body: unknown): Promise<unknown> {
  rpcCallCount(body);
  if (Array.isArray(body)) return Promise.all(body.map((c) => forwardOne(c as RpcCall)));
  if (body && typeof body === "object") return forwardOne(body as RpcCall);
  return refuse({}, -32600, "Expected a JSON-RPC request.");
}
