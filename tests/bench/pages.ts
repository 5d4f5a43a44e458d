/**
 * How fast and how sound the app's pages are, as a newcomer meets them (`npm run bench:pages`).
 *
 * 1. A fresh clone: the checkout's files (git's tracked and untracked-but-not-ignored ones, so uncommitted work counts)
 *    copied to a temporary folder, with node_modules hard-linked and the generated Prisma client copied (what
 *    `npm install` leaves), no .next and no database. `scripts/start.ts --fresh` runs there on free ports; the time to
 *    the first 200 of the home page is `fresh_start_to_first_page_s` (migrations, chain, contracts, seed, the
 *    production build, `next start`). `-- --checkout` starts the checkout itself instead (its cached build).
 * 2. A published dataset version is added (tests/e2e/support/seed-purchase.ts), and Ada (contributor) and Rosalind
 *    (reviewer) sign in over HTTP with Sign-In with Ethereum, exactly as the dev wallets of the UI do.
 * 3. Lighthouse 12.8 (Debian's Chromium, headless) on the home, campaign, review, dataset card and earnings pages,
 *    with the signed-in pages' session cookie as an extra header: performance, accessibility, best practices. Mobile
 *    emulation as Lighthouse's default, with its CPU slowdown calibrated to this machine: Lighthouse's 4x assumes a
 *    host four times faster than the phone it emulates (a benchmark index of about 1,000 against the phone's 264, the
 *    figures of Chrome DevTools' CPU calibration); a shared or slower host gets index / 264 instead, at least 1x.
 * 4. The warm server response per page: the median of `--fetches` sequential fetches (whole body) after a warm-up.
 *
 * Last line: one JSON object of the figures.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { copyFileSync, createWriteStream, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import { mnemonicToAccount } from "viem/accounts";
import { createSiweMessage } from "viem/siwe";
import { DEMO_CAST, HARDHAT_MNEMONIC } from "@/lib/demo-cast";
import { waitFor } from "../../scripts/lib/processes";
import { freePort } from "../support/free-port";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const fromCheckout = args.includes("--checkout");
const fetches = option("--fetches", 10);
const runs = option("--runs", 1);
const CHROME = process.env.CHROME_PATH || process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const PHONE_BENCHMARK_INDEX = 264;
const TARGETS = { performance: 90, accessibility: 95, bestPractices: 95, warmMs: 200 };

const say = (line: string) => process.stdout.write(`${line}\n`);
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** A copy of the checkout as `git clone` + `npm install` would leave it, without .next or data. */
function freshClone(dir: string): string {
  const clone = path.join(dir, "clone");
  const listed = spawnSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: ROOT, encoding: "utf8" });
  if (listed.status !== 0) throw new Error(`git ls-files failed: ${listed.stderr}`);
  let copied = 0;
  for (const file of listed.stdout.split("\0").filter(Boolean)) {
    const from = path.join(ROOT, file);
    const to = path.join(clone, file);
    mkdirSync(path.dirname(to), { recursive: true });
    try {
      copyFileSync(from, to);
      copied++;
    } catch {
      // Listed by git but deleted in the work tree.
    }
  }
  for (const [what, argv] of [
    ["node_modules", ["-al", path.join(ROOT, "node_modules"), path.join(clone, "node_modules")]],
    ["the generated Prisma client", ["-r", path.join(ROOT, "lib", "generated"), path.join(clone, "lib", "generated")]],
  ] as const) {
    const result = spawnSync("cp", argv, { encoding: "utf8" });
    if (result.status !== 0) throw new Error(`copying ${what} failed: ${result.stderr}`);
  }
  say(`  fresh clone: ${copied} files in ${clone} (node_modules hard-linked)`);
  return clone;
}

type Stack = { child: ChildProcess; appUrl: string; env: NodeJS.ProcessEnv; firstPageS: number; stop: () => Promise<void> };

