// Integration tests run against a real Hardhat node and a real, throwaway SQLite file, both started here.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { rpcChainId, startManaged, stopManaged, waitFor } from "../../scripts/lib/processes";
import { assertLocalTestEnv } from "../support/local-only";
import { freePort } from "../support/free-port";
import { INTEGRATION } from "../support/ports";

const root = path.resolve(import.meta.dirname, "..", "..");

export default async function setup() {
  const dir = mkdtempSync(path.join(tmpdir(), "tessera-integration-"));
  const rpcPort = await freePort();
  const rpcUrl = `http://127.0.0.1:${rpcPort}`;
  Object.assign(process.env, {
    DATABASE_URL: `file:${path.join(dir, "integration.db")}`,
    RPC_URL: rpcUrl,
    CHAIN_ID: "31337",
    APP_URL: INTEGRATION.appUrl,
    BLOB_DIR: path.join(dir, "blobs"),
    EXPORT_CACHE_DIR: path.join(dir, "exports"),
    // Tiny shards, so that every download in these tests has several.
    EXPORT_SHARD_MAX_MB: "0.004",
  });
  assertLocalTestEnv(process.env);

  const migrate = spawnSync(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), path.join(root, "scripts/migrate.ts")], {
    cwd: root,
    env: process.env,
    encoding: "utf8",
  });
  if (migrate.status !== 0) throw new Error(`migrations failed:\n${migrate.stdout}\n${migrate.stderr}`);

  const chain = startManaged(
    "chain",
    process.execPath,
    [path.join(root, "node_modules/hardhat/internal/cli/cli.js"), "node", "--hostname", "127.0.0.1", "--port", String(rpcPort), "--config", path.join(root, "hardhat.config.cjs")],
    { keepLine: (line) => /error/i.test(line) },
  );
  await waitFor("the Hardhat node", async () => (await rpcChainId(rpcUrl)) === 31337, 60_000);

  return async () => {
    await stopManaged(chain);
    rmSync(dir, { recursive: true, force: true });
  };
}
