import "server-only";
import type { Readable } from "node:stream";
import type { ExportSource } from "@/lib/domain/datasets/export/rows";
import { AppError } from "@/lib/errors";
import type { ExportRowSource } from "@/lib/jobs/export/build-export-zip";
import { db } from "@/lib/server/db";
import type { StorageProvider } from "@/lib/server/storage/storage-provider";

/**
 * A published version's rows straight from its frozen membership, in position order, `pageRows` at a time (keyset
 * on position, so every page costs the same however deep it is), and its media through the storage provider.
 */
export function versionExportSource(versionId: string, storage: StorageProvider, pageRows: number): ExportRowSource {
  return {
    async *rows(): AsyncGenerator<ExportSource> {
      let after = -1;
      for (;;) {
        const page = await db.datasetVersionSample.findMany({
          where: { versionId, position: { gt: after } },
          orderBy: { position: "asc" },
          take: pageRows,
          select: {
            position: true, sampleId: true, labelJson: true, contentHash: true, contributor: true,
            sample: { select: { textContent: true, mimeType: true, posterior: true, blobKey: true } },
          },
        });
        for (const r of page) {
          yield {
            sampleId: r.sampleId,
            labelJson: r.labelJson,
            contentSha256: r.contentHash,
            contributor: r.contributor,
            posterior: r.sample.posterior,
            text: r.sample.blobKey ? null : r.sample.textContent,
            mimeType: r.sample.mimeType,
          };
        }
        if (page.length < pageRows) return;
        after = page[page.length - 1]!.position;
      }
    },
    async openMedia(contentSha256: string): Promise<Readable> {
      const blob = await storage.get(contentSha256);
      if (!blob) throw new AppError("INTERNAL", `The stored file ${contentSha256} of this version is missing.`);
      return blob.stream;
    },
  };
}
