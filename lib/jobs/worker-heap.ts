// The worker process's V8 heap cap. An export build allocates a row group's objects at a time and keeps nothing, but
// V8 grows the old generation with the total allocated before it collects: uncapped, the build of a 100,000-row
// version peaked 70 MB above a 10,000-row one with no object kept alive. With the cap, garbage is collected instead
// and the peak is the same for any size (bench:export, prebuild_peak_rss_mb_*). The payout worker and the indexer
// need a few tens of MB. `npm run worker` (package.json) sets the same value.
export const WORKER_MAX_OLD_SPACE_MB = 128;

/** NODE_OPTIONS for the worker process: the caller's, plus the heap cap. */
export function workerNodeOptions(existing: string | undefined): string {
  return [existing, `--max-old-space-size=${WORKER_MAX_OLD_SPACE_MB}`].filter(Boolean).join(" ");
}
