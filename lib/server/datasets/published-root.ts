import "server-only";
import type { PublishedRoot } from "@/lib/jobs/export/verify-export";
import type { TExportManifest } from "@/lib/schemas/export-manifest";
import { db } from "@/lib/server/db";

/**
 * The root a version was published with. Until the DatasetRegistry contract and its typed ABI are part of this
 * build, the only record is the DatasetVersion row the publish step wrote; the verifier says which one it used.
 */
export async function publishedRoot(manifest: TExportManifest): Promise<PublishedRoot> {
  const row = await db.datasetVersion.findUnique({ where: { id: manifest.dataset.versionId }, select: { merkleRoot: true, status: true } });
  const source = "the platform database (DatasetVersion.merkleRoot): no DatasetRegistry ABI in this build";
  return { root: row?.status === "PUBLISHED" ? row.merkleRoot : null, source };
}