async function startStack(cwd: string, dir: string): Promise<Stack> {
  const [appPort, rpcPort] = [await freePort(), await freePort()];
  const appUrl = `http://localhost:${appPort}`;
  const env = {
    ...process.env,
    DATABASE_URL: `file:${path.join(dir, "bench.db")}`,
    BLOB_DIR: path.join(dir, "blobs"),
    EXPORT_CACHE_DIR: path.join(dir, "exports"),
    APP_URL: appUrl,
    RPC_URL: `http://127.0.0.1:${rpcPort}`,
    CHAIN_ID: "31337",
  };
  const logFile = path.join(dir, "stack.log");
  const log = createWriteStream(logFile);
  const started = Date.now();
  const child = spawn(process.execPath, [path.join(cwd, "node_modules", "tsx", "dist", "cli.mjs"), path.join(cwd, "scripts", "start.ts"), "--fresh"], {
    cwd,
    env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream! }).on("line", (line) => {
      log.write(`${line}\n`);
      if (/^\[(start|web)\]\s+(Tessera is starting|building|built in|the production build|still building \(\d*[02468]0 s\))/.test(line)) say(`  stack | ${line.replace(/\s+/, " ")}`);
    });
  }
  const stop = async () => {
    if (child.exitCode === null && child.pid !== undefined) {
      child.kill("SIGTERM");
      const timer = new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), 30_000).unref());
      if ((await Promise.race([exited, timer])) === "timeout") {
        try {
          process.kill(-child.pid, "SIGKILL");
        } catch {
          // Already gone.
        }
      }
    }
    await exited;
    log.end();
  };
  try {
    await waitFor(
      "the home page",
      async () => {
        if (child.exitCode !== null) throw new Error(`scripts/start.ts exited (code ${child.exitCode}); see ${logFile}`);
        return (await fetch(appUrl, { signal: AbortSignal.timeout(30_000) })).status === 200;
      },
      900_000,
      500,
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { child, appUrl, env, firstPageS: (Date.now() - started) / 1000, stop };
}

/** A published dataset version to show a card for; prints { versionId }. */
function seedDataset(env: NodeJS.ProcessEnv): string {
  const buyer = DEMO_CAST.find((p) => p.name === "Claude")!.address;
  const result = spawnSync(process.execPath, [path.join(ROOT, "node_modules", "tsx", "dist", "cli.mjs"), "--conditions=react-server", path.join(ROOT, "tests", "e2e", "support", "seed-purchase.ts"), buyer, "40"], {
    cwd: ROOT,
    env,
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`seeding a dataset failed: ${result.stderr}`);
  return (JSON.parse(result.stdout.trim().split("\n").pop()!) as { versionId: string }).versionId;
}

/** Signs in as a member of the demo cast the way the UI's dev wallet does; returns the session cookie. */
async function signIn(appUrl: string, name: string): Promise<string> {
  const person = DEMO_CAST.find((p) => p.name === name)!;
  const account = mnemonicToAccount(HARDHAT_MNEMONIC, { addressIndex: person.index });
  const { nonce } = (await (await fetch(`${appUrl}/api/auth/nonce`)).json()) as { nonce: string };
  const url = new URL(appUrl);
  const message = createSiweMessage({ domain: url.host, address: account.address, statement: "Sign in to Tessera.", uri: url.origin, version: "1", chainId: 31337, nonce, issuedAt: new Date() });
  const signature = await account.signMessage({ message });
  const response = await fetch(`${appUrl}/api/auth/verify`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: url.origin },
    body: JSON.stringify({ message, signature }),
  });
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith("tessera_session="));
  if (!response.ok || !cookie) throw new Error(`signing in as ${name} failed: ${response.status} ${await response.text()}`);
  return cookie.split(";")[0]!;
}

type Page = { name: string; path: string; cookie?: string };
type Scores = { performance: number; accessibility: number; bestPractices: number; failing: string[]; benchmarkIndex: number };

async function runLighthouse(port: number, url: string, cookie: string | undefined, cpuSlowdownMultiplier: number, reportFile: string): Promise<Scores> {
  const result = await lighthouse(
    url,
    { port, output: "json", logLevel: "error", onlyCategories: ["performance", "accessibility", "best-practices"], extraHeaders: cookie ? { Cookie: cookie } : undefined },
    { extends: "lighthouse:default", settings: { throttling: { rttMs: 150, throughputKbps: 1638.4, requestLatencyMs: 562.5, downloadThroughputKbps: 1474.56, uploadThroughputKbps: 675, cpuSlowdownMultiplier } } },
  );
  if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
  writeFileSync(reportFile, result.report as string);
  const { categories, audits } = result.lhr;
  if (result.lhr.runtimeError) throw new Error(`Lighthouse on ${url}: ${result.lhr.runtimeError.message}`);
  const score = (id: string) => Math.round((categories[id]?.score ?? 0) * 100);
  const failing = Object.values(audits)
    .filter((a) => a.score !== null && a.score < 0.9 && ["binary", "numeric", "metricSavings"].includes(a.scoreDisplayMode))
    .map((a) => `${a.id}${a.displayValue ? ` (${a.displayValue})` : ""}`);
  return { performance: score("performance"), accessibility: score("accessibility"), bestPractices: score("best-practices"), failing, benchmarkIndex: result.lhr.environment.benchmarkIndex };
}

