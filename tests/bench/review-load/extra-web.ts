// More web processes for bench:review-load: `next start` of the stack's build on ports of their own, with the stack's
// environment, so several stateless web servers share one database as DESIGN.md's "beyond one machine" has them.
import { spawn } from "node:child_process";
import path from "node:path";
import { waitFor } from "../../../scripts/lib/processes";
import { freePort } from "../../support/free-port";
import { ROOT, type Stack } from "../ingest/stack";

export type ExtraWeb = { appUrl: string; stop(): Promise<void> };

export async function startExtraWeb(stack: Stack): Promise<ExtraWeb> {
  const port = await freePort();
  const appUrl = `http://localhost:${port}`;
  const child = spawn(process.execPath, [path.join(ROOT, "node_modules", "next", "dist", "bin", "next"), "start", "--port", String(port)], {
    cwd: ROOT,
    env: stack.env,
    stdio: "ignore",
  });
  const exited = new Promise<void>((resolve) => child.on("close", () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await exited;
  };
  try {
    await waitFor(`${appUrl}/api/health`, async () => (await fetch(`${appUrl}/api/health`, { signal: AbortSignal.timeout(10_000) })).status === 200, 120_000, 500);
  } catch (error) {
    await stop();
    throw error;
  }
  return { appUrl, stop };
}
