import "server-only";
import { getEnv } from "@/lib/env";
import { createTesseraPublicClient } from "@/lib/chain/clients";
import { db } from "@/lib/server/db";
import { findDeployment } from "@/lib/server/deployments";

export type DependencyHealth = { ok: boolean; detail: string; latencyMs: number };
export type Health = { ok: boolean; database: DependencyHealth; chain: DependencyHealth };

async function timed(check: () => Promise<string>): Promise<DependencyHealth> {
  const started = performance.now();
  try {
    const detail = await check();
    return { ok: true, detail, latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    const detail = error instanceof Error ? (error as { shortMessage?: string }).shortMessage ?? error.message : String(error);
    return { ok: false, detail, latencyMs: Math.round(performance.now() - started) };
  }
}

/** Reachability of the database and the chain, and whether the token contract is deployed where we recorded it. */
export async function checkHealth(): Promise<Health> {
  const env = getEnv();
  const [database, chain] = await Promise.all([
    timed(async () => {
      await db.$queryRawUnsafe("SELECT 1");
      return "reachable";
    }),
    timed(async () => {
      const client = createTesseraPublicClient();
      const chainId = await client.getChainId();
      if (chainId !== env.chainId) throw new Error(`RPC reports chain ${chainId}, configured ${env.chainId}`);
      const block = await client.getBlockNumber();
      const token = await findDeployment("DataToken");
      if (!token) throw new Error("DataToken is not deployed yet (run npm start or npm run deploy)");
      const code = await client.getCode({ address: token.address });
      if (!code || code === "0x") throw new Error(`no contract at ${token.address}: the chain was reset; redeploy`);
      return `chain ${chainId} at block ${block}, DATA at ${token.address}`;
    }),
  ]);
  return { ok: database.ok && chain.ok, database, chain };
}
