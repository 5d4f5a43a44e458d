// The browser's JSON-RPC proxy against the real Hardhat node: what it forwards, what it refuses, and how it keeps
// one client from tying up the node that the payout worker and /api/health depend on.
import { NextRequest } from "next/server";
import { privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";

const limits = vi.hoisted(() => {
  // db.ts reads the configuration on import, so the small test limit must be in place before any import.
  const saved = process.env.RPC_RATE_MAX;
  process.env.RPC_RATE_MAX = "40";
  return { saved };
});

import { POST as rpcRoute } from "@/app/api/rpc/route";
import { HARDHAT_ACCOUNT0_KEY } from "@/lib/env";
import { RPC_BATCH_MAX, RPC_CALL_GAS_CAP } from "@/lib/chain/rpc-proxy";
import { db } from "@/lib/server/db";
import { resetDb } from "../support/db-reset";
import { INTEGRATION } from "../support/ports";

afterAll(() => {
  if (limits.saved === undefined) delete process.env.RPC_RATE_MAX;
  else process.env.RPC_RATE_MAX = limits.saved;
});

type RpcReply = { id?: unknown; result?: string; error?: { code: number; message: string } };

let client = 0;
/** Each test is its own client address, so the rate limit of one test never leaks into another. */
function nextClient(): string {
  client += 1;
  return `198.51.100.${client}`;
}

function post(body: unknown, options: { ip: string; contentType?: string | null }): Promise<Response> {
  const headers: Record<string, string> = { "x-forwarded-for": options.ip };
  if (options.contentType !== null) headers["content-type"] = options.contentType ?? "application/json";
  return rpcRoute(new NextRequest(`${INTEGRATION.appUrl}/api/rpc`, { method: "POST", headers, body: JSON.stringify(body) }));
}

async function node(method: string, params: unknown[]): Promise<unknown> {
  const response = await fetch(process.env.RPC_URL!, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  const body = (await response.json()) as RpcReply;
  if (body.error) throw new Error(body.error.message);
  return body.result;
}

// Runtime code: JUMPDEST PUSH1 0 JUMP, a loop that burns whatever gas it is given.
const INFINITE_LOOP = "0x5b600056";
// Runtime code: GAS PUSH1 0 MSTORE PUSH1 32 PUSH1 0 RETURN, which answers with the gas left when it starts.
const GAS_LEFT = "0x5a60005260206000f3";
const loopAddress = "0x00000000000000000000000000000000000100f1";
const gasAddress = "0x00000000000000000000000000000000000100f2";

beforeEach(async () => {
  await resetDb();
  await node("hardhat_setCode", [loopAddress, INFINITE_LOOP]);
  await node("hardhat_setCode", [gasAddress, GAS_LEFT]);
});

describe("/api/rpc", () => {
  it("caps the gas of eth_call, even when the caller asks for more", async () => {
    for (const gas of [undefined, "0x1c9c380"]) {
      const response = await post({ jsonrpc: "2.0", id: 1, method: "eth_call", params: [{ to: gasAddress, ...(gas ? { gas } : {}) }, "latest"] }, { ip: nextClient() });
      const reply = (await response.json()) as RpcReply;
      const gasLeft = BigInt(reply.result ?? "0x0");
      expect(gasLeft).toBeGreaterThan(0n);
      expect(gasLeft).toBeLessThanOrEqual(RPC_CALL_GAS_CAP);
    }
  });

  it("ends an infinite-loop eth_call and eth_estimateGas quickly with an out-of-gas error", async () => {
    for (const [method, gas] of [["eth_call", undefined], ["eth_estimateGas", undefined], ["eth_call", "0xf42400"]] as const) {
      const started = performance.now();
      const response = await post({ jsonrpc: "2.0", id: 7, method, params: [{ to: loopAddress, ...(gas ? { gas } : {}) }, "latest"] }, { ip: nextClient() });
      const elapsed = performance.now() - started;
      const reply = (await response.json()) as RpcReply;
      expect(reply.id).toBe(7);
      expect(reply.error?.message).toMatch(/out of gas|gas required exceeds/i);
      // Uncapped, the node spends seconds on this call; capped, a small fraction of that.
      expect(elapsed).toBeLessThan(3_000);
    }
  });

  it("refuses an eth_call or eth_estimateGas without `to` and forwards nothing", async () => {
    for (const method of ["eth_call", "eth_estimateGas"]) {
      const response = await post({ jsonrpc: "2.0", id: 3, method, params: [{ data: "0x6000600055" }, "latest"] }, { ip: nextClient() });
      const reply = (await response.json()) as RpcReply;
      expect(reply.result).toBeUndefined();
      expect(reply.error?.message).toMatch(/needs a `to` address/);
    }
  });

  it("refuses a raw transaction whose gas limit is above the cap", async () => {
    const account = privateKeyToAccount(HARDHAT_ACCOUNT0_KEY);
    const nonce = Number(await node("eth_getTransactionCount", [account.address, "pending"]));
    const raw = await account.signTransaction({ chainId: 31337, type: "eip1559", to: loopAddress, nonce, gas: 5_000_000n, maxFeePerGas: 10n ** 10n, maxPriorityFeePerGas: 1n });
    const response = await post({ jsonrpc: "2.0", id: 4, method: "eth_sendRawTransaction", params: [raw] }, { ip: nextClient() });
    const reply = (await response.json()) as RpcReply;
    expect(reply.error?.message).toMatch(/gas limit of at most/i);
    expect(Number(await node("eth_getTransactionCount", [account.address, "pending"]))).toBe(nonce);
  });

  it(`answers batches of up to ${RPC_BATCH_MAX} calls and refuses a longer one whole, with a message`, async () => {
    const ip = nextClient();
    const batch = (n: number) => Array.from({ length: n }, (_, i) => ({ jsonrpc: "2.0", id: i, method: "eth_chainId", params: [] }));
    const ok = await post(batch(RPC_BATCH_MAX), { ip });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as RpcReply[]).map((r) => r.result)).toEqual(Array(RPC_BATCH_MAX).fill("0x7a69"));
    const tooLong = await post(batch(51), { ip });
    expect(tooLong.status).toBe(400);
    expect(((await tooLong.json()) as { error: { message: string } }).error.message).toMatch(new RegExp(`at most ${RPC_BATCH_MAX} calls.*51`));
  });

  it("refuses a body that is not declared as JSON with 415", async () => {
    for (const contentType of ["text/plain", null]) {
      const response = await post({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }, { ip: nextClient(), contentType });
      expect(response.status).toBe(415);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe("UNSUPPORTED_MEDIA_TYPE");
    }
  });

  it("answers 429 with Retry-After once a client is over its limit, counted in the database, and not for other clients", async () => {
    const ip = nextClient();
    const call = { jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] };
    expect((await post(Array(20).fill(call), { ip })).status).toBe(200);
    expect((await post(Array(20).fill(call), { ip })).status).toBe(200);
    const over = await post(call, { ip });
    expect(over.status).toBe(429);
    expect(Number(over.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(((await over.json()) as { error: { message: string } }).error.message).toMatch(/Too many requests/);
    // Shared by every web process: the count is a row, not process memory.
    expect(await db.rateLimitCounter.findUniqueOrThrow({ where: { key: `rpc:${ip}` } })).toMatchObject({ count: 41 });
    expect((await post(call, { ip: nextClient() })).status).toBe(200);
  });
});
