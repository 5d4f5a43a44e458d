import { defineConfig } from "@playwright/test";
import { E2E } from "./tests/support/ports";

// Debian's Chromium by default (Playwright's own browser downloads are not possible offline); CHROMIUM_PATH overrides.
const executablePath = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const baseURL = `http://localhost:${E2E.appPort}`;

export default defineConfig({
  testDir: "tests/e2e",
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
    },
  },
  projects: [{ name: "chromium", use: { browserName: "chromium" } }],
  webServer: {
    // The same start script as `npm start`, on its own ports and a fresh database, serving a production build.
    command: "node node_modules/tsx/dist/cli.mjs scripts/start.ts --prod --fresh",
    url: `${baseURL}/api/health`,
    timeout: 420_000,
    reuseExistingServer: false,
    stdout: "ignore", // the stack logs every chain call; failures show in stderr and in the trace
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 20_000 },
    env: {
      DATABASE_URL: "file:./.tessera/e2e.db",
      RPC_URL: `http://127.0.0.1:${E2E.rpcPort}`,
      CHAIN_ID: "31337",
      APP_URL: baseURL,
      // Every spec signs in from this one address, far more often in ten minutes than a person would: the suite would
      // otherwise meet the sign-in rate limit (tested on its own in the integration suite).
      NONCE_RATE_MAX: "2000",
    },
  },
});
