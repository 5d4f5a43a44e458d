// npm run verify -- <download.zip>: checks a dataset download against its manifest and its published Merkle root.
import path from "node:path";
import { openZipArchive } from "@/lib/jobs/export/zip-archive";
import { verifyExportArchive } from "@/lib/jobs/export/verify-export";
import { db } from "@/lib/server/db";
import { publishedRoot } from "@/lib/server/datasets/published-root";

async function main(): Promise<number> {
  const file = process.argv[2];
  if (!file) {
    console.error("usage: npm run verify -- <download.zip>");
    return 2;
  }
  const archive = await openZipArchive(path.resolve(file)).catch((error: Error) => {
    console.error(`${file}: not a readable zip (${error.message})`);
    return null;
  });
  if (!archive) return 1;
  try {
    const report = await verifyExportArchive(archive, publishedRoot);
    if (report.ok) {
      const m = report.manifest!;
      console.log(`OK ${m.dataset.slug} ${m.dataset.version} (${m.format}): ${m.files.length} files, ${m.merkle.leafCount} samples`);
      console.log(`   Merkle root ${report.computedRoot} = manifest = published (${report.published?.source})`);
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
