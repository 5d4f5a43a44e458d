// `npm start`: the whole local stack from one terminal. Migrates the database, starts a Hardhat node (or reuses one
// already listening on RPC_URL), compiles and deploys the contracts (idempotent), seeds demo data, starts the payout
// worker, then serves the app: a production build (`next start`), built only when the sources changed since the last
// build (scripts/lib/build-stamp.ts).
// Ctrl-C stops everything this script started, and nothing else.
//   --rebuild  build even though the last build is current
//   --dev      serve the dev server (`next dev`, hot reload) instead; `npm run dev`
//   --fresh    delete the SQLite file and the export cache first (tests use this for a clean database)
//   --prod     the default; still accepted
import { rmSync } from "node:fs";
import path from "node:path";
import { getEnv } from "@/lib/env";
import { chainLogFilter } from "./lib/chain-log";
import { buildState, clearStamp, sourceHash, writeStamp } from "./lib/build-stamp";
import { workerNodeOptions } from "@/lib/jobs/worker-heap";
import { log, rpcChainId, runStep, startManaged, stopAll, waitFor } from "./lib/processes";

const root = path.resolve(import.meta.dirname, "..");
const node = process.execPath;
const bin = {
  tsx: path.join(root, "node_modules", "tsx", "dist", "cli.mjs"),
  next: path.join(root, "node_modules", "next", "dist", "bin", "next"),
  hardhat: path.join(root, "node_modules", "hardhat", "internal", "cli", "cli.js"),
};
const tsx = (script: string, ...args: string[]) => [bin.tsx, "--conditions=react-server", path.join(root, script), ...args];

let stopping = false;

async function shutdown(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    log("start", "stopping…");
    await stopAll();
    log("start", "stopped; no process left behind");
  }
  process.exit(code);
}

async function ensureChain(rpcUrl: string, chainId: number): Promise<void> {
  const running = await rpcChainId(rpcUrl);
  if (running !== null) {
    if (running !== chainId) throw new Error(`the node at RPC_URL=${rpcUrl} runs chain ${running}, but CHAIN_ID is ${chainId}`);
    log("chain", `reusing the node already running at ${rpcUrl}`);
    return;
  }
  const url = new URL(rpcUrl);
  if (!["127.0.0.1", "localhost", "[::1]"].includes(url.hostname)) {
    throw new Error(`no node answers at RPC_URL=${rpcUrl}, and only a local one can be started here`);
  }
  const port = url.port || "8545";
  log("chain", `starting a Hardhat node on 127.0.0.1:${port}`);
  const chain = startManaged("chain", node, [bin.hardhat, "node", "--hostname", "127.0.0.1", "--port", port, "--config", path.join(root, "hardhat.config.cjs")], {
    filterLines: chainLogFilter(),
  });
  chain.exited.then((code) => !stopping && (log("chain", `the node exited (code ${code})`), shutdown(1)));
  await waitFor("the Hardhat node", async () => (await rpcChainId(rpcUrl)) === chainId, 60_000);
}

/** Runs `next build` unless .next already holds the build of these sources; prints why it builds and how long. */
async function ensureBuild(force: boolean): Promise<void> {
  const distDir = path.join(root, ".next");
  // Hashed before the build: a source edited while it runs makes the next start build again.
  const hash = sourceHash(root);
  const state = buildState(root, distDir, hash);
  if (state.current && !force) {
    log("web", "the production build is up to date with the sources (npm start -- --rebuild forces a new one)");
    return;
  }
  log("web", `building the production app: ${state.current ? "--rebuild asked for it" : state.reason}. This takes a few minutes; the build's own steps follow.`);
  clearStamp(distDir);
  const started = Date.now();
  const ticker = setInterval(() => log("web", `still building (${Math.round((Date.now() - started) / 1000)} s)…`), 20_000);
  try {
    await runStep("web", node, [bin.next, "build"]);
  } finally {
    clearInterval(ticker);
  }
  writeStamp(distDir, hash);
  log("web", `built in ${Math.round((Date.now() - started) / 1000)} s; the next start reuses this build until a source changes`);
}

async function main(): Promise<void> {
  const args = new Set(process.argv.slice(2));
  // Next's first-run notice about anonymous telemetry: nothing here should report anywhere.
  process.env.NEXT_TELEMETRY_DISABLED ??= "1";
  const unknown = [...args].filter((arg) => !["--rebuild", "--dev", "--fresh", "--prod"].includes(arg));
  if (unknown.length > 0) throw new Error(`unknown option ${unknown.join(", ")} (known: --rebuild, --dev, --fresh)`);
  const env = getEnv();
  const port = new URL(env.appUrl).port || "3000";
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));
  process.on("SIGHUP", () => void shutdown(0));

  if (args.has("--fresh")) {
    const file = path.resolve(root, env.databaseUrl.replace(/^file:/, ""));
    for (const suffix of ["", "-wal", "-shm"]) rmSync(`${file}${suffix}`, { force: true });
    // Cached downloads belong to the versions of the database just removed.
    const exports = path.resolve(root, env.exportCacheDir);
    rmSync(exports, { recursive: true, force: true });
    log("start", `removed ${path.relative(root, file)} and the export cache ${path.relative(root, exports)}`);
  }

  await runStep("migrate", node, tsx("scripts/migrate.ts"));
  await ensureChain(env.rpcUrl, env.chainId);
  await runStep("contracts", node, tsx("scripts/compile-contracts.ts"));
  await runStep("deploy", node, tsx("scripts/deploy.ts"));
  await runStep("seed", node, tsx("prisma/seed.ts"));

  // Started before a production build so that payouts flow while it compiles. It never exits on its own (it backs
  // off on errors), so an exit is a real failure and stops the stack like the web server's would.
  const worker = startManaged("worker", node, tsx("scripts/worker.ts"), { env: { ...process.env, NODE_OPTIONS: workerNodeOptions(process.env.NODE_OPTIONS) } });
  worker.exited.then((code) => !stopping && (log("worker", `the payout worker exited (code ${code})`), shutdown(1)));

  const dev = args.has("--dev");
  if (!dev) await ensureBuild(args.has("--rebuild"));
  const web = startManaged("web", node, [bin.next, dev ? "dev" : "start", "--port", port]);
  web.exited.then((code) => !stopping && (log("web", `the web server exited (code ${code})`), shutdown(1)));
  log("start", `Tessera is starting on ${env.appUrl} (health: ${env.appUrl}/api/health). Ctrl-C stops everything.`);
}

main().catch((error) => {
  log("start", `failed: ${error instanceof Error ? error.message : String(error)}`);
  void shutdown(1);
});
