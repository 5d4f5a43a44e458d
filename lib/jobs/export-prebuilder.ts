// The export prebuilder loop: builds the downloads the web process asks for (export-requests.ts) and every published
// version's downloads (prebuild-exports.ts) into the export cache, one after another, then polls for new requests
// and publications. Runs in the worker process; a crash mid-build leaves only a temporary file and a lock, which the
// next start sweeps away (a lock of a dead build is taken over long before that).
import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import type { ExportFormat } from "@/lib/domain/datasets/export/layout";
import { hasExportRequests, PREBUILDER_HEARTBEAT_MS, takeExportRequests, touchPrebuilderHeartbeat } from "@/lib/server/datasets/export-requests";
import { buildRequestedExport, prebuildNextExport, type PrebuildStep } from "@/lib/server/datasets/prebuild-exports";
import { exportCache } from "@/lib/server/datasets/version-export";

export type ExportPrebuilderOptions = { formats: readonly ExportFormat[]; pollMs: number; log: (message: string) => void; signal: AbortSignal };

/** Temporary files older than this belong to a build that died; a live one writes far more often. */
const STALE_TEMP_MS = 60 * 60 * 1000;
/** How often an idle prebuilder looks for requests: the web process waits about a second for it before building. */
const REQUEST_POLL_MS = 50;

export async function runExportPrebuilder({ formats, pollMs, log, signal }: ExportPrebuilderOptions): Promise<void> {
  const cache = exportCache();
  const skip = new Set<string>();
  try {
    const swept = await cache.sweepTemporaryFiles(STALE_TEMP_MS);
    if (swept > 0) log(`export prebuilder: removed ${swept} temporary file(s) of interrupted builds`);
  } catch (error) {
    log(`export prebuilder: could not sweep temporary files: ${message(error)}`);
  }
  const touch = () => void touchPrebuilderHeartbeat(cache.dir).catch((error: unknown) => log(`export prebuilder: heartbeat: ${message(error)}`));
  touch();
  const heartbeat = setInterval(touch, PREBUILDER_HEARTBEAT_MS);
  const report = (step: PrebuildStep, why: string): boolean => {
    if ("built" in step) {
      const { label, format, bytes, ms } = step.built;
      log(`export prebuilder: ${label} ${format} built (${why}), ${(bytes / 1e6).toFixed(1)} MB in ${ms} ms`);
    } else if ("failed" in step) {
      const { label, format, reason } = step.failed;
      log(`export prebuilder: ${label} ${format} failed (${why}) and is skipped until restart: ${reason}`);
    }
    return !("idle" in step);
  };
  try {
    while (!signal.aborted) {
      let worked = false;
      try {
        for (const request of await takeExportRequests(cache.dir)) worked = report(await buildRequestedExport(request), "asked for by a download") || worked;
        if (!worked) worked = report(await prebuildNextExport(formats, skip), "published");
      } catch (error) {
        log(`export prebuilder: ${message(error).split("\n")[0]}`);
      }
      if (worked) continue;
      // Idle: requests are looked for often, publications every pollMs.
      for (let waited = 0; waited < pollMs && !signal.aborted; waited += REQUEST_POLL_MS) {
        await sleep(REQUEST_POLL_MS, undefined, { signal }).catch(() => undefined);
        if (await hasExportRequests(cache.dir)) break;
      }
    }
  } finally {
    clearInterval(heartbeat);
  }
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));
