import { parseUnits } from "viem";
import { beforeEach, describe, expect, it } from "vitest";
import { GET as healthRoute } from "@/app/api/health/route";
import { createPayoutWalletClient, createTesseraPublicClient } from "@/lib/chain/clients";
import { dataBalanceOf, mintData } from "@/lib/chain/token";
import { db } from "@/lib/server/db";
import { ensureDataTokenDeployment } from "@/lib/server/ensure-deployment";
import { resetDb } from "../support/db-reset";

const publicClient = createTesseraPublicClient();

async function resetChain() {
  await publicClient.request({ method: "hardhat_reset" as never, params: [] as never });
}

beforeEach(async () => {
  await resetDb();
  await resetChain();
});

type HealthBody = { ok: boolean; database: { ok: boolean }; chain: { ok: boolean; detail: string } };

describe("contract deployment on start", () => {
  it("deploys once, then reuses the deployment while the chain still has it", async () => {
    const first = await ensureDataTokenDeployment();
    expect(first.reused).toBe(false);
    const second = await ensureDataTokenDeployment();
    expect(second).toEqual({ ...first, reused: true });
    expect(await db.contractDeployment.count()).toBe(1);
  });

  it("redeploys when the chain is new, and the health check tells a reset chain apart", async () => {
    await ensureDataTokenDeployment();
    const healthy = await healthRoute();
    expect(healthy.status).toBe(200);
    expect(((await healthy.json()) as HealthBody).chain.detail).toMatch(/DATA at 0x/);

    await resetChain();
    const afterReset = await healthRoute();
    expect(afterReset.status).toBe(503);
    expect((await afterReset.json()) as HealthBody).toMatchObject({ ok: false, database: { ok: true }, chain: { ok: false } });

    const again = await ensureDataTokenDeployment();
    expect(again.reused).toBe(false);
    expect((await healthRoute()).status).toBe(200);
  });

  it("mints through the MINTER role with a checked receipt", async () => {
    const { address } = await ensureDataTokenDeployment();
    const walletClient = createPayoutWalletClient();
    const to = "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65";
    await mintData({ publicClient, walletClient }, address, to, parseUnits("3", 18));
    expect(await dataBalanceOf(publicClient, address, to)).toBe(parseUnits("3", 18));
  });

  it("reports the chain as down, not the whole app, when no deployment is recorded", async () => {
    const response = await healthRoute();
    expect(response.status).toBe(503);
    const body = (await response.json()) as HealthBody;
    expect(body.database.ok).toBe(true);
    expect(body.chain.detail).toMatch(/not deployed yet/);
  });
});
