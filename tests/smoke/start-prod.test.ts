// `npm start` serves a production build, built only when a source changed since the last one, and its log holds what
// a newcomer needs to read: no Prisma placeholder warning, no line per chain call, and no stray database file.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { sourceHash, writeStamp } from "../../scripts/lib/build-stamp";
import { waitFor } from "../../scripts/lib/processes";
import { freePort } from "../support/free-port";

const root = path.resolve(import.meta.dirname, "..", "..");
const dir = mkdtempSync(path.join(tmpdir(), "tessera-start-prod-"));
// A real source change: a new static file in public/, which the build's stamp covers.
const marker = `smoke-${process.pid}-${Date.now()}.txt`;
const markerPath = path.join(root, "public", marker);

/** Stacks still running: a failed assertion between a start and its stop must not leave one behind. */
const running = new Set<() => Promise<unknown>>();

afterAll(async () => {
  await Promise.all([...running].map((stop) => stop()));
  rmSync(markerPath, { force: true });
  // The build made with the marker present serves the tree without it just as well: keep it current for the next
  // start instead of leaving a rebuild behind.
  if (existsSync(path.join(root, ".next", "BUILD_ID"))) writeStamp(path.join(root, ".next"), sourceHash(root));
  rmSync(dir, { recursive: true, force: true });
});

async function startStack(env: Record<string, string>, appUrl: string): Promise<{ output: () => string; stop: () => Promise<number | null> }> {
  const child = spawn(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), path.join(root, "scripts/start.ts"), "--fresh"], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  await waitFor(
    "the app's first page",
    async () => {
      if (child.exitCode !== null) throw new Error(`npm start exited early:\n${output}`);
      const response = await fetch(appUrl, { signal: AbortSignal.timeout(30_000) });
      return response.status === 200;
    },
    540_000,
    1_000,
  ).catch((error) => {
    child.kill("SIGINT");
    throw new Error(`${(error as Error).message}\n--- output ---\n${output}`);
  });
  const stop = async () => {
    running.delete(stop);
    child.kill("SIGINT");
    return exited;
  };
  running.add(stop);
  return { output: () => output, stop };
}

/** Lines a newcomer should not have to read at every start. */
function noise(output: string): string[] {
  return output
    .split("\n")
    .filter(
      (line) =>
        /will NOT be used|unused\.db|Driver Adapter via prisma\.config|telemetry/i.test(line) ||
        /^\[chain\]\s+(eth|net|evm|hardhat)_\w+/.test(line) ||
        /^\[chain\]\s+(Contract call|Contract deployment|Transaction|From|To|Gas used|Block #\d+):/.test(line),
    );
}

function strayDatabases(): string[] {
  const found: string[] = [];
  for (const folder of [root, path.join(root, "prisma"), path.join(root, "data"), path.join(root, "prisma", "data"), dir]) {
    if (!existsSync(folder)) continue;
    for (const name of readdirSync(folder)) if (name.startsWith("unused.db")) found.push(path.join(folder, name));
  }
  return found;
}

describe("npm start (production build)", () => {
  it("builds when a source changed, reuses the build when nothing did, and keeps its log quiet", async () => {
    const strayBefore = strayDatabases();
    writeFileSync(markerPath, "changed\n");
    const [appPort, rpcPort] = [await freePort(), await freePort()];
    const appUrl = `http://localhost:${appPort}`;
    const env = { DATABASE_URL: `file:${path.join(dir, "start.db")}`, RPC_URL: `http://127.0.0.1:${rpcPort}`, APP_URL: appUrl, CHAIN_ID: "31337" };

    const first = await startStack(env, appUrl);
    // Whatever the checkout held before (a stamped build, none, or one built by hand without a stamp), a changed source
    // means a build.
    expect(first.output()).toMatch(/\[web\]\s+building the production app: (sources changed since the last build|no production build yet|the build has no source stamp)/);
    expect(first.output()).toMatch(/\[web\]\s+built in \d+ s/);
    // The production server, serving the changed tree.
    expect((await fetch(`${appUrl}/${marker}`)).status).toBe(200);
    // Give the worker and a few pages time to talk to the chain, as a newcomer's first minutes would.
    for (const page of ["/", "/campaigns", "/datasets", "/campaigns/product-review-sentiment"]) expect((await fetch(`${appUrl}${page}`)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    expect(await first.stop()).toBe(0);

    const second = await startStack(env, appUrl);
    expect(second.output()).toMatch(/\[web\]\s+the production build is up to date/);
    expect(second.output()).not.toMatch(/building the production app|Creating an optimized production build/);
    expect(second.output()).toMatch(/\[web\]\s+.*Next\.js/);
    expect(await second.stop()).toBe(0);

    expect(noise(first.output() + second.output())).toEqual([]);
    expect(strayDatabases()).toEqual(strayBefore.filter((file) => existsSync(file)));
    expect(strayDatabases().filter((file) => !strayBefore.includes(file))).toEqual([]);
  });
});
