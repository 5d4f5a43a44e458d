// The worker's export prebuilder loop, requests only (as with EXPORT_PREBUILD_FORMATS=none), in a process of its own
// started with the worker's heap cap: it builds the downloads the route server hands to it. Started by
// tests/bench/export.ts with the bench's DATABASE_URL, BLOB_DIR and EXPORT_CACHE_DIR; prints "ready" once its
// heartbeat is on disk, and on SIGTERM one JSON line: the builds it logged and its peak RSS in MB.
import { runExportPrebuilder } from "../../../lib/jobs/export-prebuilder";
import { prebuilderAlive } from "../../../lib/server/datasets/export-requests";
import { exportCache } from "../../../lib/server/datasets/version-export";
import { db } from "../../../lib/server/db";

async function main(): Promise<void> {
  const controller = new AbortController();
  process.on("SIGTERM", () => controller.abort());
  const logs: string[] = [];
  const loop = runExportPrebuilder({ formats: [], pollMs: 60_000, log: (line) => logs.push(line), signal: controller.signal });
  while (!(await prebuilderAlive(exportCache().dir))) await new Promise((resolve) => setTimeout(resolve, 10));
  console.log("ready");
  await loop;
  await db.$disconnect();
  console.log(JSON.stringify({ logs, peakRssMb: process.resourceUsage().maxRSS / 1024 }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
