// One version's downloads built into the export cache as the worker's prebuilder builds them (startExportBuild),
// in a process of its own started with the worker's heap cap, so that its peak RSS is the build's alone. Started by
// tests/bench/export.ts with the bench's DATABASE_URL, BLOB_DIR and EXPORT_CACHE_DIR and a version id; prints one
// JSON line: milliseconds per format and the peak RSS in MB.
import { EXPORT_FORMATS } from "../../../lib/domain/datasets/export/layout";
import { db } from "../../../lib/server/db";
import { EXPORTABLE_VERSION_SELECT, isExportable, startExportBuild } from "../../../lib/server/datasets/version-export";

async function main(): Promise<void> {
  const versionId = process.argv[2]!;
  const version = await db.datasetVersion.findUnique({ where: { id: versionId }, select: EXPORTABLE_VERSION_SELECT });
  if (!isExportable(version)) throw new Error(`${versionId} is not a published version`);
  const ms: Record<string, number> = {};
  for (const format of EXPORT_FORMATS) {
    const started = performance.now();
    await (await startExportBuild(version, format)).done;
    ms[format] = Math.round(performance.now() - started);
  }
  await db.$disconnect();
  console.log(JSON.stringify({ ms, peakRssMb: process.resourceUsage().maxRSS / 1024 }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