async function warmResponseMs(url: string, cookie: string | undefined): Promise<number> {
  const once = async () => {
    const started = performance.now();
    const response = await fetch(url, { headers: cookie ? { cookie } : {} });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
    return performance.now() - started;
  };
  for (let i = 0; i < 3; i++) await once();
  const times: number[] = [];
  for (let i = 0; i < fetches; i++) times.push(await once());
  return median(times);
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), "tessera-bench-pages-"));
  say(`bench:pages: ${fromCheckout ? "the checkout's own stack (cached build)" : "a fresh clone"}; work folder ${dir}`);
  say("1. npm start (scripts/start.ts --fresh) on free ports");
  const cwd = fromCheckout ? ROOT : freshClone(dir);
  const stack = await startStack(cwd, dir);
  const stopOnSignal = () => void stack.stop().then(() => process.exit(130));
  process.on("SIGINT", stopOnSignal);
  process.on("SIGTERM", stopOnSignal);
  let chrome: chromeLauncher.LaunchedChrome | null = null;
  try {
    say(`  first usable page after ${stack.firstPageS.toFixed(1)} s`);
    say("2. a published dataset version; Ada and Rosalind sign in");
    const versionId = seedDataset(stack.env);
    const [ada, rosalind] = [await signIn(stack.appUrl, "Ada"), await signIn(stack.appUrl, "Rosalind")];
    const pages: Page[] = [
      { name: "home", path: "/" },
      { name: "campaign", path: "/campaigns/product-review-sentiment", cookie: ada },
      { name: "review", path: "/review", cookie: rosalind },
      { name: "dataset card", path: `/datasets/${versionId}` },
      { name: "earnings", path: "/earnings", cookie: ada },
    ];

    say("3. warm server response (median of sequential fetches after a warm-up)");
    const warm: Record<string, number> = {};
    for (const page of pages) {
      warm[page.name] = await warmResponseMs(`${stack.appUrl}${page.path}`, page.cookie);
      say(`  ${page.name.padEnd(13)} ${page.path.padEnd(40)} ${warm[page.name]!.toFixed(1)} ms`);
    }

    say(`4. Lighthouse (${CHROME}, headless, mobile emulation, ${runs} run(s) per page, median)`);
    chrome = await chromeLauncher.launch({
      chromePath: CHROME,
      chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
    });
    // Calibration, and a warm-up of the browser's caches of nothing: this run's scores are not kept.
    const calibration = await runLighthouse(chrome.port, `${stack.appUrl}/`, undefined, 1, path.join(dir, "lighthouse-calibration.json"));
    const multiplier = Math.min(4, Math.max(1, Math.round((calibration.benchmarkIndex / PHONE_BENCHMARK_INDEX) * 10) / 10));
    say(`  this machine's benchmark index: ${Math.round(calibration.benchmarkIndex)}; CPU slowdown ${multiplier}x (Lighthouse's default 4x assumes an index of about 1,000)`);
    const results: Record<string, Scores> = {};
    for (const page of pages) {
      const attempts: Scores[] = [];
      for (let run = 0; run < runs; run++) {
        const file = path.join(dir, `lighthouse-${page.name.replace(/\s+/g, "-")}-${run + 1}.json`);
        attempts.push(await runLighthouse(chrome.port, `${stack.appUrl}${page.path}`, page.cookie, multiplier, file));
      }
      const pick = (key: "performance" | "accessibility" | "bestPractices") => median(attempts.map((a) => a[key]));
      results[page.name] = { performance: pick("performance"), accessibility: pick("accessibility"), bestPractices: pick("bestPractices"), failing: attempts.at(-1)!.failing, benchmarkIndex: attempts.at(-1)!.benchmarkIndex };
      const r = results[page.name]!;
      const mark = (value: number, target: number) => `${value}${value >= target ? "" : " (below target)"}`;
      say(
        `  ${page.name.padEnd(13)} performance ${mark(r.performance, TARGETS.performance)}, accessibility ${mark(r.accessibility, TARGETS.accessibility)}, best practices ${mark(r.bestPractices, TARGETS.bestPractices)}`,
      );
      if (r.failing.length > 0) say(`    audits below 0.9: ${r.failing.join(", ")}`);
    }
    say(`  reports: ${dir}/lighthouse-*.json`);

    const all = Object.values(results);
    const figures = {
      pages: pages.length,
      lighthouse_performance_min: Math.min(...all.map((r) => r.performance)),
      lighthouse_accessibility_min: Math.min(...all.map((r) => r.accessibility)),
      lighthouse_best_practices_min: Math.min(...all.map((r) => r.bestPractices)),
      lighthouse_cpu_slowdown_x: multiplier,
      lighthouse_benchmark_index: Math.round(calibration.benchmarkIndex),
      warm_response_ms_max: Math.round(Math.max(...Object.values(warm)) * 10) / 10,
      warm_response_ms_median: Math.round(median(Object.values(warm)) * 10) / 10,
      [fromCheckout ? "checkout_start_to_first_page_s" : "fresh_start_to_first_page_s"]: Math.round(stack.firstPageS * 10) / 10,
      per_page: Object.fromEntries(pages.map((p) => [p.name.replace(/\s+/g, "_"), { ...results[p.name], failing: undefined, benchmarkIndex: undefined, warm_ms: Math.round(warm[p.name]! * 10) / 10 }])),
    };
    const met =
      figures.lighthouse_performance_min >= TARGETS.performance &&
      figures.lighthouse_accessibility_min >= TARGETS.accessibility &&
      figures.lighthouse_best_practices_min >= TARGETS.bestPractices &&
      figures.warm_response_ms_max < TARGETS.warmMs;
    say(`targets (performance >= 90, accessibility >= 95, best practices >= 95, warm < 200 ms): ${met ? "met" : "NOT met"}`);
    say(JSON.stringify({ ...figures, targets_met: met }));
  } finally {
    await chrome?.kill();
    await stack.stop();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
