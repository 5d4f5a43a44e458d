// `npm start` end to end: the real start script, its own Hardhat node and the dev server (`npm run dev`; the
// production build is start-prod.test.ts's), then Ctrl-C.
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { waitFor } from "../../scripts/lib/processes";
import { freePort } from "../support/free-port";

const root = path.resolve(import.meta.dirname, "..", "..");
const dir = mkdtempSync(path.join(tmpdir(), "tessera-smoke-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runStart(env: Record<string, string>) {
  const child = spawn(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), path.join(root, "scripts/start.ts"), "--dev", "--fresh"], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, exited, output: () => output };
}

function processesMentioning(marker: string): string[] {
  const ps = execFileSync("ps", ["-eo", "pid,args"], { encoding: "utf8" });
  return ps.split("\n").filter((line) => line.includes(marker) && !line.includes("ps -eo"));
}

async function listening(url: string): Promise<boolean> {
  return fetch(url, { signal: AbortSignal.timeout(1_000) }).then(
    () => true,
    () => false,
  );
}

describe("npm start", () => {
  it("brings up database, chain and web, reports healthy, and leaves nothing behind on Ctrl-C", async () => {
    const [appPort, rpcPort] = [await freePort(), await freePort()];
    const appUrl = `http://localhost:${appPort}`;
    const rpcUrl = `http://127.0.0.1:${rpcPort}`;
    const start = runStart({ DATABASE_URL: `file:${path.join(dir, "smoke.db")}`, RPC_URL: rpcUrl, APP_URL: appUrl, CHAIN_ID: "31337" });

    let health: { ok: boolean; database: { ok: boolean }; chain: { ok: boolean; detail: string } } | undefined;
    await waitFor(
      "a healthy /api/health",
      async () => {
        if (start.child.exitCode !== null) throw new Error(`npm start exited early:\n${start.output()}`);
        const response = await fetch(`${appUrl}/api/health`, { signal: AbortSignal.timeout(30_000) });
        health = (await response.json()) as typeof health;
        return response.status === 200;
      },
      300_000,
      1_000,
    ).catch((error) => {
      start.child.kill("SIGINT");
      throw new Error(`${(error as Error).message}\n--- output ---\n${start.output()}`);
    });
    expect(health).toMatchObject({ ok: true, database: { ok: true }, chain: { ok: true } });
    expect(health?.chain.detail).toMatch(/DATA at 0x[0-9a-fA-F]{40}/);
    expect(start.output()).toMatch(/\[chain\]\s+starting a Hardhat node/);
    expect(start.output()).toMatch(/\[deploy\]\s+DataToken deployed at/);

    start.child.kill("SIGINT");
    expect(await start.exited).toBe(0);
    expect(start.output()).toMatch(/no process left behind/);
    expect(await listening(`${appUrl}/api/health`)).toBe(false);
    expect(await listening(rpcUrl)).toBe(false);
    expect(processesMentioning(`--port ${rpcPort}`)).toEqual([]);
    expect(processesMentioning(`--port ${appPort}`)).toEqual([]);
  });

  it("refuses a malformed configuration at once, naming the variable", async () => {
    const start = runStart({ RPC_URL: "not-a-url", DATABASE_URL: `file:${path.join(dir, "bad.db")}` });
    expect(await start.exited).toBe(1);
    expect(start.output()).toMatch(/RPC_URL must be an http\(s\) URL \(got "not-a-url"\)/);
  });
});
