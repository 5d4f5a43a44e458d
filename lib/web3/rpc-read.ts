// Chain reads for every page (the header's balance, pages that follow new blocks), sent as plain JSON-RPC to the
// app's proxy. Deliberately without viem or wagmi: those load only with a wallet action, not with each page.
import type { Address } from "viem";

type RpcAnswer = { result?: unknown; error?: { message?: string } };

async function rpcRead(method: string, params: unknown[] = []): Promise<unknown> {
  const response = await fetch("/api/rpc", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  const body = (await response.json().catch(() => ({}))) as RpcAnswer;
  if (body.error || !response.ok) throw new Error(body.error?.message ?? `The chain could not be read (status ${response.status}).`);
  return body.result;
}

function asBigint(value: unknown): bigint {
  if (typeof value !== "string" || !/^0x[0-9a-fA-F]*$/.test(value)) throw new Error("The chain answered something that is not a number.");
  return value === "0x" ? 0n : BigInt(value);
}

export async function readBlockNumber(): Promise<bigint> {
  return asBigint(await rpcRead("eth_blockNumber"));
}

/** The ERC-20 balanceOf(holder) call, encoded by hand: its selector and one address argument. */
export async function readTokenBalance(token: Address, holder: Address): Promise<bigint> {
  const data = `0x70a08231${holder.slice(2).toLowerCase().padStart(64, "0")}`;
  return asBigint(await rpcRead("eth_call", [{ to: token, data }, "latest"]));
}
