// Runs test-only scripts against the e2e stack's database through the real services (tests/e2e/support/*.ts, with
// tsx --conditions=react-server). The settings mirror playwright.config.ts's webServer env.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { E2E } from "../../support/ports";

const root = path.resolve(import.meta.dirname, "..", "..", "..");
export const E2E_RPC_URL = `http://127.0.0.1:${E2E.rpcPort}`;

/** Runs a TypeScript script of the repo against the e2e stack's database and chain; returns what it printed. */
export function runTsx(script: string, args: string[]): string {
  return execFileSync(
    process.execPath,
    [path.join(root, "node_modules/tsx/dist/cli.mjs"), "--conditions=react-server", path.join(root, script), ...args],
    {
      cwd: root,
      encoding: "utf8",
      env: { ...process.env, DATABASE_URL: "file:./.tessera/e2e.db", RPC_URL: E2E_RPC_URL, CHAIN_ID: "31337", APP_URL: `http://localhost:${E2E.appPort}` },
    },
  );
}

/** Runs a support script against the e2e stack; returns the JSON of its last output line. */
export function runSupportScript(script: string, args: string[]): unknown {
  return JSON.parse(runTsx(script, args).trim().split("\n").at(-1)!) as unknown;
}

/** Earns one accepted-sample reward for a wallet through earnPayouts, skipping review (for tests of what follows). */
export function earnPayout(address: string, amountData: string, subjectId: string, campaignSlug?: string): { id: string; status: string } {
  return runSupportScript("tests/e2e/support/earn-payout.ts", [address, amountData, subjectId, ...(campaignSlug ? [campaignSlug] : [])]) as { id: string; status: string };
}

/** Makes wallets reviewers of one campaign only (CampaignReviewer rows, as an admin or a passed quiz grants them). */
export function grantCampaignReviewers(slug: string, addresses: string[]): { campaignId: string } {
  return runSupportScript("tests/e2e/support/grant-campaign-reviewer.ts", [slug, ...addresses]) as { campaignId: string };
}

/** The receipt status of a transaction, asked of the e2e chain directly. */
export async function receiptStatus(hash: string): Promise<string | null> {
  const response = await fetch(E2E_RPC_URL, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_getTransactionReceipt", params: [hash] }),
  });
  const body = (await response.json()) as { result: { status: string } | null };
  return body.result?.status ?? null;
}
