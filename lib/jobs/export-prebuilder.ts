// The export prebuilder loop: builds every published version's downloads into the export cache, one after another
// (prebuild-exports.ts), then polls for new publications. Runs in the worker process; a crash mid-build leaves only a
// temporary file, which the next start sweeps away.
import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import type { ExportFormat } from "@/lib/domain/datasets/export/layout";
import { prebuildNextExport } from "@/lib/server/datasets/prebuild-exports";
import { exportCache } from "@/lib/server/datasets/version-export";

export type ExportPrebuilderOptions = { formats: readonly ExportFormat[]; pollMs: number; log: (message: string) => void; signal: AbortSignal };

/** Temporary files older than this belong to a build that died; a live one writes far more often. */
const STALE_TEMP_MS = 60 * 60 * 1000;

export async function runExportPrebuilder({ formats, pollMs, log, signal }: ExportPrebuilderOptions): Promise<void> {
  if (formats.length === 0) return;
  const skip = new Set<string>();
  try {
    const swept = await exportCache().sweepTemporaryFiles(STALE_TEMP_MS);
    if (swept > 0) log(`export prebuilder: removed ${swept} temporary file(s) of interrupted builds`);
  } catch (error) {
    log(`export prebuilder: could not sweep temporary files: ${error instanceof Error ? error.message : String(error)}`);
  }
  while (!signal.aborted) {
    let delay = pollMs;
    try {
      const step = await prebuildNextExport(formats, skip);
      if ("built" in step) {
        const { label, format, bytes, ms } = step.built;
        log(`export prebuilder: ${label} ${format} built, ${(bytes / 1e6).toFixed(1)} MB in ${ms} ms`);
        delay = 0;
      } else if ("failed" in step) {
        const { label, format, reason } = step.failed;
        log(`export prebuilder: ${label} ${format} failed and is skipped until restart: ${reason}`);
        delay = 0;
      }
    } catch (error) {
      log(`export prebuilder: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`);
    }
    if (delay > 0) await sleep(delay, undefined, { signal }).catch(() => undefined);
  }
}
