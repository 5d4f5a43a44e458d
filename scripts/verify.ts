// npm run verify -- <download.zip> [--registry 0x… | --app <platform URL>]: checks a dataset download against its
// manifest and the Merkle root published on the platform's DatasetRegistry. The registry is the buyer's to name
// (or the platform's own record, beside the platform): the one a manifest names is only compared with it.
import path from "node:path";
import { parseArgs } from "node:util";
import { openZipArchive } from "@/lib/jobs/export/zip-archive";
import { verifyExportArchive } from "@/lib/jobs/export/verify-export";
import { db } from "@/lib/server/db";
import { publishedRootFrom, trustedRegistry, type TrustedRegistry } from "@/lib/server/datasets/published-root";

const USAGE = "usage: npm run verify -- <download.zip> [--registry <DatasetRegistry address> | --app <platform URL>]";

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({ allowPositionals: true, options: { registry: { type: "string" }, app: { type: "string" } } });
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const file = args.positionals[0];
  if (!file || args.positionals.length > 1 || (args.values.registry !== undefined && args.values.app !== undefined)) {
    console.error(USAGE);
    return 2;
  }
  let trusted: TrustedRegistry;
  try {
    trusted = await trustedRegistry({ registry: args.values.registry, appUrl: args.values.app });
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const archive = await openZipArchive(path.resolve(file)).catch((error: Error) => {
    console.error(`${file}: not a readable zip (${error.message})`);
    return null;
  });
  if (!archive) return 1;
  try {
    const report = await verifyExportArchive(archive, publishedRootFrom(trusted));
    if (report.ok) {
      const m = report.manifest!;
      console.log(`OK ${m.dataset.slug} ${m.dataset.version} (${m.format}): ${m.files.length} files, ${m.merkle.leafCount} samples`);
      console.log(`   Merkle root ${report.computedRoot} = manifest = published (${report.published?.source})`);
      if (trusted.address) console.log(`   the DatasetRegistry is ${trusted.address}, as ${trusted.source === "--registry" ? "named by --registry" : `given by ${trusted.source}`}`);
      return 0;
    }
    for (const f of report.findings) console.log(`DIFFERS ${f.file}${f.sampleId ? ` [sample ${f.sampleId}]` : ""}: ${f.problem}`);
    console.log(`${report.findings.length} problem(s) found`);
    return 1;
  } finally {
    archive.close();
  }
}

main()
  .then((code) => (process.exitCode = code))
  .catch((error: unknown) => {
    console.error("verify failed:", error instanceof Error ? error.message : error);
    process.exitCode = 1;
  })
  .finally(() => db.$disconnect());
